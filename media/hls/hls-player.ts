import type Hls from 'hls.js';
import type { AudioSource } from '../audio-player.ts';
import { MediaError, MediaErrorCode } from '../errors.ts';
import { MediaElementPlayer } from '../media-element-player.ts';

type HlsInstance = Hls;

/**
 * HLS through hls.js and MSE, for engines without native HLS (WPE on RDK, desktop Chromium). hls.js is loaded
 * only when a source is attached, so it is never in the bundle that shows the first alert.
 */
export class HlsPlayer extends MediaElementPlayer {
  private hls: HlsInstance | null = null;

  protected override async attachSource(source: AudioSource): Promise<void> {
    if (source.kind !== 'hls') return super.attachSource(source);
    // A type-only import above; the code itself arrives only now, when a source needs it.
    const { default: HlsJs } = await import('hls.js');
    if (!HlsJs.isSupported()) {
      throw new MediaError(MediaErrorCode.NotSupported, 'this engine has no MSE for hls.js', { fatal: true });
    }
    this.hls?.destroy();
    const hls = new HlsJs({ enableWorker: false, maxBufferLength: 30 });
    this.hls = hls;
    hls.on(HlsJs.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      const code =
        data.type === HlsJs.ErrorTypes.NETWORK_ERROR
          ? MediaErrorCode.LoadFailed
          : data.type === HlsJs.ErrorTypes.MEDIA_ERROR
            ? MediaErrorCode.DecodeFailed
            : MediaErrorCode.NotSupported;
      this.fail(new MediaError(code, `hls.js: ${data.details}`, { fatal: true }));
    });
    hls.loadSource(source.url);
    hls.attachMedia(this.element);
  }

  override destroy(): void {
    this.hls?.destroy();
    this.hls = null;
    super.destroy();
  }
}
