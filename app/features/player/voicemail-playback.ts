import { BehaviorSubject } from 'rxjs';
import type { AudioPlayer, AudioSource, PlayerState } from '../../../media/audio-player.ts';
import type { MediaError } from '../../../media/errors.ts';
import type { PlatformAdapter } from '../../../platform-adapters/contract/index.ts';
import type { UnlockResponse, VoicemailMessage } from '../../../protocol/index.ts';
import { audioRefusal, type ApiClient } from '../../../client/net/api-client.ts';

export interface PlaybackStatus {
  state: PlayerState;
  currentTime: number;
  duration: number;
  buffering: boolean;
  error: MediaError | null;
  /** The server's reason code when it refused the audio (`truncated`, `corrupt`, `unsupported`, or an error code). */
  failure: string | null;
}

const IDLE: PlaybackStatus = {
  state: 'idle',
  currentTime: 0,
  duration: NaN,
  buffering: false,
  error: null,
  failure: null,
};

/**
 * Plays one unlocked voicemail: lowers the programme's sound through the platform adapter for as long as the
 * message plays, restores it however playback ends (stop, end, error, leaving the screen), and tells the server
 * the message was heard when it has played to the end.
 */
export class VoicemailPlayback {
  readonly status$ = new BehaviorSubject<PlaybackStatus>(IDLE);
  private readonly api: ApiClient;
  private readonly adapter: PlatformAdapter;
  private readonly createPlayer: (source: AudioSource) => AudioPlayer;
  private player: AudioPlayer | null = null;
  /** Made ready while the PIN was checked; the next start plays through it. */
  private prepared: AudioPlayer | null = null;
  private ducked = false;

  constructor(deps: {
    api: ApiClient;
    adapter: PlatformAdapter;
    createPlayer: (source: AudioSource) => AudioPlayer;
  }) {
    this.api = deps.api;
    this.adapter = deps.adapter;
    this.createPlayer = deps.createPlayer;
  }

  get audio(): AudioPlayer | null {
    return this.player;
  }

  /**
   * While the PIN is checked: a player with its engine made ready (the MediaSource opened), so the stream's first
   * bytes go straight into it when the session comes. Every listen is progressive, so the kind is known already.
   * Given the id the session will have, a player that fetches for itself asks for the audio now, with the
   * device's token: the server answers it the moment the PIN is accepted.
   */
  prepare(sessionId?: string): void {
    this.close();
    const early: AudioSource | undefined =
      sessionId === undefined ? undefined : { ...this.api.audioRequest(sessionId), kind: 'progressive' };
    const player = this.createPlayer(early ?? { url: '', kind: 'progressive' });
    player.prepare(early);
    this.prepared = player;
  }

  async start(message: Pick<VoicemailMessage, 'id' | 'durationSec'>, session: UnlockResponse): Promise<void> {
    const prepared = this.prepared;
    this.prepared = null;
    this.close();
    const source: AudioSource = {
      url: this.api.resolve(session.audioUrl),
      kind: 'progressive',
      durationHint: message.durationSec,
    };
    const player = prepared ?? this.createPlayer(source);
    this.player = player;
    const update = (patch: Partial<PlaybackStatus>) => this.status$.next({ ...this.status$.value, ...patch });
    player.on('state-changed', ({ state }) => {
      update({ state, currentTime: player.currentTime, duration: player.duration });
      if (state === 'ended') {
        void this.restoreProgramme();
        this.api.markHeard(message.id, session.sessionId).catch(() => undefined);
      }
      if (state === 'stopped' || state === 'error') void this.restoreProgramme();
      if (state === 'playing') void this.duckProgramme();
    });
    player.on('time-updated', ({ currentTime, duration }) => update({ currentTime, duration }));
    player.on('buffering-changed', ({ buffering }) => update({ buffering }));
    player.on('error', ({ error }) => {
      // The server's refusal as the player read it, with the error in one update (so it is said once); else ask
      // the server why (an `<audio>` element cannot read it).
      const refused = error.refusal ? audioRefusal(error.refusal.body) : null;
      if (refused) {
        update({ error, failure: refused.reason ?? refused.code });
        return;
      }
      update({ error });
      void this.api.audioFailure(source.url).then((failure) => {
        if (failure && this.player === player) update({ failure: failure.reason ?? failure.code });
      });
    });
    this.status$.next({ ...IDLE, state: 'loading', duration: message.durationSec });
    await player.load(source);
    await player.play();
  }

  /** Leaves the player: stops, releases the engine, and gives the programme its sound back. */
  close(): void {
    this.player?.destroy();
    this.player = null;
    this.prepared?.destroy();
    this.prepared = null;
    void this.restoreProgramme();
    this.status$.next(IDLE);
  }

  private async duckProgramme(): Promise<void> {
    if (this.ducked) return;
    this.ducked = true;
    await this.adapter.setProgrammeAudio('ducked');
  }

  private async restoreProgramme(): Promise<void> {
    if (!this.ducked) return;
    this.ducked = false;
    await this.adapter.setProgrammeAudio('normal');
  }
}
