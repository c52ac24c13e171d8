import { filter, map, NEVER } from 'rxjs';
import type { EnrollmentGranted } from '../protocol/index.ts';
import type { DeviceCredentials, PlatformAdapter } from '../platform-adapters/contract/index.ts';
import type { IDBPDatabase } from 'idb';
import type { ClientStores } from '../client/storage/client-stores.ts';
import type { Logger } from '../client/log.ts';
import type { AppConfig } from './core/config.ts';
import type { EventBus } from './core/event-bus.ts';
import type { AppEvents } from './core/events.ts';
import { AppError, AppErrorCode } from '../client/errors.ts';
import { createLogger } from '../client/log.ts';
import type { Enrollment } from './features/enrollment/start-enrollment.ts';
import { createAudioPlayer } from '../media/create-audio-player.ts';
import { VoicemailPlayback } from './features/player/voicemail-playback.ts';
import { IncomingCalls } from './features/callerid/incoming-call.ts';
import { OutcomeReporter } from './features/deliveries/outcome-reporter.ts';
import { ScreenService } from './features/screen/screen-service.ts';
import { TextingService } from './features/texts/texting-service.ts';
import { AlertQueue } from './features/voicemail/alert-queue.ts';
import { InboxStore } from '../client/inbox/inbox-store.ts';
import { ListenFlow } from '../client/voicemail/listen-flow.ts';
import { VoicemailAlertService } from './features/voicemail/voicemail-alert-service.ts';
import { ApiClient } from '../client/net/api-client.ts';
import { PushClient } from '../client/net/push-client.ts';
import { openTvDb, type TvDb } from './storage/db.ts';
import { clientStoresOf } from '../client/storage/client-stores.ts';
import { IdbPushCursorStore } from '../client/storage/push-cursor-store.ts';
import { ShownEvents } from '../client/storage/shown-events.ts';
import { routeKey } from './shell/key-router.ts';
import { STAGE } from './ui/theme.ts';
import { traceFrames } from './ui/frame-timing.ts';
import { TvRoot } from './shell/tv-root.ts';
import { focusLabel } from './shell/focus-label.ts';
import { Announcer } from './core/announcer.ts';

/** How long start-up waits for the first frame before going on without it (a hidden page draws none). */
const FIRST_FRAME_WAIT_MS = 100;

export interface TvAppDeps {
  adapter: PlatformAdapter;
  config: AppConfig;
  /** Where the Lightning canvas goes. */
  container: HTMLElement;
  /** The IndexedDB database name (tests use a fresh one each). */
  dbName?: string;
  /** The viewport the stage is scaled into. */
  viewport?: { width: number; height: number };
}

/** How an instance tells the app its device changed: enrolled now, or no longer one of the household's. */
export interface TvInstanceEvents {
  /** The TV enrolled and stored its new credentials: start again, with them. */
  enrolled(granted: EnrollmentGranted): void;
  /** The backend refused this device's token (removed by the household, expired, unknown): enroll again. */
  signedOut(reason: 'revoked' | 'token-refused'): void;
}

/** One life of the TV app: with one device token, or with none, enrolling. */
export interface TvInstance {
  root: TvRoot;
  push: PushClient | null;
  alerts: AlertQueue;
  calls: IncomingCalls;
  flow: ListenFlow | null;
  inbox: InboxStore | null;
  texting: TextingService | null;
  /** The enrollment under way; null when the TV has a token. */
  enrollment: Enrollment | null;
  /** Lets go of everything the instance started, but not the platform adapter (the app outlives instances). */
  dispose(): void;
}

/**
 * Builds one instance of the TV app over the platform adapter: the scene, storage and alert queue, and then either
 * the device's services (push channel, API, inbox, texts) when it has credentials, or the enrollment screen when it
 * has none. {@link createTvApp} starts a new instance when the device enrolls or is signed out.
 */
export async function startTvInstance(
  deps: TvAppDeps,
  bus: EventBus<AppEvents>,
  events: TvInstanceEvents,
): Promise<TvInstance> {
  const { adapter, config } = deps;
  const log = createLogger('tv-app');

  const viewport = deps.viewport ?? { width: window.innerWidth, height: window.innerHeight };
  // Draw at the viewport's size, laid out on the 1920×1080 design grid (the SDK's Launch does the same).
  const precision = Math.min(viewport.width / STAGE.w, viewport.height / STAGE.h) || 1;
  const root = new TvRoot({
    stage: { w: STAGE.w * precision, h: STAGE.h * precision, precision, clearColor: 0x00000000 },
    keys: null,
    defaultFontFace: 'sans-serif',
  } as unknown as ConstructorParameters<typeof TvRoot>[0]);
  deps.container.appendChild(root.stage.getCanvas());
  // Installed before anything awaits, so the very first frame is seen.
  const timing = config.perf ? traceFrames(root.stage, window) : null;
  const offTiming = timing ? bus.on('voicemail:received', () => timing.alert()) : null;

  // The shell's first frame before the rest of start-up (storage, the device's services, the push channel), which
  // would otherwise run in front of it; a page that draws no frame (hidden) goes on after a moment.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FIRST_FRAME_WAIT_MS);
    root.stage.once('frameEnd', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const db = await openTvDb(deps.dbName);
  // One connection: typed by the client's stores for the client's classes, by the whole TV schema for texting.
  const clientDb = clientStoresOf(db);
  const alerts = new AlertQueue(config.alertMs, bus);
  const shown = new ShownEvents(clientDb);
  // The ids shown before, read now so the first alert checks them in memory (after the prune's write, in order).
  void shown.prune();
  // A failed read is tried again, and reported, by the first alert's claim.
  shown.load().catch(() => undefined);
  const voicemail = new VoicemailAlertService({
    shown,
    queue: alerts,
    bus,
    isVisible: () => adapter.isVisible(),
  });
  const calls = new IncomingCalls();

  const credentials = await adapter.getCredentials();
  const exitService = adapter.capabilities.canExit
    ? { exit: { ask: adapter.capabilities.asksBeforeExit, leave: () => adapter.exit() } }
    : {};
  const ctx: InstanceContext = {
    deps,
    bus,
    events,
    root,
    db,
    clientDb,
    alerts,
    calls,
    voicemail,
    log,
    exitService,
  };
  const built = credentials ? await buildPairedApp(ctx, credentials) : await buildUnpairedApp(ctx);
  const { push, flow, inbox, texting, enrollment } = built;
  // Voice guidance: what happens, said through the platform's speech when its accessibility setting is on.
  const announcer = new Announcer({
    speak: (text, options) => adapter.speak(text, options),
    bus,
    focus$: root.focusChanges$.pipe(
      filter((focused) => focused !== root),
      map(focusLabel),
    ),
    ...(built.playback
      ? {
          // A failure is said once its error has reached the status (the state changes first), with its reason.
          player$: built.playback.status$.pipe(
            filter((status) => status.state !== 'error' || status.error !== null),
            map(({ state, failure }) => ({ state, failure })),
          ),
        }
      : {}),
    ...(flow ? { flow$: flow.state$ } : {}),
  });

  const offs = [
    adapter.on('key:pressed', (key) => routeKey(root, key)),
    // Platforms pause or close apps in the background (DESIGN.md §6): let the socket go, catch up on return.
    adapter.on('lifecycle:visibility-changed', ({ visible }) => (visible ? push?.resume() : push?.pause())),
    adapter.on('lifecycle:relaunched', () => push?.resume()),
    adapter.on('network:changed', ({ online }) => online && push?.resume()),
  ];
  if (adapter.isVisible()) push?.start();
  else push?.pause();
  // Refresh the saved inbox from the server in the background; the saved copy is already on screen.
  void inbox?.sync();

  let disposed = false;
  return {
    root,
    push,
    alerts,
    calls,
    flow,
    inbox,
    texting,
    enrollment,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const off of offs) off();
      announcer.dispose();
      offTiming?.();
      timing?.stop();
      built.stop();
      voicemail.dispose();
      alerts.dispose();
      calls.dispose();
      built.dispose();
      const canvas = root.stage.getCanvas();
      root.destroy();
      canvas.remove();
      db.close();
    },
  };
}

/** What both builders get: the instance's scene, storage and the parts every TV has. */
interface InstanceContext {
  deps: TvAppDeps;
  bus: EventBus<AppEvents>;
  events: TvInstanceEvents;
  root: TvRoot;
  db: IDBPDatabase<TvDb>;
  clientDb: IDBPDatabase<ClientStores>;
  alerts: AlertQueue;
  calls: IncomingCalls;
  voicemail: VoicemailAlertService;
  log: Logger;
  exitService: { exit?: { ask: boolean; leave(): void } };
}

/** What a builder adds to the instance: the paired TV's services, or the enrollment under way. */
interface BuiltApp {
  push: PushClient | null;
  flow: ListenFlow | null;
  inbox: InboxStore | null;
  texting: TextingService | null;
  enrollment: Enrollment | null;
  /** The voicemail player, on a paired TV (voice guidance says its state). */
  playback: VoicemailPlayback | null;
  /** Stops the enrollment, or the listen flow and the push channel: before the alerts and calls they feed end. */
  stop(): void;
  /** Lets go of the rest, after the alerts and calls. */
  dispose(): void;
}

/** The product: a TV with a device token — push channel, API, inbox, listen flow, texts, quiet programmes. */
async function buildPairedApp(ctx: InstanceContext, credentials: DeviceCredentials): Promise<BuiltApp> {
  const { deps, bus, events, root, db, clientDb, alerts, calls, voicemail, log } = ctx;
  const { adapter, config } = deps;
  const push = new PushClient({
    url: config.pushUrl,
    credentials,
    cursorStore: new IdbPushCursorStore(clientDb),
    // The alert first, the inbox after: IndexedDB commits one transaction at a time, and an inbox write in
    // flight held the first alert back by ~25 ms (bench/tv-frame-timing.ts). Acting on an alert needs only the
    // alert's own data. The event is acknowledged when both are done.
    onEvent: async (event, { replayed }) => {
      calls.handle(event);
      await voicemail.handle(event, replayed);
      await inbox.apply(event);
      await texts.handle(event);
    },
    onError: (error) => bus.emit('app:error', { error }),
    log: createLogger('push'),
  });
  push.state$.subscribe((state) => {
    bus.emit('push:state-changed', { state });
    if (state === 'revoked') events.signedOut('revoked');
    if (state === 'unauthorized') events.signedOut('token-refused');
  });
  const api = new ApiClient({
    baseUrl: config.apiUrl,
    credentials,
    onTokenRefused: () => events.signedOut('token-refused'),
  });
  const playback = new VoicemailPlayback({
    api,
    adapter,
    createPlayer: (source) => createAudioPlayer(source, deps.container),
  });
  const flow = new ListenFlow({ api, playback });
  const inbox = new InboxStore({ db: clientDb, api });
  await inbox.load();
  const texts = new TextingService({
    db,
    api,
    log: createLogger('texting'),
    waitMinutes: config.textWaitMinutes,
  });
  await texts.load();
  // On every (re)connection: say what this TV can do, read which phones allow it, send what waited.
  push.state$.subscribe((state) => {
    if (state === 'online') {
      texts.connect().catch((error: Error) => log.warn(`texting: ${error.message}`));
    }
  });
  const screen = new ScreenService({ adapter, api, log: createLogger('screen') });
  const outcomes = new OutcomeReporter({ api, log: createLogger('outcomes') });
  outcomes.watch(bus, calls.current$, voicemail.summaries$);
  screen.start(push.state$);
  root.bindServices({
    ...ctx.exitService,
    alerts,
    calls,
    pushState$: push.state$,
    flow,
    playback,
    inbox,
    quietForProgramme: () => screen.quietForProgramme(),
    summaries$: voicemail.summaries$.pipe(map((s) => s.text)),
    texting: {
      service: texts,
      // The names the household knows: voicemail callers.
      names: (number) =>
        inbox.messages$.value.find((m) => m.callerNumber === number && m.callerName.trim())?.callerName ??
        null,
      alertMs: config.alertMs,
    },
  });
  return {
    push,
    flow,
    inbox,
    texting: texts,
    enrollment: null,
    playback,
    stop() {
      flow.close();
      push.stop();
    },
    dispose() {
      inbox.dispose();
      screen.dispose();
      outcomes.dispose();
    },
  };
}

/** A TV with no device token yet: the enrollment screen, and nothing else to do until it enrolls. */
async function buildUnpairedApp(ctx: InstanceContext): Promise<BuiltApp> {
  const { deps, bus, events, root, alerts, calls } = ctx;
  const { adapter, config } = deps;
  // No token yet: no channel, so no state changes to show; the enrollment screen takes the keys.
  root.bindServices({ alerts, calls, pushState$: NEVER, ...ctx.exitService });
  const { startEnrollment } = await import('./features/enrollment/start-enrollment.ts');
  const enrollment = startEnrollment({
    root,
    adapter,
    apiUrl: config.apiUrl,
    log: createLogger('enrollment'),
    onEnrolled: (granted) => {
      adapter
        .setCredentials({ deviceId: granted.deviceId, token: granted.token })
        .then(() => events.enrolled(granted))
        .catch((cause: unknown) =>
          bus.emit('app:error', {
            error: new AppError(AppErrorCode.EnrollFailed, 'the device token could not be stored', {
              cause,
            }),
          }),
        );
    },
  });
  return {
    push: null,
    flow: null,
    inbox: null,
    texting: null,
    enrollment,
    playback: null,
    stop: () => enrollment.stop(),
    dispose: () => undefined,
  };
}
