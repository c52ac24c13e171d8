import { BehaviorSubject } from 'rxjs';
import { formatPhoneNumber, type EventData, type EventFrame } from '../../../protocol/index.ts';

export type IncomingCall = EventData<'callerid.incoming'>;

/** How long a call stays up if its end never arrives (a lost `callerid.ended`): no call rings this long. */
const RING_LIMIT_MS = 90_000;

/**
 * "Jane 505-555-1313 is calling Mary", degrading with what the screen may show: "505-555-1313 is calling Mary"
 * (number only, or no name given), "A call for Mary" (private, or a withheld number).
 */
export function callText(call: Pick<IncomingCall, 'callerName' | 'callerNumber' | 'lineOwner'>): string {
  const who = [call.callerName.trim(), call.callerNumber ? formatPhoneNumber(call.callerNumber) : '']
    .filter(Boolean)
    .join(' ');
  const whom = call.lineOwner.trim();
  if (!who) return whom ? `A call for ${whom}` : 'A call';
  return whom ? `${who} is calling ${whom}` : `${who} is calling`;
}

/**
 * The calls ringing now, newest on screen: `callerid.incoming` puts a call up, `callerid.ended` (answered, hung
 * up, gone to voicemail) takes it down, and so does its own time limit if the end is lost. A replayed call that
 * already ended is not shown again.
 */
export class IncomingCalls {
  readonly current$ = new BehaviorSubject<IncomingCall | null>(null);
  private readonly ringing: IncomingCall[] = [];
  private readonly ended = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  handle(event: EventFrame): void {
    if (event.name === 'callerid.incoming') {
      const call = event.data;
      if (this.ended.has(call.callId) || this.ringing.some((c) => c.callId === call.callId)) return;
      this.ringing.push(call);
      this.timers.set(
        call.callId,
        setTimeout(() => this.end(call.callId), RING_LIMIT_MS),
      );
      this.show();
    } else if (event.name === 'callerid.ended') {
      this.end(event.data.callId);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private end(callId: string): void {
    this.ended.add(callId);
    clearTimeout(this.timers.get(callId));
    this.timers.delete(callId);
    const i = this.ringing.findIndex((c) => c.callId === callId);
    if (i >= 0) this.ringing.splice(i, 1);
    this.show();
  }

  private show(): void {
    const newest = this.ringing[this.ringing.length - 1] ?? null;
    if (newest !== this.current$.value) this.current$.next(newest);
  }
}
