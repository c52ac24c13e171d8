import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, type ErrorBody } from '../../protocol/index.ts';
import {
  InProcessBus,
  type DeviceBus,
  type DeviceMessage,
  type DeviceMessageHandler,
} from '../push/device-bus.ts';
import { DEMO } from '../seed.ts';
import { depositHook, startBackend, TestDevice, type Harness } from '../../tests/helpers/backend/harness.ts';

const { maryPhone, livingRoom } = DEMO.devices;

/** One sample of a Prometheus text exposition: `name{a="x",b="y"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sample with exactly these labels (0 when the series has not appeared yet, as Prometheus reads it). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const found = samples.find(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  );
  return found?.value ?? 0;
}

async function scrape(h: Harness, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await fetch(`${h.url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The in-process bus, made to lose events while `losing` and to report a reconnect when told (as Redis's does). */
class LosingBus implements DeviceBus {
  readonly lossy = false;
  losing = false;
  private readonly bus = new InProcessBus();
  private readonly gapListeners = new Set<() => void>();

  publish(deviceId: string, message: DeviceMessage): Promise<void> {
    return this.losing && message.kind === 'entry' ? Promise.resolve() : this.bus.publish(deviceId, message);
  }

  subscribe(deviceId: string, handler: DeviceMessageHandler): Promise<() => void> {
    return this.bus.subscribe(deviceId, handler);
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  reconnected(): void {
    for (const listener of this.gapListeners) listener();
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}

describe('/metrics: what operators watch, moved by a real flow', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('a deposit reaches a TV on its socket and is acknowledged: handshakes, published, sent, acked, backlog and latency follow', async () => {
    h = await startBackend();
    const before = await scrape(h);
    assert.equal(value(before, 'couchline_push_delivery_seconds_count'), 0);
    assert.equal(value(before, 'couchline_outbox_depth'), 0);

    // A token that is no one's is refused at hello, with its reason.
    const stranger = await TestDevice.open(h.wsUrl);
    stranger.send({ type: 'hello', v: 1, token: 'x'.repeat(43), lastSeq: 0 });
    await stranger.waitForClose();

    const tv = await TestDevice.connect(h.wsUrl, await h.app.tokens.issue(livingRoom.id));
    const recipients = await depositHook(h, 'm-metrics', maryPhone.phoneNumber);
    assert.ok(recipients.includes(livingRoom.id) && recipients.includes(maryPhone.id), String(recipients));
    const event = await tv.next((f) => f.type === 'event');
    assert.equal(event.type, 'event');
    const deposited = await scrape(h);
    // Every recipient's outbox got the alert; only the TV's socket was open to send it on.
    assert.equal(
      value(deposited, 'couchline_events_published_total', { event: 'voicemail.new' }),
      recipients.length,
    );
    assert.equal(value(deposited, 'couchline_outbox_depth'), recipients.length);
    assert.ok(value(deposited, 'couchline_outbox_oldest_age_seconds') >= 0);
    assert.equal(value(deposited, 'couchline_push_events_sent_total', { path: 'live' }), 1);
    assert.equal(value(deposited, 'couchline_push_events_acked_total'), 0);

    // The same deposit again while the alert waits in the outboxes: nothing is queued twice, counted apart.
    await depositHook(h, 'm-metrics', maryPhone.phoneNumber);
    tv.send({ type: 'ack', seq: event.type === 'event' ? event.seq : 0 });
    await until(
      async () => (await h.store.outbox.pending(livingRoom.id, 0, Date.now())).length === 0,
      'the acknowledgement',
    );
    // Mary's phone comes online later: its alert is a replay, which is not webhook → socket latency.
    const phone = await TestDevice.connect(h.wsUrl, await h.app.tokens.issue(maryPhone.id));
    await phone.next((f) => f.type === 'event');

    const after = await scrape(h);
    assert.equal(value(after, 'couchline_push_handshakes_total', { result: 'accepted' }), 2);
    assert.equal(
      value(after, 'couchline_push_handshakes_total', {
        result: 'refused',
        reason: ErrorCode.AuthInvalidToken,
      }),
      1,
    );
    assert.equal(value(after, 'couchline_push_sockets', { state: 'authenticated' }), 2);
    assert.equal(value(after, 'couchline_push_sockets', { state: 'open' }), 2);
    assert.equal(value(after, 'couchline_push_events_acked_total'), 1);
    assert.equal(value(after, 'couchline_push_events_sent_total', { path: 'live' }), 1);
    assert.equal(value(after, 'couchline_push_events_sent_total', { path: 'replay' }), 1);
    assert.equal(
      value(after, 'couchline_events_published_total', { event: 'voicemail.new' }),
      recipients.length,
    );
    assert.equal(value(after, 'couchline_events_duplicate_total'), recipients.length);
    assert.equal(value(after, 'couchline_outbox_depth'), recipients.length - 1);
    // One live send observed, well within the largest bucket, counted in every bucket from its own up.
    assert.equal(value(after, 'couchline_push_delivery_seconds_count'), 1);
    const seconds = value(after, 'couchline_push_delivery_seconds_sum');
    assert.ok(seconds >= 0 && seconds < 1, `latency ${seconds} s`);
    assert.equal(value(after, 'couchline_push_delivery_seconds_bucket', { le: '1' }), 1);
    assert.equal(value(after, 'couchline_push_delivery_seconds_bucket', { le: '+Inf' }), 1);
    // The process's own figures are there too (memory per connection comes from these).
    assert.ok(value(after, 'process_resident_memory_bytes') > 0);
    assert.equal(value(after, 'couchline_bus_reconnects_total'), 0);
    // No household data: no label names a device, a household or a phone number.
    const labelValues = after.flatMap((s) => Object.values(s.labels)).join(' ');
    for (const secret of [livingRoom.id, maryPhone.id, DEMO.householdId, maryPhone.phoneNumber]) {
      assert.ok(!labelValues.includes(secret), secret);
    }
    tv.socket.close();
    phone.socket.close();
  });

  test('a bus that lost a message and reconnected: the gateway fills the gap, counted as a reconnect and a gap fill', async () => {
    const bus = new LosingBus();
    h = await startBackend({ bus });
    const tv = await TestDevice.connect(h.wsUrl, await h.app.tokens.issue(livingRoom.id));
    bus.losing = true;
    await depositHook(h, 'm-lost', maryPhone.phoneNumber);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(tv.events().length, 0);
    bus.losing = false;
    bus.reconnected();
    await tv.next((f) => f.type === 'event');
    const samples = await scrape(h);
    assert.equal(value(samples, 'couchline_bus_reconnects_total'), 1);
    assert.equal(value(samples, 'couchline_push_events_sent_total', { path: 'gap-fill' }), 1);
    assert.equal(value(samples, 'couchline_push_events_sent_total', { path: 'live' }), 0);
    assert.equal(value(samples, 'couchline_push_delivery_seconds_count'), 1);
    tv.socket.close();
    await bus.close();
  });

  test('wrong PINs up to the lock: each answer refused because the PIN is locked counts as a PIN lockout', async () => {
    h = await startBackend();
    assert.deepEqual(await h.sim.pins.setPin(maryPhone.phoneNumber, '8264', undefined), { ok: true });
    const token = await h.app.tokens.issue(livingRoom.id);
    await depositHook(h, 'm-pin', maryPhone.phoneNumber);
    let locked = 0;
    for (let i = 0; i < 7; i++) {
      const res = await h.app.http.request('/api/voicemail/m-pin/unlock', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ pin: '1111', intent: 'delete' }),
      });
      const body = (await res.json()) as ErrorBody;
      if (body.error.code === ErrorCode.PinLocked) locked++;
    }
    assert.ok(locked >= 2, `${locked} locked answers`);
    const samples = await scrape(h);
    assert.equal(value(samples, 'couchline_lockouts_total', { secret: 'pin' }), locked);
    assert.equal(value(samples, 'couchline_lockouts_total', { secret: 'login' }), 0);
  });

  test('with COUCHLINE_METRICS_TOKEN set, a scrape without the bearer token gets 401', async () => {
    h = await startBackend({ metricsToken: 'scrape-secret' });
    assert.equal((await fetch(`${h.url}/metrics`)).status, 401);
    const wrong = await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const samples = await scrape(h, { authorization: 'Bearer scrape-secret' });
    assert.equal(value(samples, 'couchline_push_sockets', { state: 'open' }), 0);
  });
});
