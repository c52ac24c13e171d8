import {
  minutesOf,
  type ContentType,
  type PolicyConfig,
  type PrivacyLevel,
  type Relationship,
} from '../../protocol/index.ts';

/** Something that may reach the household's displays: a voicemail, a ringing call, a text. */
export interface PolicyEvent {
  type: ContentType;
  /** The phone it belongs to (whose mailbox, whose line). */
  sourceDeviceId: string;
  /** Digits; empty when the caller withheld their number. */
  callerNumber: string;
}

/** What a set-top box last said it is showing, and whether its viewer asked for quiet. */
export interface DisplayState {
  channel: string | null;
  programme: { title: string; start: string; end: string } | null;
  /** "Quiet for this programme": alerts wait until this instant. */
  quietUntil: string | null;
}

/** Why a display does not get something. Stable: the delivery log and the setup page word them. */
export const SuppressReason = {
  NoRelationship: 'no-relationship',
  RelationshipStopped: 'relationship-stopped',
  ContentTypeOff: 'content-type-off',
  CallerIdOff: 'callerid-off',
  CallerBlocked: 'caller-blocked',
  CallerNotAllowed: 'caller-not-allowed',
  SuspendedDates: 'suspended-dates',
  OutsideWindow: 'outside-window',
  SuspendedProgramme: 'suspended-programme',
  /** Not the engine's: a phone's master list does not share its texts with the device (the text relay's review). */
  NotOnMasterList: 'not-on-master-list',
} as const;
export type SuppressReason = (typeof SuppressReason)[keyof typeof SuppressReason];

export type Decision =
  | { deviceId: string; outcome: 'deliver'; show: PrivacyLevel; relationshipId: string | null }
  | {
      deviceId: string;
      outcome: 'defer';
      /** How much the display may show when the deferred alert is delivered. */
      show: PrivacyLevel;
      until: string;
      reason: 'quiet-for-programme';
      relationshipId: string;
    }
  | {
      deviceId: string;
      outcome: 'suppress';
      /** Every rule that holds it back, the decisive one first. */
      reasons: SuppressReason[];
      relationshipId: string | null;
    };

/**
 * The policy engine: for one event, what every candidate device gets — deliver (and how much a shared display may
 * show), defer (the viewer asked for quiet), or suppress with every reason that applies. A pure function of its
 * arguments: no clock, no database, so each rule and each combination is a row in a table of tests.
 *
 * Candidates are the phone the event belongs to (for voicemail and texts: it is that phone's own content), every
 * set-top box a relationship of that phone names, and every other display of the household listed in `displays`
 * (which get "no relationship", so the delivery log can answer "why didn't the bedroom TV show it?").
 */
export function decide(
  event: PolicyEvent,
  config: PolicyConfig,
  now: Date,
  displays: Readonly<Record<string, DisplayState | undefined>>,
): Decision[] {
  const decisions: Decision[] = [];
  // The phone rings by itself; its voicemail and texts are its own.
  if (event.type !== 'callerid') {
    decisions.push({
      deviceId: event.sourceDeviceId,
      outcome: 'deliver',
      show: 'name-and-number',
      relationshipId: null,
    });
  }
  const related = config.relationships.filter((r) => r.sourceDeviceId === event.sourceDeviceId);
  const targets = new Set([...related.map((r) => r.targetDeviceId), ...Object.keys(displays)]);
  targets.delete(event.sourceDeviceId);
  const clock = wallClock(now, config.timeZone);
  for (const deviceId of targets) {
    const forTarget = related.filter((r) => r.targetDeviceId === deviceId);
    if (forTarget.length === 0) {
      decisions.push({
        deviceId,
        outcome: 'suppress',
        reasons: [SuppressReason.NoRelationship],
        relationshipId: null,
      });
      continue;
    }
    // The relationships that carry this kind of content are asked first; any that lets it through wins.
    forTarget.sort(
      (a, b) => Number(b.contentTypes.includes(event.type)) - Number(a.contentTypes.includes(event.type)),
    );
    const outcomes = forTarget.map((r) => decideOne(event, config, r, now, clock, displays[deviceId]));
    decisions.push(
      outcomes.find((d) => d.outcome === 'deliver') ??
        outcomes.find((d) => d.outcome === 'defer') ??
        outcomes[0]!,
    );
  }
  return decisions;
}

function decideOne(
  event: PolicyEvent,
  config: PolicyConfig,
  relationship: Relationship,
  now: Date,
  clock: WallClock,
  display: DisplayState | undefined,
): Decision {
  const deviceId = relationship.targetDeviceId;
  const reasons: SuppressReason[] = [];
  if (relationship.stopped) reasons.push(SuppressReason.RelationshipStopped);
  if (!relationship.contentTypes.includes(event.type)) reasons.push(SuppressReason.ContentTypeOff);
  if (event.type === 'callerid' && !config.callerIdOnTv) reasons.push(SuppressReason.CallerIdOff);
  if (event.callerNumber && relationship.blockedCallers.includes(event.callerNumber)) {
    reasons.push(SuppressReason.CallerBlocked);
  }
  if (relationship.allowOnlyCallers && !relationship.allowOnlyCallers.includes(event.callerNumber)) {
    reasons.push(SuppressReason.CallerNotAllowed);
  }
  if (
    relationship.suspensions.some((s) => s.kind === 'dates' && s.from <= clock.date && clock.date <= s.to)
  ) {
    reasons.push(SuppressReason.SuspendedDates);
  }
  if (relationship.windows.length > 0 && !relationship.windows.some((w) => inWindow(w, clock))) {
    reasons.push(SuppressReason.OutsideWindow);
  }
  const programme = display?.programme;
  if (
    programme &&
    Date.parse(programme.start) <= now.getTime() &&
    now.getTime() < Date.parse(programme.end) &&
    relationship.suspensions.some(
      (s) =>
        s.kind === 'programme' &&
        sameName(s.channel, display.channel ?? '') &&
        sameName(s.title, programme.title),
    )
  ) {
    reasons.push(SuppressReason.SuspendedProgramme);
  }
  if (reasons.length > 0) return { deviceId, outcome: 'suppress', reasons, relationshipId: relationship.id };

  const show = displayPrivacy(config, deviceId, event.callerNumber);
  if (display?.quietUntil && Date.parse(display.quietUntil) > now.getTime()) {
    return {
      deviceId,
      outcome: 'defer',
      show,
      until: display.quietUntil,
      reason: 'quiet-for-programme',
      relationshipId: relationship.id,
    };
  }
  return { deviceId, outcome: 'deliver', show, relationshipId: relationship.id };
}

function inWindow(window: { days: number[]; start: string; end: string }, clock: WallClock): boolean {
  return (
    window.days.includes(clock.weekday) &&
    minutesOf(window.start) <= clock.minutes &&
    clock.minutes < minutesOf(window.end)
  );
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The household's wall clock at an instant. Converting each instant (rather than adding a fixed offset) is what
 * keeps windows right across daylight-saving changes: 09:10 is 15:10 UTC in Denver in summer and 16:10 in winter,
 * and the repeated hour in autumn is simply two instants with the same wall time.
 */
export function wallClock(instant: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday!]!,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * How much a display may show of this person (who called or wrote, or whom a text of the household went to): its
 * privacy level, or "private" where the household listed the number as a private caller there.
 */
export function displayPrivacy(
  config: PolicyConfig,
  deviceId: string,
  number: string | null | undefined,
): PrivacyLevel {
  const privacy = config.privacy[deviceId];
  if (privacy && number && privacy.privateCallers.includes(number)) return 'private';
  return privacy?.level ?? 'name-and-number';
}
