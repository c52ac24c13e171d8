import type { AudioPlayer, AudioSource } from './audio-player.ts';
import { HlsPlayer } from './hls/hls-player.ts';
import { MediaElementPlayer } from './media-element-player.ts';
import { MseStreamPlayer, supportsMseStream } from './mse-stream-player.ts';

/**
 * Picks the player by what the engine can do, never by brand. Progressive AAC: fed through MSE where the engine
 * has it for AAC in fragmented MP4 (a first listen then starts on the first fragment instead of after the
 * engine's read-ahead), else the engine's own `<audio>`. HLS plays natively where it can, else through hls.js
 * (loaded only then). A progressive file starts about 4× faster than hls.js (DESIGN.md §4), so the backend
 * serves progressive first.
 */
export function createAudioPlayer(
  source: AudioSource,
  container: HTMLElement,
  options: { loadTimeoutMs?: number } = {},
): AudioPlayer {
  if (source.kind === 'progressive') {
    return supportsMseStream()
      ? new MseStreamPlayer(container, options)
      : new MediaElementPlayer(container, options);
  }
  const probe = document.createElement('audio');
  const nativeHls = probe.canPlayType('application/vnd.apple.mpegurl') !== '';
  return nativeHls ? new MediaElementPlayer(container, options) : new HlsPlayer(container, options);
}
