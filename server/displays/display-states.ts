import { ErrorCode, type Programme } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { DisplayState } from '../policy/policy-engine.ts';
import type { Database } from '../store/database.ts';
import type { ProgrammeGuide } from './programme-guide.ts';

interface Reported {
  channel: string | null;
  /** "Quiet for this programme": until when, and which programme it was. */
  quiet: { until: string; programme: Programme } | null;
}

/**
 * What each set-top box shows: the channel it last reported, the programme on it (from the operator's guide),
 * and the viewer's "Quiet for this programme". Kept in memory: a box reports its channel again when its channel
 * reconnects, and a quiet that a restart forgets only means the next alert is shown.
 */
export class DisplayStates {
  private readonly store: Pick<Database, 'devices'>;
  private readonly guide: ProgrammeGuide;
  private readonly now: () => Date;
  private readonly displays = new Map<string, Reported>();

  constructor(deps: { store: Pick<Database, 'devices'>; guide: ProgrammeGuide; now?: () => Date }) {
    this.store = deps.store;
    this.guide = deps.guide;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The box changed channel (or reports it after reconnecting). A quiet ends with a change of channel: the
   * programme is no longer watched. Returns whether a quiet ended (what waited should come now).
   */
  report(deviceId: string, channel: string | null): boolean {
    const before = this.displays.get(deviceId);
    const quiet = before && before.channel === channel ? before.quiet : null;
    this.displays.set(deviceId, { channel, quiet });
    return Boolean(before?.quiet) && quiet === null;
  }

  /** Alerts for this display wait until the programme on it ends. Refused when no programme is known. */
  async quietForProgramme(deviceId: string): Promise<{ until: string; programme: Programme }> {
    const channel = this.displays.get(deviceId)?.channel ?? null;
    const programme = channel === null ? null : await this.guide.onNow(channel, this.now());
    if (!programme) {
      throw new ApiError(
        ErrorCode.NoProgramme,
        'this display has not said what it is showing, or the guide has no programme for it',
      );
    }
    const quiet = { until: programme.end, programme };
    this.displays.set(deviceId, { channel, quiet });
    return quiet;
  }

  /** The viewer wants alerts again before the programme ends. */
  endQuiet(deviceId: string): void {
    const display = this.displays.get(deviceId);
    if (display) display.quiet = null;
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
  quietProgramme(deviceId: string): Programme | null {
    return this.displays.get(deviceId)?.quiet?.programme ?? null;
  }

  private async stateOf(deviceId: string, now: Date): Promise<DisplayState> {
    const display = this.displays.get(deviceId);
    if (!display) return { channel: null, programme: null, quietUntil: null };
    const programme = display.channel === null ? null : await this.guide.onNow(display.channel, now);
    const quietUntil =
      display.quiet && Date.parse(display.quiet.until) > now.getTime() ? display.quiet.until : null;
    return { channel: display.channel, programme, quietUntil };
  }
}
