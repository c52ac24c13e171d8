import type { AudioPlayer, AudioSource } from './audio-player.ts';
import { HlsPlayer } from './hls/hls-player.ts';
import { MediaElementPlayer } from './media-element-player.ts';

/**
 * Picks the player by what the engine can do, never by brand: progressive AAC and native HLS play in the
 * engine's own `<audio>`; HLS without native support goes through hls.js (which is loaded only then).
 * A progressive file starts about 4× faster than hls.js (DESIGN.md §4), so the backend serves progressive first.
 */
export function createAudioPlayer(
  source: AudioSource,
  container: HTMLElement,
  options: { loadTimeoutMs?: number } = {},
): AudioPlayer {
  if (source.kind === 'progressive') return new MediaElementPlayer(container, options);
  const probe = document.createElement('audio');
  const nativeHls = probe.canPlayType('application/vnd.apple.mpegurl') !== '';
  return nativeHls ? new MediaElementPlayer(container, options) : new HlsPlayer(container, options);
}
