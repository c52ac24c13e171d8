import type { EnrollmentGranted } from '../protocol/index.ts';
import { EventBus } from './core/event-bus.ts';
import type { AppEvents } from './core/events.ts';
import { createLogger } from '../client/log.ts';
import { startTvInstance, type TvAppDeps, type TvInstance } from './tv-instance.ts';

export type { TvAppDeps } from './tv-instance.ts';

/**
 * The TV app as `main.ts` and the tests hold it. Its parts belong to the instance running now: a TV that enrolls,
 * or that its household removes, starts a new instance in place (no page reload), so read them each time.
 */
export interface TvApp extends Omit<TvInstance, 'dispose'> {
  /** One bus for the app's whole life: listeners stay across instances. */
  bus: EventBus<AppEvents>;
  /** Resolves once no instance change is under way (tests wait on it). */
  settled(): Promise<void>;
  dispose(): void;
}

/**
 * Builds and starts the TV app from a platform adapter and a config. `main.ts` and the browser tests call this.
 *
 * A TV without credentials shows the enrollment screen; once it enrolls, the instance is replaced by one with the
 * device's services. When the backend refuses the token (the household removed the TV: close code 4403, or a 401),
 * the credentials are forgotten and the enrollment screen comes back with a fresh code.
 */
export async function createTvApp(deps: TvAppDeps): Promise<TvApp> {
  const { adapter } = deps;
  const log = createLogger('tv-app');
  const bus = new EventBus<AppEvents>();
  bus.on('app:error', ({ error }) => log.error(`${error.code}: ${error.message}`, error.cause ?? ''));

  let disposed = false;
  let changing: Promise<void> = Promise.resolve();

  /** Each instance reports once: a revoked push channel and a refused request are one sign-out. */
  const eventsFor = () => {
    let ended = false;
    /** Replaces this instance (after `before`); false when it is already being replaced. */
    const replace = (before: () => Promise<void>): boolean => {
      if (ended || disposed) return false;
      ended = true;
      changing = changing
        .then(async () => {
          if (disposed) return;
          instance.dispose();
          await before();
          if (disposed) return;
          const next = await startTvInstance(deps, bus, eventsFor());
          if (disposed) next.dispose();
          else instance = next;
        })
        .catch((error: unknown) => log.error('the TV app could not start again', error));
      return true;
    };
    return {
      enrolled: (granted: EnrollmentGranted) => {
        if (!replace(() => Promise.resolve())) return;
        log.info(`enrolled as ${granted.deviceId} (${granted.name})`);
        bus.emit('device:enrolled', { deviceId: granted.deviceId });
      },
      signedOut: (reason: 'revoked' | 'token-refused') => {
        if (!replace(() => adapter.clearCredentials())) return;
        log.warn(`this TV's token was refused (${reason}); enrolling again`);
        bus.emit('device:signed-out', { reason });
      },
    };
  };

  let instance = await startTvInstance(deps, bus, eventsFor());
  adapter.start();
  adapter.ready();

  return {
    bus,
    get root() {
      return instance.root;
    },
    get push() {
      return instance.push;
    },
    get alerts() {
      return instance.alerts;
    },
    get calls() {
      return instance.calls;
    },
    get flow() {
      return instance.flow;
    },
    get inbox() {
      return instance.inbox;
    },
    get texting() {
      return instance.texting;
    },
    get enrollment() {
      return instance.enrollment;
    },
    settled: () => changing,
    dispose() {
      if (disposed) return;
      disposed = true;
      instance.dispose();
      adapter.dispose();
    },
  };
}
