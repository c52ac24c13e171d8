import { expect } from 'chai';
import { ApiRequestError } from '../../client/net/api-client.ts';
import { newPlaybackSessionId } from '../../client/voicemail/playback-session-id.ts';
import { messageFixture } from '../../mocks/fixtures.ts';
import { MOCK_PIN, pinLocked, pinWrong } from '../../mocks/mock-voicemail.ts';
import { failure } from '../../mocks/refusals.ts';
import { ErrorCode } from '../../protocol/index.ts';
import { startPlaybackRig } from '../helpers/playback-rig.ts';
import { waitFor } from '../helpers/wait.ts';

describe('listening to a voicemail: API client, player and programme sound', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const rig = await startPlaybackRig();
    cleanups.push(rig.stop);
    return rig;
  }

  // How many tries are left, and when the mailbox locks, is the backend's count
  // (server/voicemail/voicemail-actions.test.ts): here the mock answers as it would, and the client says it on.
  it('a wrong PIN gives the tries left the server says, and a lock its wait', async () => {
    const { api, voicemail } = await setup();
    voicemail.unlockRefusals.push(...[4, 3, 2, 1].map(pinWrong), pinLocked(900));
    const errors: ApiRequestError[] = [];
    for (let i = 0; i < 5; i++) {
      await api.unlock('m1', '1111').catch((e: ApiRequestError) => errors.push(e));
    }
    expect(errors.map((e) => [e.code, e.details?.attemptsLeft])).to.deep.equal([
      [ErrorCode.PinWrong, 4],
      [ErrorCode.PinWrong, 3],
      [ErrorCode.PinWrong, 2],
      [ErrorCode.PinWrong, 1],
      [ErrorCode.PinLocked, undefined],
    ]);
    expect(errors[4]!.details?.retryAfterSec).to.equal(900);
  });

  it('plays the unlocked message with the programme ducked, and restores it on stop', async () => {
    const { api, adapter, playback } = await setup();
    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session);
    await waitFor(
      () => playback.status$.value.state === 'playing' && playback.status$.value.currentTime > 0.3,
      'playback',
    );
    expect(playback.status$.value.duration).to.equal(8);
    await waitFor(() => adapter.programmeAudio.length > 0, 'ducking');
    expect(adapter.programmeAudio).to.deep.equal(['ducked']);
    playback.audio!.stop();
    await waitFor(() => adapter.programmeAudio.length === 2, 'the programme sound back');
    expect(adapter.programmeAudio).to.deep.equal(['ducked', 'normal']);
  });

  it('playing to the end marks the message heard and gives the sound back', async function () {
    // Eight seconds of real audio, played through: allow for a slow, busy machine.
    this.timeout(40_000);
    const { api, adapter, playback, voicemail } = await setup();
    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session);
    // Played through rather than sought: the test server behind msw's worker serves no byte ranges.
    await waitFor(() => playback.status$.value.state === 'ended', 'the end', 30_000);
    await waitFor(() => voicemail.heard.includes('m1'), 'the heard call');
    expect(adapter.programmeAudio.at(-1)).to.equal('normal');
  });

  it('an unplayable message ends in an error status, with the programme sound restored', async () => {
    const { api, adapter, playback, voicemail } = await setup();
    voicemail.audioUrls.set('m1', '/mocks/fixtures/audio/not-audio.m4a');
    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session).catch(() => undefined);
    await waitFor(() => playback.status$.value.state === 'error', 'the error status', 8000);
    expect(playback.status$.value.error?.fatal).to.equal(true);
    expect(adapter.programmeAudio.filter((m) => m === 'ducked').length).to.equal(
      adapter.programmeAudio.filter((m) => m === 'normal').length,
    );
  });

  it('audio the server refuses shows why: the reason code from the server', async () => {
    const { api, playback, voicemail } = await setup();
    voicemail.audioUrls.set('m1', '/api/voicemail/playback/unplayable/audio');
    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session).catch(() => undefined);
    await waitFor(() => playback.status$.value.failure === 'truncated', 'the reason', 8000);
    expect(playback.status$.value.state).to.equal('error');
  });

  it('audio the backend cannot prepare just now says "try again", as the player read it, without asking again', async () => {
    const { api, playback, voicemail } = await setup();
    voicemail.audioUrls.set('m1', '/api/voicemail/playback/busy/audio');
    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session).catch(() => undefined);
    await waitFor(() => playback.status$.value.state === 'error', 'the error status', 8000);
    // The player read the refusal itself: asking the server again would have found the audio served by then.
    await waitFor(() => playback.status$.value.failure, 'the failure', 8000);
    expect(playback.status$.value.failure).to.equal(ErrorCode.TranscoderUnavailable);
  });

  it('a session id the server refuses (in use, or a backend that knows no chosen ids) is left to the server', async () => {
    const { api, voicemail } = await setup();
    const chosen = newPlaybackSessionId();
    expect((await api.unlock('m1', MOCK_PIN, 'listen', chosen)).sessionId).to.equal(chosen);
    voicemail.unlockRefusals.push(failure(400, ErrorCode.ProtocolMalformed, 'that session id is in use'));
    const again = await api.unlock('m1', MOCK_PIN, 'listen', newPlaybackSessionId());
    expect(again.sessionId).to.match(/^mock-session-/, 'the PIN sent again without an id');
    // Any other refusal is the answer, not a reason to send the PIN again.
    voicemail.unlockRefusals.push(pinWrong(4));
    const refused = await api.unlock('m1', '1111', 'listen', newPlaybackSessionId()).catch((e: unknown) => e);
    expect((refused as ApiRequestError).code).to.equal(ErrorCode.PinWrong);
  });

  // Which session may act on which message is the backend's rule (server/voicemail/voicemail-actions.test.ts).
  it('a delete the server refuses for its session says SESSION_INVALID and deletes nothing', async () => {
    const { api, voicemail } = await setup();
    voicemail.add(messageFixture('m2'));
    const s1 = await api.unlock('m1', MOCK_PIN);
    voicemail.actionRefusals.push(failure(401, ErrorCode.SessionInvalid, 'enter the PIN again'));
    const refused = await api.delete('m2', s1.sessionId).catch((e: ApiRequestError) => e);
    expect(refused).to.be.instanceOf(ApiRequestError);
    expect((refused as ApiRequestError).code).to.equal(ErrorCode.SessionInvalid);
    expect((await api.listVoicemail()).map((m) => m.id)).to.deep.equal(['m1', 'm2']);
    await api.delete('m1', s1.sessionId);
    expect(voicemail.deleted).to.deep.equal(['m1']);
    expect((await api.listVoicemail()).map((m) => m.id)).to.deep.equal(['m2']);
  });
});
