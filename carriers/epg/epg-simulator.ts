import { Hono } from 'hono';
import { ErrorCode } from '../../protocol/index.ts';
import { errorJson } from '../kit/respond.ts';

/**
 * The programme guide (EPG) a cable operator publishes, simulated: a few channels whose days repeat, on the
 * operator's wall clock, so "The Evening News" is at 18:00 local in winter and in summer alike. Its own HTTP
 * interface, like a real guide feed; programme suspensions ("not during the evening news on channel 4") and
 * "Quiet for this programme" read it.
 *
 *   GET /channels                             → { channels: [{ id, name }] }
 *   GET /channels/:id/schedule?from=…&to=…    → { programmes: [{ title, start, end }] }  (at most 7 days)
 *   GET /channels/:id/now?at=…                → { programme } (at defaults to now)
 */

export interface Programme {
  title: string;
  /** ISO instants. */
  start: string;
  end: string;
}

interface Slot {
  /** "HH:MM" local; each slot runs until the next one starts (the last until the first, next day). */
  start: string;
  title: string;
}

/** The demo guide: every day looks the same, which is all the rules need. */
export const DEMO_CHANNELS: { id: string; name: string; day: Slot[] }[] = [
  {
    id: '4',
    name: 'Channel 4',
    day: [
      { start: '06:00', title: 'Good Morning' },
      { start: '09:00', title: 'Daytime' },
      { start: '17:00', title: 'Quiz Hour' },
      { start: '18:00', title: 'The Evening News' },
      { start: '18:30', title: 'Local Weather' },
      { start: '19:00', title: 'Prime Time Drama' },
      { start: '22:00', title: 'Late News' },
      { start: '22:30', title: 'Night Movie' },
    ],
  },
  {
    id: '7',
    name: 'Channel 7',
    day: [
      { start: '00:00', title: 'Overnight' },
      { start: '07:00', title: 'Cartoons' },
      { start: '12:00', title: 'Sports Live' },
      { start: '18:00', title: 'Sports Roundup' },
      { start: '20:00', title: 'The Big Match' },
    ],
  },
];

const MAX_SPAN_MS = 7 * 24 * 3600_000;

export function createEpgSimulator(
  options: { timeZone?: string; channels?: typeof DEMO_CHANNELS; now?: () => Date } = {},
) {
  const timeZone = options.timeZone ?? 'America/Denver';
  const channels = options.channels ?? DEMO_CHANNELS;
  const now = options.now ?? (() => new Date());
  const app = new Hono();

  const channelOf = (id: string) => channels.find((c) => c.id === id);
  const instant = (raw: string | undefined, fallback: Date) => (raw === undefined ? fallback : new Date(raw));

  app.get('/channels', (c) => c.json({ channels: channels.map(({ id, name }) => ({ id, name })) }));

  app.get('/channels/:id/schedule', (c) => {
    const channel = channelOf(c.req.param('id'));
    if (!channel) return errorJson(c, 404, ErrorCode.NotFound, 'no such channel');
    const from = instant(c.req.query('from'), now());
    const to = instant(c.req.query('to'), new Date(from.getTime() + 24 * 3600_000));
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      return errorJson(c, 400, ErrorCode.ProtocolMalformed, 'from and to are ISO times, from before to');
    }
    if (to.getTime() - from.getTime() > MAX_SPAN_MS) {
      return errorJson(c, 400, ErrorCode.ProtocolMalformed, 'ask for at most 7 days at a time');
    }
    return c.json({ programmes: schedule(channel.day, timeZone, from, to) });
  });

  app.get('/channels/:id/now', (c) => {
    const channel = channelOf(c.req.param('id'));
    if (!channel) return errorJson(c, 404, ErrorCode.NotFound, 'no such channel');
    const at = instant(c.req.query('at'), now());
    if (Number.isNaN(at.getTime()))
      return errorJson(c, 400, ErrorCode.ProtocolMalformed, 'at is an ISO time');
    const [programme] = schedule(channel.day, timeZone, at, new Date(at.getTime() + 1));
    return c.json({ programme });
  });

  return { app };
}

/** The programmes that overlap [from, to), in order, built day by day on the guide's wall clock. */
export function schedule(day: Slot[], timeZone: string, from: Date, to: Date): Programme[] {
  const starts: { at: number; title: string }[] = [];
  // From the day before `from` (its last slot runs into `from`'s day) to the day after `to`.
  const first = addDays(wallClock(from, timeZone).date, -1);
  const last = addDays(wallClock(to, timeZone).date, 1);
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const slot of day) starts.push({ at: localInstant(date, slot.start, timeZone), title: slot.title });
  }
  const programmes: Programme[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const start = starts[i]!.at;
    const end = starts[i + 1]!.at;
    if (end <= from.getTime() || start >= to.getTime()) continue;
    programmes.push({
      title: starts[i]!.title,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
  }
  return programmes;
}

/**
 * The instant a wall-clock time names in a zone. A time the clocks skip (02:30 on the spring-forward day) is
 * taken as the moment after the jump; a repeated time (01:30 in autumn), as its first occurrence.
 */
export function localInstant(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wanted = Date.UTC(y!, mo! - 1, d, h, mi);
  // With the offset of half a day before and half a day after: the same unless the clocks change that day.
  const before = wanted - offsetAt(wanted - 12 * 3600_000, timeZone);
  const after = wanted - offsetAt(wanted + 12 * 3600_000, timeZone);
  const shows = (at: number) => at + offsetAt(at, timeZone) === wanted;
  const real = [before, after].filter(shows).sort((a, b) => a - b);
  // Skipped: the earlier offset puts it as far past the jump as it was meant to be past the hour.
  return real[0] ?? before;
}

/** The zone's offset from UTC at an instant, in milliseconds (−6 h in Denver in summer). */
function offsetAt(at: number, timeZone: string): number {
  const clock = wallClock(new Date(at), timeZone);
  const [y, mo, d] = clock.date.split('-').map(Number);
  const local = Date.UTC(y!, mo! - 1, d, 0, clock.minutes);
  return local - (at - (at % 60_000));
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The guide's wall clock at an instant: the local date and the minutes since local midnight. Converting each
 * instant (rather than adding a fixed offset) is what keeps the schedule right across daylight-saving changes.
 */
function wallClock(instant: Date, timeZone: string): { date: string; minutes: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
