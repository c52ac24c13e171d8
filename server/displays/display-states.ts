import { ErrorCode, type Programme } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import type { DisplayState } from '../policy/policy-engine.ts';
import type { Database } from '../store/database.ts';
import type { ProgrammeGuide } from './programme-guide.ts';

interface Reported {
  channel: string | null;
  /** "Quiet for this programme": until when, and which programme it was. */
  quiet: { until: string; programme: Programme } | null;
}

/**
 * A box reports its channel whenever its push channel connects, and changes; a box left on one channel and online
 * for weeks is still known (each read renews it). One not heard from or asked about for 30 days is forgotten.
 */
const REPORTED_TTL_MS = 30 * 24 * 60 * 60_000;
const reportedKey = (deviceId: string) => `display:${deviceId}`;

/**
 * What each set-top box shows: the channel it last reported, the programme on it (from the operator's guide),
 * and the viewer's "Quiet for this programme". In the shared state, so the API process that routes an alert
 * knows what the process that took the box's report heard (in memory with one process: a box reports its channel
 * again when its channel reconnects, and a quiet that a restart forgets only means the next alert is shown).
 * A display's own reports come one at a time from its box, so a read-then-write per display does not race.
 */
export class DisplayStates {
  private readonly store: Pick<Database, 'devices'>;
  private readonly guide: ProgrammeGuide;
  private readonly state: SharedState;
  private readonly now: () => Date;

  constructor(deps: {
    store: Pick<Database, 'devices'>;
    guide: ProgrammeGuide;
    state: SharedState;
    now?: () => Date;
  }) {
    this.store = deps.store;
    this.guide = deps.guide;
    this.state = deps.state;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The box changed channel (or reports it after reconnecting). A quiet ends with a change of channel: the
   * programme is no longer watched. Returns whether a quiet ended (what waited should come now).
   */
  async report(deviceId: string, channel: string | null): Promise<boolean> {
    const before = await this.reported(deviceId);
    const quiet = before && before.channel === channel ? before.quiet : null;
    await this.state.set(reportedKey(deviceId), { channel, quiet } satisfies Reported, REPORTED_TTL_MS);
    return Boolean(before?.quiet) && quiet === null;
  }

  /** Alerts for this display wait until the programme on it ends. Refused when no programme is known. */
  async quietForProgramme(deviceId: string): Promise<{ until: string; programme: Programme }> {
    const channel = (await this.reported(deviceId))?.channel ?? null;
    const programme = channel === null ? null : await this.guide.onNow(channel, this.now());
    if (!programme) {
      throw new ApiError(
        ErrorCode.NoProgramme,
        'this display has not said what it is showing, or the guide has no programme for it',
      );
    }
    const quiet = { until: programme.end, programme };
    await this.state.set(reportedKey(deviceId), { channel, quiet } satisfies Reported, REPORTED_TTL_MS);
    return quiet;
  }

  /** The viewer wants alerts again before the programme ends. */
  async endQuiet(deviceId: string): Promise<void> {
    const display = await this.reported(deviceId);
    if (display?.quiet) {
      await this.state.set(
        reportedKey(deviceId),
        { ...display, quiet: null } satisfies Reported,
        REPORTED_TTL_MS,
      );
    }
  }

  /** What the backend knows of the display now (its own `GET /api/displays/me`). */
  view(deviceId: string): Promise<DisplayState> {
    return this.stateOf(deviceId, this.now());
  }

  /** The policy engine's view of every display of the household at `now`. */
  async statesFor(householdId: string, now: Date): Promise<Record<string, DisplayState>> {
    const displays = (await this.store.devices.list(householdId)).filter((d) => d.kind === 'stb');
    const states = await Promise.all(
      displays.map(async (d) => [d.id, await this.stateOf(d.id, now)] as const),
    );
    return Object.fromEntries(states);
  }

  /** The programme a display's quiet was for (for the summary), if it is quiet. */
  async quietProgramme(deviceId: string): Promise<Programme | null> {
    return (await this.reported(deviceId))?.quiet?.programme ?? null;
  }

  private reported(deviceId: string): Promise<Reported | undefined> {
    return this.state.get<Reported>(reportedKey(deviceId), { renewMs: REPORTED_TTL_MS });
  }

  private async stateOf(deviceId: string, now: Date): Promise<DisplayState> {
    const display = await this.reported(deviceId);
    if (!display) return { channel: null, programme: null, quietUntil: null };
    const programme = display.channel === null ? null : await this.guide.onNow(display.channel, now);
    const quietUntil =
      display.quiet && Date.parse(display.quiet.until) > now.getTime() ? display.quiet.until : null;
    return { channel: display.channel, programme, quietUntil };
  }
}
