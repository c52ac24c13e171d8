import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `draw` on every animation frame for as long as the element is in the page: the loop starts when the
 * element is connected and its next frame is cancelled when it is disconnected.
 */
export class AnimationFrameController implements ReactiveController {
  private readonly draw: (time: DOMHighResTimeStamp) => void;
  private frame: number | undefined;

  constructor(host: ReactiveControllerHost, draw: (time: DOMHighResTimeStamp) => void) {
    this.draw = draw;
    host.addController(this);
  }

  hostConnected(): void {
    this.cancel();
    this.frame = requestAnimationFrame(this.loop);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  private readonly loop = (time: DOMHighResTimeStamp): void => {
    this.draw(time);
    this.frame = requestAnimationFrame(this.loop);
  };

  private cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }
}
