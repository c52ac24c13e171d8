import { ErrorCode, type Programme } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { ScreenState } from '../policy/policy-engine.ts';
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
export class ScreenStates {
  private readonly store: Pick<Database, 'devices'>;
  private readonly guide: ProgrammeGuide;
  private readonly now: () => Date;
  private readonly screens = new Map<string, Reported>();

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
    const before = this.screens.get(deviceId);
    const quiet = before && before.channel === channel ? before.quiet : null;
    this.screens.set(deviceId, { channel, quiet });
    return Boolean(before?.quiet) && quiet === null;
  }

  /** Alerts for this screen wait until the programme on it ends. Refused when no programme is known. */
  async quietForProgramme(deviceId: string): Promise<{ until: string; programme: Programme }> {
    const channel = this.screens.get(deviceId)?.channel ?? null;
    const programme = channel === null ? null : await this.guide.onNow(channel, this.now());
    if (!programme) {
      throw new ApiError(
        ErrorCode.NoProgramme,
        'this screen has not said what it is showing, or the guide has no programme for it',
      );
    }
    const quiet = { until: programme.end, programme };
    this.screens.set(deviceId, { channel, quiet });
    return quiet;
  }

  /** The viewer wants alerts again before the programme ends. */
  endQuiet(deviceId: string): void {
    const screen = this.screens.get(deviceId);
    if (screen) screen.quiet = null;
  }

  /** What the backend knows of the screen now (its own `GET /api/screens/me`). */
  view(deviceId: string): Promise<ScreenState> {
    return this.stateOf(deviceId, this.now());
  }

  /** The policy engine's view of every screen of the household at `now`. */
  async statesFor(householdId: string, now: Date): Promise<Record<string, ScreenState>> {
    const screens = (await this.store.devices.list(householdId)).filter((d) => d.kind === 'stb');
    const states = await Promise.all(
      screens.map(async (d) => [d.id, await this.stateOf(d.id, now)] as const),
    );
    return Object.fromEntries(states);
  }

  /** The programme a screen's quiet was for (for the summary), if it is quiet. */
  quietProgramme(deviceId: string): Programme | null {
    return this.screens.get(deviceId)?.quiet?.programme ?? null;
  }

  private async stateOf(deviceId: string, now: Date): Promise<ScreenState> {
    const screen = this.screens.get(deviceId);
    if (!screen) return { channel: null, programme: null, quietUntil: null };
    const programme = screen.channel === null ? null : await this.guide.onNow(screen.channel, now);
    const quietUntil =
      screen.quiet && Date.parse(screen.quiet.until) > now.getTime() ? screen.quiet.until : null;
    return { channel: screen.channel, programme, quietUntil };
  }
}
