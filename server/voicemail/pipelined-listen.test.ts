import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { ErrorCode, playbackAudioPath, type ErrorBody, type UnlockResponse } from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { leaveVoicemail, startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';

const PIN = '8264';
const { maryPhone, livingRoom, bedroom } = DEMO.devices;
const newSessionId = () => randomBytes(24).toString('base64url');

/**
 * A player that fetches the audio itself asks for it with the PIN, under a session id of its own choosing, and the
 * audio streams as soon as the PIN is accepted (UnlockRequest.sessionId, server/voicemail/pending-unlocks.ts).
 */
describe('a listen asked for while the PIN is checked', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function setup() {
    h = await startBackend();
    assert.deepEqual(await h.sim.pins.setPin(maryPhone.phoneNumber, PIN, undefined), { ok: true });
    return {
      tv: await h.app.tokens.issue(livingRoom.id),
      bedroom: await h.app.tokens.issue(bedroom.id),
      message: await leaveVoicemail(h.simUrl, maryPhone.phoneNumber),
    };
  }

  const unlock = (token: string, messageId: string, body: Record<string, unknown>) =>
    fetch(`${h.url}/api/voicemail/${messageId}/unlock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const audio = (sessionId: string, token?: string) =>
    fetch(`${h.url}${playbackAudioPath(sessionId)}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

  test('the audio asked for first waits for the PIN and streams under the id the device chose', async () => {
    const { tv, message } = await setup();
    const sessionId = newSessionId();
    // The audio's request goes out before the unlock's: it may reach the server first.
    const listening = audio(sessionId, tv);
    const unlocked = await unlock(tv, message, { pin: PIN, sessionId });
    assert.equal(unlocked.status, 201);
    const session = (await unlocked.json()) as UnlockResponse;
    assert.equal(session.sessionId, sessionId);
    assert.equal(session.audioUrl, playbackAudioPath(sessionId));

    const response = await listening;
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'audio/mp4');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    // The id is the session's, as a made one is: the plain URL plays too.
    assert.equal((await audio(sessionId)).status, 200);
  });

  test('a wrong PIN answers the waiting audio request at once, with nothing released', async () => {
    const { tv, message } = await setup();
    const sessionId = newSessionId();
    const listening = audio(sessionId, tv);
    const refused = await unlock(tv, message, { pin: '9999', sessionId });
    assert.equal(refused.status, 403);
    assert.equal(await codeOf(refused), ErrorCode.PinWrong);
    const started = Date.now();
    const response = await listening;
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), ErrorCode.SessionInvalid);
    assert.ok(Date.now() - started < 1000, 'answered when the PIN was refused, not after the wait');
    // A late request for the refused id is answered at once too.
    assert.equal((await audio(sessionId, tv)).status, 401);
  });

  test("another device's token is refused the audio of a session it did not open, waiting or not", async () => {
    const { tv, bedroom: other, message } = await setup();
    const sessionId = newSessionId();
    const intruding = audio(sessionId, other);
    const unlocked = await unlock(tv, message, { pin: PIN, sessionId });
    assert.equal(unlocked.status, 201);
    const response = await intruding;
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), ErrorCode.SessionInvalid);
    assert.equal((await audio(sessionId, other)).status, 401);
    assert.equal((await audio(sessionId, tv)).status, 200);
  });

  test('an id nobody unlocks is refused: at once without a token, after a short wait with one', async () => {
    const { tv } = await setup();
    assert.equal((await audio(newSessionId())).status, 401);
    const started = Date.now();
    const response = await audio(newSessionId(), tv);
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), ErrorCode.SessionInvalid);
    const waited = Date.now() - started;
    assert.ok(waited >= 1900 && waited < 5000, `waited ${waited} ms for an unlock that never came (2 s)`);
    // A token that is not one is refused as on every device route.
    const forged = await audio(newSessionId(), 'not-a-token');
    assert.equal(forged.status, 401);
    assert.equal(await codeOf(forged), ErrorCode.AuthInvalidDevice);
  });

  test('one device has at most four requests waiting; a fifth is answered at once', async () => {
    const { tv } = await setup();
    const timed = async () => {
      const started = Date.now();
      const response = await audio(newSessionId(), tv);
      return { status: response.status, ms: Date.now() - started };
    };
    const waiting = Array.from({ length: 4 }, timed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fifth = await timed();
    assert.equal(fifth.status, 401);
    assert.ok(fifth.ms < 1000, `the fifth was answered after ${fifth.ms} ms`);
    for (const { status, ms } of await Promise.all(waiting)) {
      assert.equal(status, 401);
      assert.ok(ms >= 1900, `one of the four was answered after ${ms} ms`);
    }
  });

  test('a device that may not open the message learns nothing of ids, and spends no attempt', async () => {
    const { tv, bedroom: other, message } = await setup();
    const sessionId = newSessionId();
    assert.equal((await unlock(tv, message, { pin: PIN, sessionId })).status, 201);
    // The bedroom TV does not follow Mary's mailbox: refused for the message, not told the id is taken.
    const response = await unlock(other, message, { pin: PIN, sessionId });
    assert.equal(response.status, 403);
    assert.equal(await codeOf(response), ErrorCode.Forbidden);
  });

  test('an id in use, or not random-sized, is refused before the PIN is tried', async () => {
    const { tv, message } = await setup();
    const sessionId = newSessionId();
    assert.equal((await unlock(tv, message, { pin: PIN, sessionId })).status, 201);
    const attemptsBefore = h.sim.pins.lockState(maryPhone.phoneNumber).attemptsLeft;

    const again = await unlock(tv, message, { pin: '9999', sessionId });
    assert.equal(again.status, 400);
    assert.equal(await codeOf(again), ErrorCode.ProtocolMalformed);
    for (const bad of ['short', 'x'.repeat(33), `${'a'.repeat(31)}/`]) {
      const response = await unlock(tv, message, { pin: '9999', sessionId: bad });
      assert.equal(response.status, 400, bad);
    }
    assert.equal(h.sim.pins.lockState(maryPhone.phoneNumber).attemptsLeft, attemptsBefore);
    // The session that held the id is untouched.
    assert.equal((await audio(sessionId)).status, 200);
  });
});
