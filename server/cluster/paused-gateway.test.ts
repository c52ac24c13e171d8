import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { HouseholdDeviceList } from '../../protocol/index.ts';
import { startBackendProcess, type BackendProcess } from '../../scripts/cluster/backend-process.ts';
import { FrontDoor } from '../../scripts/cluster/front-door.ts';
import { deployment, depositAt } from '../../tests/helpers/backend/deployment.ts';
import { engineFromEnvironment } from '../../tests/helpers/backend/engines.ts';
import { TestDevice } from '../../tests/helpers/backend/harness.ts';
import { startRedis } from '../../tests/helpers/backend/redis.ts';
import { DeviceTokens } from '../identity/tokens.ts';
import { DEMO } from '../seed.ts';

const engine = engineFromEnvironment();
const STB = DEMO.devices.livingRoom.id;
/** The device pings this often; two intervals without an answer and it gives the path up, as the TV app does. */
const HEARTBEAT_MS = 500;

const seqs = (device: TestDevice) => device.events().map((e) => e.seq);

async function eventsUntil(device: TestDevice, count: number, ms = 8000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (device.events().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return seqs(device);
}

/**
 * A gateway that stops answering without dying — SIGSTOP: a process swapped out, frozen by a debugger, a VM paused.
 * Its sockets stay open at the TCP level, so nothing closes them: the device has to notice the silence (its pings go
 * unanswered) and come back through the front door, which must send it elsewhere because the frozen gateway's
 * `/readyz` no longer answers. When the gateway wakes up it must not send anything twice or take the device back.
 */
describe(`a paused gateway (SIGSTOP): its devices move and catch up (Redis, one ${engine.name} database)`, () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  const track = <T>(thing: T, close: (thing: T) => Promise<unknown>): T => {
    closers.push(() => close(thing));
    return thing;
  };

  test('the device notices, the front door sends it to the other gateway, which replays after lastSeq; the woken one sends nothing', async () => {
    const redis = track(await startRedis(), (r) => r.stop());
    const { location, env } = await deployment(engine, redis.url);
    const api = track(await startBackendProcess({ env: { ...env, COUCHLINE_ROLES: 'api' } }), (p) =>
      p.stop(),
    );
    const gateway = () =>
      startBackendProcess({
        env: { ...env, COUCHLINE_ROLES: 'gateway', COUCHLINE_HEARTBEAT_MS: String(HEARTBEAT_MS) },
      });
    const paused: BackendProcess = track(await gateway(), async (p) => {
      process.kill(p.pid, 'SIGCONT'); // a stopped process does not act on SIGTERM until it runs again
      await p.stop();
    });
    const other = track(await gateway(), (p) => p.stop());
    const door = track(
      new FrontDoor({ api: [api.url], gateways: [paused.url, other.url], healthEveryMs: 60_000 }),
      (d) => d.close(),
    );
    const doorUrl = await door.listen(0);
    const store = track(await engine.open(location), (s) => s.close());
    const tokens = new DeviceTokens(store);
    const token = await tokens.issue(STB);

    // On the gateway that will freeze: one voicemail shown and acknowledged.
    const first = track(await TestDevice.connect(`${paused.url.replace('http', 'ws')}/push`, token), (d) =>
      d.close(),
    );
    const welcome = await first.next((f) => f.type === 'welcome');
    const epoch = welcome.type === 'welcome' ? welcome.epoch : '';
    assert.equal((await depositAt(api, 'm1')).status, 202);
    assert.deepEqual(await eventsUntil(first, 1), [1]);
    first.send({ type: 'ack', seq: 1 });
    // A ping answered: the barrier after which the ack has been read.
    first.send({ type: 'ping', t: 1 });
    await first.next((f) => f.type === 'pong' && f.t === 1);

    process.kill(paused.pid, 'SIGSTOP');
    for (const id of ['m2', 'm3']) assert.equal((await depositAt(api, id)).status, 202);

    // The device's heartbeat: two intervals without a pong and it gives the socket up.
    first.send({ type: 'ping', t: 2 });
    await assert.rejects(first.next((f) => f.type === 'pong' && f.t === 2, 2 * HEARTBEAT_MS));
    first.socket.terminate();
    // The door asks every gateway; the frozen one does not answer in time and is passed over.
    await door.checkHealth();

    const moved = track(
      await TestDevice.connect(`${doorUrl.replace('http', 'ws')}/push`, token, 1, epoch),
      (d) => d.close(),
    );
    assert.deepEqual(await eventsUntil(moved, 2), [2, 3], 'replayed after lastSeq 1 by the other gateway');
    assert.equal((await depositAt(api, 'm4')).status, 202);
    assert.deepEqual(await eventsUntil(moved, 3), [2, 3, 4], 'then live');

    // The frozen gateway wakes up with the deposits' bus messages and B's takeover waiting for it.
    process.kill(paused.pid, 'SIGCONT');
    const awake = await fetch(`${paused.url}/healthz`);
    assert.equal(awake.status, 200);
    assert.equal((await depositAt(api, 'm5')).status, 202);
    assert.deepEqual(await eventsUntil(moved, 4), [2, 3, 4, 5]);
    // Barrier: one more after the woken gateway has had the time to act on everything it had missed.
    const ping = async (t: number) => {
      moved.send({ type: 'ping', t });
      await moved.next((f) => f.type === 'pong' && f.t === t);
    };
    await ping(3);
    assert.equal((await depositAt(api, 'm6')).status, 202);
    assert.deepEqual(await eventsUntil(moved, 5), [2, 3, 4, 5, 6], 'each once, in order');
    await ping(4);
    assert.deepEqual(seqs(moved), [2, 3, 4, 5, 6]);
    assert.deepEqual(seqs(first), [1], 'nothing reached the old socket');
    assert.equal(moved.closeCode, undefined, 'the woken gateway did not take the device back');

    // The devices page (API process) still sees the TV online: the woken gateway left the other's presence alone.
    const phone = await tokens.issue(DEMO.devices.maryPhone.id);
    const res = await fetch(`${api.url}/api/household/devices`, {
      headers: { authorization: `Bearer ${phone}` },
    });
    const list = (await res.json()) as HouseholdDeviceList;
    assert.equal(list.devices.find((d) => d.id === STB)?.online, true);
  });
});
