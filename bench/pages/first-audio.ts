// Play → first audio through the TV app's own players (media/), for bench/play-first-audio.ts. The page exposes
// one function; the bench calls it with a device token and a message, as the TV does after a correct PIN.
import type { AudioSource } from '../../media/audio-player.ts';
import { createAudioPlayer } from '../../media/create-audio-player.ts';
import { MediaElementPlayer } from '../../media/media-element-player.ts';
import { newPlaybackSessionId } from '../../client/voicemail/playback-session-id.ts';
import { playbackAudioPath } from '../../protocol/voicemail.ts';
import type { FirstAudioPath, FirstAudioSample, FirstAudioStep } from './first-audio-paths.ts';

/** When the audio's own request was answered (its headers): the page's fetch, watched for playback URLs. */
let audioAnsweredAt = NaN;
const pageFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const answer = pageFetch(input, init);
  if (String(input instanceof Request ? input.url : input).includes('/playback/')) {
    void answer.then(
      () => (audioAnsweredAt = performance.now()),
      () => undefined,
    );
  }
  return answer;
};

/** unlock → play → the clock leaves zero, one of the {@link FirstAudioPath} ways, with when each step was reached. */
async function firstAudio(
  token: string,
  messageId: string,
  pin: string,
  path: FirstAudioPath,
): Promise<FirstAudioSample> {
  const started = performance.now();
  const steps: Partial<Record<FirstAudioStep, number>> = {};
  const reached = (step: FirstAudioStep, at = performance.now()) => (steps[step] ??= at - started);
  audioAnsweredAt = NaN;
  // As the TV does (ListenFlow, VoicemailPlayback.prepare): the player's session id goes with the PIN, and the
  // player is made ready and asks for the audio while the PIN is checked. The other paths ask after the answer.
  const sessionId = path === 'player' ? newPlaybackSessionId() : undefined;
  const unlocking = fetch(`/api/voicemail/${messageId}/unlock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ pin, sessionId }),
  });
  const source: AudioSource = { url: '', kind: 'progressive' };
  const prepared = sessionId ? createAudioPlayer(source, document.body) : null;
  prepared?.prepare({
    url: new URL(playbackAudioPath(sessionId!), location.href).href,
    kind: 'progressive',
    headers: { authorization: `Bearer ${token}` },
  });
  const unlock = await unlocking;
  if (unlock.status !== 201) throw new Error(`unlock answered ${unlock.status}`);
  const { audioUrl } = (await unlock.json()) as { audioUrl: string };
  reached('unlocked');
  if (path === 'naive') await (await fetch(audioUrl)).arrayBuffer();
  source.url = new URL(audioUrl, location.href).href;
  const player =
    prepared ??
    (path === 'element' ? new MediaElementPlayer(document.body) : createAudioPlayer(source, document.body));
  // The player's element, the last one appended: its events say when the engine had the header and started playing.
  const element = document.body.lastElementChild as HTMLAudioElement;
  element.addEventListener('loadedmetadata', () => reached('metadata'), { once: true });
  element.addEventListener('playing', () => reached('playing'), { once: true });
  try {
    await player.load(source);
    void player.play().catch(() => undefined);
    // Polled, not read from time events (every 250 ms or so): first audio is the moment the clock leaves zero.
    const deadline = performance.now() + 60_000;
    for (;;) {
      if (player.state === 'error') throw new Error('the player failed');
      if (player.currentTime > 0) {
        const total = performance.now() - started;
        if (Number.isFinite(audioAnsweredAt)) reached('answered', audioAnsweredAt);
        return { total, steps };
      }
      if (performance.now() > deadline) throw new Error('no audio within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    player.destroy();
  }
}

(window as unknown as { firstAudio: typeof firstAudio }).firstAudio = firstAudio;
