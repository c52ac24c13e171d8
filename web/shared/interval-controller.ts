import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `tick` every `intervalMs` for as long as its element is in the page: the timer starts when the element is
 * connected and stops when it is disconnected, so no timer outlives its element. `stop()` ends it sooner (until the
 * element is connected again), for a poll that has its answer.
 *
 * @example
 * private readonly refresher = new IntervalController(this, 30_000, () => void this.refresh());
 */
export class IntervalController implements ReactiveController {
  private readonly intervalMs: number;
  private readonly tick: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, intervalMs: number, tick: () => void) {
    this.intervalMs = intervalMs;
    this.tick = tick;
    host.addController(this);
  }

  hostConnected(): void {
    this.stop();
    this.timer = setInterval(this.tick, this.intervalMs);
  }

  hostDisconnected(): void {
    this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
