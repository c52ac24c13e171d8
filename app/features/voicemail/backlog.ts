import { formatPhoneNumber } from '../../../protocol/index.ts';
import type { VoicemailAlert } from './voicemail-alert.ts';

/** This many alerts or more, delivered at once after the TV was away, are one summary instead of one by one. */
export const BACKLOG_MIN = 3;
/** Alerts delivered this close together are one delivery (a replay comes as a burst). */
export const BACKLOG_SETTLE_MS = 300;
/** Callers named in a summary's title; the rest are "…". */
const NAMED_MAX = 3;

/** Alerts that waited while the TV was away, on screen as one: "5 new voicemails — Jane, Simon…". */
export interface BacklogSummary {
  kind: 'backlog';
  /** The alerts it stands for, oldest first. */
  alerts: VoicemailAlert[];
}

/** "5 new voicemails — Jane, Simon…": the count and the first callers by name (or number). */
export function backlogTitle(summary: BacklogSummary): string {
  const labels = summary.alerts.map(
    (a) => a.callerName.trim() || (a.callerNumber ? formatPhoneNumber(a.callerNumber) : ''),
  );
  const names = [...new Set(labels.filter(Boolean))];
  const more = names.length > NAMED_MAX || labels.some((l) => !l);
  const from = names.slice(0, NAMED_MAX).join(', ');
  const count = `${summary.alerts.length} new voicemails`;
  return from ? `${count} — ${from}${more ? '…' : ''}` : count;
}

/** "For Mary and Simon": whose mailboxes the summary's messages are in. */
export function backlogDetail(summary: BacklogSummary): string {
  const owners = [...new Set(summary.alerts.map((a) => a.mailboxOwner.trim()).filter(Boolean))];
  if (owners.length === 0) return 'Waiting in your inbox';
  const last = owners.pop()!;
  return `For ${owners.length ? `${owners.join(', ')} and ${last}` : last} · waiting in your inbox`;
}

/**
 * Gathers the alerts delivered while the TV was away (replayed on reconnect): each burst, once it settles, goes on
 * as one summary when it holds {@link BACKLOG_MIN} or more, else as the alerts themselves.
 */
export class BacklogGatherer {
  private readonly gathered: VoicemailAlert[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly release: (batch: VoicemailAlert[]) => void;

  constructor(release: (batch: VoicemailAlert[]) => void) {
    this.release = release;
  }

  add(alert: VoicemailAlert): void {
    this.gathered.push(alert);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), BACKLOG_SETTLE_MS);
  }

  /** Lets what was gathered go now. */
  flush(): void {
    clearTimeout(this.timer);
    const batch = this.gathered.splice(0);
    if (batch.length > 0) this.release(batch);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.gathered.length = 0;
  }
}
