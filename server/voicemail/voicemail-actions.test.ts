import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, type ErrorBody, type UnlockResponse, type VoicemailList } from '../../protocol/index.ts';
import { createMemoryLogger, silentLogger } from '../log.ts';
import { Transcoder } from '../transcoder/transcoder.ts';
import { DEMO } from '../seed.ts';
import { soxTone } from '../../tests/helpers/backend/audio-fixtures.ts';
import { isRunning } from '../../scripts/cluster/local-engines.ts';
import { childPids, commandLine } from '../../tests/helpers/backend/child-processes.ts';
import {
  leaveVoicemail,
  settle,
  startBackend,
  TEST_WEBHOOK_SECRET,
  type Harness,
} from '../../tests/helpers/backend/harness.ts';
import { signedWebhookHeaders } from './webhook-signature.ts';

const PIN = '8264';
const { maryPhone, livingRoom, bedroom, simonPhone } = DEMO.devices;

describe('voicemail actions: device → our proxy → carrier', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function setup(options: Parameters<typeof startBackend>[0] = {}) {
    h = await startBackend(options);
    assert.deepEqual(await h.sim.pins.setPin(maryPhone.phoneNumber, PIN, undefined), { ok: true });
    const tokens = {
      tv: await h.app.tokens.issue(livingRoom.id),
      phone: await h.app.tokens.issue(maryPhone.id),
      bedroom: await h.app.tokens.issue(bedroom.id),
      simon: await h.app.tokens.issue(simonPhone.id),
    };
    return tokens;
  }

  /** A caller leaves a 2 s message for Mary through the carrier simulator's real HTTP interface. */
  const leaveMessage = () => leaveVoicemail(h.simUrl, maryPhone.phoneNumber);

  const api = (token: string | null, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${h.url}/api/voicemail${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;
  const updatesFor = async (deviceId: string) =>
    (await h.store.outbox.pending(deviceId, 0, Date.now()))
      .filter((e) => e.name === 'voicemail.updated')
      .map((e) => JSON.parse(e.data) as { state: string; byDeviceId: string; byDeviceName?: string });

  test('the living-room TV lists Mary’s messages; the bedroom TV, which does not follow her, sees none', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    const list = (await (await api(tokens.tv, '/')).json()) as VoicemailList;
    assert.deepEqual(
      list.messages.map((m) => [m.id, m.callerName, m.folder, m.format, m.durationSec]),
      [[id, 'Jane', 'new', 'amr-nb', 2]],
    );
    assert.deepEqual(((await (await api(tokens.bedroom, '/')).json()) as VoicemailList).messages, []);
  });

  test('no device token, or a bad one, is refused', async () => {
    await setup();
    for (const token of [null, 'not-a-token']) {
      const response = await api(token, '/');
      assert.equal(response.status, 401);
      assert.equal((await errorOf(response)).code, ErrorCode.AuthInvalidDevice);
    }
  });

  test('listen: the right PIN opens a session whose audio streams as AAC; the message is then marked heard everywhere', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    const unlocked = await api(tokens.tv, `/${id}/unlock`, { body: { pin: PIN } });
    assert.equal(unlocked.status, 201);
    const session = (await unlocked.json()) as UnlockResponse;
    assert.match(session.audioUrl, /^\/api\/voicemail\/playback\/[\w-]{20,}\/audio$/);

    const audio = await fetch(`${h.url}${session.audioUrl}`);
    assert.equal(audio.status, 200);
    assert.equal(audio.headers.get('content-type'), 'audio/mp4');
    const bytes = Buffer.from(await audio.arrayBuffer());
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');

    // A second listen is served from the cache, with byte ranges.
    const ranged = await fetch(`${h.url}${session.audioUrl}`, { headers: { range: 'bytes=0-7' } });
    assert.equal(ranged.status, 206);
    assert.match(ranged.headers.get('content-range') ?? '', /^bytes 0-7\/\d+$/);

    const heard = await api(tokens.tv, `/${id}/heard`, { body: { sessionId: session.sessionId } });
    assert.equal(heard.status, 200);
    assert.equal(h.sim.mailboxes.getMessage(maryPhone.phoneNumber, id)?.folder, 'saved');
    for (const device of [maryPhone.id, livingRoom.id]) {
      assert.deepEqual(await updatesFor(device), [
        {
          ...(await updatesFor(device))[0],
          state: 'heard',
          byDeviceId: livingRoom.id,
          byDeviceName: livingRoom.name,
        },
      ]);
    }
    assert.deepEqual(await updatesFor(bedroom.id), []);
  });

  test('unlocking to listen starts the transcode at once; unlocking to delete does not', async () => {
    const tokens = await setup();
    const toDelete = await leaveMessage();
    const unlockedToDelete = await api(tokens.tv, `/${toDelete}/unlock`, {
      body: { pin: PIN, intent: 'delete' },
    });
    assert.equal(unlockedToDelete.status, 201);
    const toListen = await leaveMessage();
    const unlocked = await api(tokens.tv, `/${toListen}/unlock`, { body: { pin: PIN } });
    assert.equal(unlocked.status, 201);
    // No audio request yet, and the transcoded audio appears in the cache all the same.
    const cached = (id: string) => existsSync(join(h.cacheDir, `${id}.m4a`));
    const deadline = Date.now() + 10_000;
    while (!cached(toListen) && Date.now() < deadline) await settle(50);
    assert.equal(cached(toListen), true);
    assert.equal(cached(toDelete), false);
  });

  test('a message left for the household has an ffmpeg waiting before anyone unlocks it; the listen takes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'couchline-warm-'));
    const transcoder = new Transcoder({ cacheDir: dir, log: silentLogger });
    try {
      const tokens = await setup({ transcoder });
      assert.equal(transcoder.warmed, false, 'a backend starts no ffmpeg before a message arrives');
      const id = await leaveMessage();
      const deadline = Date.now() + 10_000;
      while (!transcoder.warmed && Date.now() < deadline) await settle(20);
      assert.equal(transcoder.warmed, true, 'the deposit started one');
      const session = (await (
        await api(tokens.tv, `/${id}/unlock`, { body: { pin: PIN } })
      ).json()) as UnlockResponse;
      // The transcode the unlock starts takes the waiting ffmpeg (a new one is started once it has finished).
      const taken = Date.now() + 10_000;
      while (transcoder.warmed && Date.now() < taken) await settle(2);
      assert.equal(transcoder.warmed, false, 'the unlock handed the waiting ffmpeg the message');
      const audio = await fetch(`${h.url}${session.audioUrl}`);
      assert.equal(audio.status, 200);
      assert.equal(
        Buffer.from(await audio.arrayBuffer())
          .subarray(4, 8)
          .toString('latin1'),
        'ftyp',
      );
    } finally {
      await transcoder.idle();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a wrong PIN says how many tries are left; five lock the mailbox for every device, with the time to wait', async () => {
    const log = createMemoryLogger();
    const tokens = await setup({ log });
    const id = await leaveMessage();
    for (let left = 4; left >= 1; left--) {
      const response = await api(tokens.tv, `/${id}/unlock`, { body: { pin: '1111' } });
      assert.equal(response.status, 403);
      assert.deepEqual(await errorOf(response), {
        code: ErrorCode.PinWrong,
        message: 'wrong PIN',
        details: { attemptsLeft: left },
      });
    }
    const fifth = await api(tokens.tv, `/${id}/unlock`, { body: { pin: '1111' } });
    assert.equal(fifth.status, 423);
    const locked = await errorOf(fifth);
    assert.equal(locked.code, ErrorCode.PinLocked);
    assert.ok(locked.details!.retryAfterSec! > 14 * 60 && locked.details!.retryAfterSec! <= 15 * 60);

    // The phone is another device: the lock holds there too, even with the right PIN.
    const fromPhone = await api(tokens.phone, `/${id}/unlock`, { body: { pin: PIN } });
    assert.equal(fromPhone.status, 423);

    assert.ok(
      !log.lines.some((line) => line.includes(PIN) || line.includes('1111')),
      'no PIN in any log line',
    );
  });

  test('a mailbox with no PIN chosen cannot be opened with any PIN', async () => {
    await setup();
    const simon = await h.app.tokens.issue(simonPhone.id);
    const messageId = await leaveVoicemail(h.simUrl, simonPhone.phoneNumber, {
      callerName: 'Ann',
      callerNumber: '',
      seconds: 1,
    });
    for (const guess of ['0000', '1234']) {
      const unlock = await api(simon, `/${messageId}/unlock`, { body: { pin: guess } });
      assert.equal(unlock.status, 409);
      assert.equal((await errorOf(unlock)).code, ErrorCode.PinNotSet);
    }
  });

  test('a device that was not told of a message cannot unlock it', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    const response = await api(tokens.bedroom, `/${id}/unlock`, { body: { pin: PIN } });
    assert.equal(response.status, 403);
    assert.equal((await errorOf(response)).code, ErrorCode.Forbidden);
  });

  test('a playback session is bound to its device and message, and ends when the message is deleted', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    const { sessionId, audioUrl } = (await (
      await api(tokens.tv, `/${id}/unlock`, { body: { pin: PIN } })
    ).json()) as UnlockResponse;
    // The phone may act on the message, but not with the TV's session.
    const stolen = await api(tokens.phone, `/${id}/delete`, { body: { sessionId } });
    assert.equal(stolen.status, 401);
    assert.equal((await errorOf(stolen)).code, ErrorCode.SessionInvalid);
    // Nor another message with this one's session.
    const other = await leaveMessage();
    const elsewhere = await api(tokens.tv, `/${other}/delete`, { body: { sessionId } });
    assert.equal(elsewhere.status, 401);
    assert.equal((await errorOf(elsewhere)).code, ErrorCode.SessionInvalid);
    assert.equal(h.sim.mailboxes.getMessage(maryPhone.phoneNumber, other)?.folder, 'new');

    await (await fetch(`${h.url}${audioUrl}`)).arrayBuffer();
    assert.ok(h.app.voicemail && (await import('node:fs')).existsSync(`${h.cacheDir}/${id}.m4a`));
    const deleted = await api(tokens.tv, `/${id}/delete`, { body: { sessionId } });
    assert.equal(deleted.status, 200);
    assert.equal(h.sim.mailboxes.getMessage(maryPhone.phoneNumber, id)?.folder, 'deleted');
    assert.equal(
      (await import('node:fs')).existsSync(`${h.cacheDir}/${id}.m4a`),
      false,
      'the transcoded cache is cleaned up',
    );
    assert.equal((await fetch(`${h.url}${audioUrl}`)).status, 401);
    assert.deepEqual(
      (await updatesFor(maryPhone.id)).map((u) => u.state),
      ['deleted'],
    );
  });

  test('later keeps the message new on every device and changes nothing at the carrier', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    assert.equal((await api(tokens.phone, `/${id}/later`, { method: 'POST' })).status, 200);
    assert.equal(h.sim.mailboxes.getMessage(maryPhone.phoneNumber, id)?.folder, 'new');
    assert.deepEqual(
      (await updatesFor(livingRoom.id)).map((u) => [u.state, u.byDeviceId]),
      [['later', maryPhone.id]],
    );
  });

  test('corrupt audio answers AUDIO_UNPLAYABLE with a reason, and the message can still be deleted', async () => {
    const tokens = await setup();
    // The carrier kept whatever the network gave it: an AMR file cut short.
    const amr = soxTone('amr-nb', 2);
    const id = 'msg_corrupt';
    h.sim.mailboxes.addMessage(
      {
        id,
        mailbox: maryPhone.phoneNumber,
        callerName: 'Jane',
        callerNumber: '5055551313',
        receivedAt: new Date().toISOString(),
        durationMs: 2000,
        format: 'amr-nb',
        transcript: null,
      },
      amr.subarray(0, amr.length - 9),
    );
    const hook = JSON.stringify({
      type: 'message.deposited',
      messageId: id,
      mailbox: maryPhone.phoneNumber,
      callerName: 'Jane',
      callerNumber: '5055551313',
      receivedAt: new Date().toISOString(),
      durationSec: 2,
      format: 'amr-nb',
    });
    await fetch(`${h.url}/hooks/voicemail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, hook) },
      body: hook,
    });
    const { sessionId, audioUrl } = (await (
      await api(tokens.tv, `/${id}/unlock`, { body: { pin: PIN } })
    ).json()) as UnlockResponse;
    const audio = await fetch(`${h.url}${audioUrl}`);
    assert.equal(audio.status, 422);
    assert.deepEqual(await errorOf(audio), {
      code: ErrorCode.AudioUnplayable,
      message: "This message can't be played",
      details: { reason: 'truncated' },
    });
    assert.equal((await api(tokens.tv, `/${id}/delete`, { body: { sessionId } })).status, 200);
  });

  test('a backend that cannot start ffmpeg answers TRANSCODER_UNAVAILABLE (503), not "can\'t be played"; the same session plays once it can', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    // The deposit started an ffmpeg to wait for the listen; it ends (as after 10 idle minutes), and none can start.
    const spares = () => childPids().filter((pid) => /^ffmpeg .*pipe:0/.test(commandLine(pid)));
    const deadline = Date.now() + 10_000;
    while (spares().length === 0 && Date.now() < deadline) await settle(20);
    const [spare] = spares();
    assert.ok(spare, 'the deposit started a waiting ffmpeg');
    process.kill(spare, 'SIGKILL');
    while (isRunning(spare) && Date.now() < deadline) await settle(20);
    const path = process.env.PATH;
    let audioUrl: string;
    try {
      process.env.PATH = '/nonexistent';
      ({ audioUrl } = (await (
        await api(tokens.tv, `/${id}/unlock`, { body: { pin: PIN } })
      ).json()) as UnlockResponse);
      const refused = await fetch(`${h.url}${audioUrl}`);
      assert.equal(refused.status, 503);
      assert.equal((await errorOf(refused)).code, ErrorCode.TranscoderUnavailable);
    } finally {
      process.env.PATH = path;
    }
    const audio = await fetch(`${h.url}${audioUrl}`);
    assert.equal(audio.status, 200);
    assert.ok((await audio.arrayBuffer()).byteLength > 0);
  });

  test('malformed bodies get PROTOCOL_MALFORMED and change nothing', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    for (const body of [{ pin: '12' }, { pin: '12345678901' }, { pin: 8264 }, { pin: PIN, extra: true }]) {
      const response = await api(tokens.tv, `/${id}/unlock`, { body });
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).code, ErrorCode.ProtocolMalformed);
    }
    assert.equal(
      h.sim.pins.lockState(maryPhone.phoneNumber).attemptsLeft,
      5,
      'malformed PINs are not counted as tries',
    );
  });

  test('a carrier that does not answer gives CARRIER_UNAVAILABLE', async () => {
    const tokens = await setup();
    const id = await leaveMessage();
    await h.close();
    // Re-open only our side, pointed at a dead carrier address.
    const { HttpVoicemailServerClient } = await import('./voicemail-server-client.ts');
    h = await startBackend({
      voicemailServer: new HttpVoicemailServerClient({
        baseUrl: 'http://127.0.0.1:9',
        apiKey: 'x',
        timeoutMs: 500,
      }),
    });
    await h.store.voicemail.record(
      {
        messageId: id,
        mailbox: maryPhone.phoneNumber,
        callerName: 'Jane',
        receivedAt: new Date().toISOString(),
      },
      [{ deviceId: livingRoom.id, show: 'name-and-number' }],
    );
    const token = await h.app.tokens.issue(livingRoom.id);
    const response = await api(token, `/${id}/unlock`, { body: { pin: PIN } });
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).code, ErrorCode.CarrierUnavailable);
    void tokens;
  });
});
