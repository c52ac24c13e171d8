// Play → first audio through the TV app's own players (media/), for bench/play-first-audio.ts. The page exposes
// one function; the bench calls it with a device token and a message, as the TV does after a correct PIN.
import { createAudioPlayer } from '../../media/create-audio-player.ts';
import { MediaElementPlayer } from '../../media/media-element-player.ts';
import type { FirstAudioPath } from './first-audio-paths.ts';

/** unlock → play → the clock leaves zero, in milliseconds, one of the {@link FirstAudioPath} ways. */
async function firstAudio(
  token: string,
  messageId: string,
  pin: string,
  path: FirstAudioPath,
): Promise<number> {
  const started = performance.now();
  const unlock = await fetch(`/api/voicemail/${messageId}/unlock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ pin }),
  });
  if (unlock.status !== 201) throw new Error(`unlock answered ${unlock.status}`);
  const { audioUrl } = (await unlock.json()) as { audioUrl: string };
  if (path === 'naive') await (await fetch(audioUrl)).arrayBuffer();
  const source = { url: audioUrl, kind: 'progressive' as const };
  const player =
    path === 'element' ? new MediaElementPlayer(document.body) : createAudioPlayer(source, document.body);
  try {
    await player.load(source);
    void player.play().catch(() => undefined);
    // Polled, not read from time events (every 250 ms or so): first audio is the moment the clock leaves zero.
    const deadline = performance.now() + 60_000;
    for (;;) {
      if (player.state === 'error') throw new Error('the player failed');
      if (player.currentTime > 0) return performance.now() - started;
      if (performance.now() > deadline) throw new Error('no audio within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    player.destroy();
  }
}

(window as unknown as { firstAudio: typeof firstAudio }).firstAudio = firstAudio;
