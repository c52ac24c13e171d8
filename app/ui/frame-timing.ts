/** What frame timing needs of a Lightning stage: its frame events and whether a frame has anything to draw. */
export interface TimedStage {
  on(event: 'update' | 'frameEnd', listener: () => void): void;
  off(event: 'update' | 'frameEnd', listener: () => void): void;
  ctx: { hasRenderUpdates(): boolean };
}

/** The User Timing names the benchmarks read (bench/tv-frame-timing.ts). */
export const FRAME_MARKS = {
  firstFrame: 'couchline:first-frame',
  keyToFrame: 'couchline:key-to-frame',
  alertDrawn: 'couchline:alert-drawn',
} as const;

/**
 * User Timing marks for benchmarks and for anyone profiling on a box (`?perf`): the first frame that drew
 * something, each key press until the frame that drew its effect, each alert until the frame that drew it.
 * "Drew" means the renderer issued a frame with changes; Lightning skips frames with none. The key's time is
 * the event's own timestamp, so time spent waiting in the input queue counts too.
 *
 * The same function times the bare Lightning floor the TV app is compared with, so both are measured alike.
 */
export function traceFrames(stage: TimedStage, keyTarget: EventTarget): { alert(): void; stop(): void } {
  let firstDrawn = false;
  let changes = false;
  let keyAt: number | null = null;
  let alertPending = false;

  const onKey = (event: Event) => {
    keyAt ??= event.timeStamp;
  };
  // Checked after the update pass, before the render pass clears it.
  const onUpdate = () => {
    changes = stage.ctx.hasRenderUpdates();
  };
  const onFrameEnd = () => {
    if (!changes) return;
    const now = performance.now();
    if (!firstDrawn) {
      firstDrawn = true;
      performance.mark(FRAME_MARKS.firstFrame);
    }
    if (keyAt !== null) {
      performance.measure(FRAME_MARKS.keyToFrame, { start: keyAt, end: now });
      keyAt = null;
    }
    if (alertPending) {
      performance.mark(FRAME_MARKS.alertDrawn);
      alertPending = false;
    }
  };

  keyTarget.addEventListener('keydown', onKey, { capture: true });
  stage.on('update', onUpdate);
  stage.on('frameEnd', onFrameEnd);
  return {
    alert: () => {
      alertPending = true;
    },
    stop: () => {
      keyTarget.removeEventListener('keydown', onKey, { capture: true });
      stage.off('update', onUpdate);
      stage.off('frameEnd', onFrameEnd);
    },
  };
}
