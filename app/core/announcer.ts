import { distinctUntilChanged, map, type Observable, type Subscription } from 'rxjs';
import type { SpeakOptions } from '../../platform-adapters/contract/index.ts';
import type { PlayerState } from '../../media/audio-player.ts';
import { backlogTitle } from '../features/voicemail/backlog.ts';
import type { ListenState } from '../../client/voicemail/listen-flow.ts';
import type { EventBus } from './event-bus.ts';
import type { AppEvents } from './events.ts';
import { alertLine, errorLine, playerLine } from './spoken-lines.ts';

/** What the announcer listens to; the composition root hands it the instance's parts. */
export interface AnnouncerSources {
  /** The platform's speech (`PlatformAdapter.speak`): silent unless the platform's voice guidance is on. */
  speak(text: string, options: SpeakOptions): Promise<boolean>;
  bus: EventBus<AppEvents>;
  /** The label of each item that takes the focus (empty: nothing worth saying). */
  focus$: Observable<string>;
  /** The voicemail player's state, and why it failed when it did (the server's reason or code), on a paired TV. */
  player$?: Observable<{ state: PlayerState; failure: string | null }>;
  /** The listen flow (PIN, delete), on a paired TV: its error lines and results are said. */
  flow$?: Observable<ListenState>;
}

/**
 * Voice guidance for the TV app: one place that turns what happens into spoken lines — a new alert (who, and what
 * OK and Back do), the focused item's label, the player's state, errors the viewer must know — and hands them to
 * the platform's speech. Each line cuts off the one before (what is said is about what is on screen now), except
 * that a focus change made by an alert coming up is not said over the alert's own line.
 */
export class Announcer {
  private readonly subscriptions: Subscription[] = [];
  private readonly offs: (() => void)[] = [];
  /** An alert's or the player's line was just said: the focus it moved is not said over it. */
  private focusUnsaid = false;
  private pendingFocus: string | null = null;
  private readonly sources: AnnouncerSources;

  constructor(sources: AnnouncerSources) {
    this.sources = sources;
    const { bus } = sources;
    this.offs.push(
      bus.on('voicemail:shown', ({ alert }) => {
        this.focusUnsaid = true;
        queueMicrotask(() => (this.focusUnsaid = false));
        this.say(alertLine(alert));
      }),
      bus.on('voicemail:backlog-shown', ({ summary }) => {
        this.focusUnsaid = true;
        queueMicrotask(() => (this.focusUnsaid = false));
        this.say(backlogTitle(summary));
      }),
      bus.on('app:error', ({ error }) => {
        const line = errorLine(error.code);
        if (line) this.say(line);
      }),
    );
    this.subscriptions.push(sources.focus$.subscribe((label) => this.focusChanged(label)));
    if (sources.player$) {
      this.subscriptions.push(
        sources.player$
          .pipe(
            map(({ state, failure }) => playerLine(state, failure)),
            distinctUntilChanged(),
          )
          .subscribe((line) => {
            if (!line) return;
            this.say(line);
            // The player's buttons change with its state (Try again after a failure): their focus is not said over it.
            this.quietFocusThisTask();
          }),
      );
    }
    if (sources.flow$) {
      this.subscriptions.push(
        sources.flow$.pipe(map(flowLine), distinctUntilChanged()).subscribe((line) => line && this.say(line)),
      );
    }
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    this.pendingFocus = null;
  }

  /** Said once the turn is over: the last focus of a burst, unless an alert came up with it. */
  private focusChanged(label: string): void {
    const first = this.pendingFocus === null;
    this.pendingFocus = label;
    if (!first) return;
    queueMicrotask(() => {
      const line = this.pendingFocus;
      this.pendingFocus = null;
      if (line && !this.focusUnsaid) this.say(line);
    });
  }

  private say(text: string): void {
    void this.sources.speak(text, { interrupt: true });
  }

  /**
   * Focus moved by what was just said is not said over it, whichever order the two come in within this task (a
   * microtask could end before a focus change that follows it in the same task).
   */
  private quietFocusThisTask(): void {
    this.focusUnsaid = true;
    setTimeout(() => (this.focusUnsaid = false), 0);
  }
}

/** What the listen flow has to say: its error ("Wrong PIN, 3 tries left") or its result ("… deleted"). */
function flowLine(state: ListenState): string | null {
  if (state.step === 'done') return state.text;
  return 'error' in state ? state.error : null;
}
