import { VoicemailPlayback } from '../../app/features/player/voicemail-playback.ts';
import { ApiClient } from '../../client/net/api-client.ts';
import { createAudioPlayer } from '../../media/create-audio-player.ts';
import { messageFixture, MOCK_CREDENTIALS } from '../../mocks/fixtures.ts';
import type { PlatformAdapter } from '../../platform-adapters/contract/index.ts';
import { FakeAdapter } from '../../platform-adapters/fake/fake-adapter.ts';
import { startMockPush } from './mock-push.ts';

/**
 * The listening parts without the UI, against the msw mock with one message (`m1`) in Mary's mailbox: the API
 * client, a fake platform that records programme-sound changes (or the `adapter` given), and real playback in this
 * browser. Returns `stop` to run after the test.
 */
export async function startPlaybackRig<A extends PlatformAdapter = FakeAdapter>(
  options: { adapter?: A } = {},
) {
  const mock = await startMockPush('empty');
  mock.voicemail.add(messageFixture('m1'));
  const api = new ApiClient({ baseUrl: window.location.origin, credentials: MOCK_CREDENTIALS });
  const adapter = options.adapter ?? (new FakeAdapter({ credentials: MOCK_CREDENTIALS }) as unknown as A);
  const playback = new VoicemailPlayback({
    api,
    adapter,
    createPlayer: (source) => createAudioPlayer(source, document.body, { loadTimeoutMs: 4000 }),
  });
  return {
    ...mock,
    api,
    adapter,
    playback,
    stop: () => {
      playback.close();
      mock.stop();
    },
  };
}
