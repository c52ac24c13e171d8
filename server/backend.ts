import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { DirectoryKind } from '../protocol/index.ts';
import { HttpAccountDirectory } from './accounts/account-directory.ts';
import { createApp, type AppDeps, type CouchlineApp } from './app.ts';
import type { Config } from './config.ts';
import { RedisPresence, type Presence } from './cluster/presence.ts';
import { RedisSharedState } from './cluster/redis-shared-state.ts';
import type { ReadinessCheck } from './cluster/health-routes.ts';
import { RedisBus } from './push/redis-bus.ts';
import { JwksDeviceAuthority } from './enrollment/device-assertions.ts';
import type { Logger } from './log.ts';
import { HttpProgrammeGuide } from './displays/programme-guide.ts';
import { ensureDemoJointLogin, seedDemoHousehold } from './seed.ts';
import { openDatabase } from './store/database.ts';
import type { Database } from './store/database.ts';
import { Transcoder } from './transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from './voicemail/voicemail-server-client.ts';

export interface BackendOptions {
  log: Logger;
  /**
   * Puts a SIM in an enrolled phone: only where the SMS network is ours to hand SIMs out of, as the simulated one
   * of `npm start` is (the phone page plays a handset). Real phones have their own.
   */
  issueSim?: AppDeps['issueSim'];
}

export interface RunningBackend {
  app: CouchlineApp;
  store: Database;
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The demo joint account's password when it was just chosen (the first start), to be shown once. */
  demoJointPassword: string | null;
  /** Stops listening and closes the database. */
  close(): Promise<void>;
}

/**
 * Our backend from its configuration: its database in the data folder (with the demo household unless
 * COUCHLINE_DEMO=0), the carriers at the URLs the configuration names, the built pages from `staticDir`, listening
 * on `host:port`. `node server/main.ts` runs it alone; `npm start` (scripts/product.ts) beside the simulated
 * carriers. Rejects with a message for people when the configuration is incomplete or the port is taken.
 */
export async function serveBackend(config: Config, options: BackendOptions): Promise<RunningBackend> {
  const isApi = config.roles.has('api');
  // A gateway-only process never calls a carrier: it needs no carrier settings.
  if (isApi && !config.voicemailServerUrl) {
    throw new Error("set COUCHLINE_VOICEMAIL_SERVER_URL to the carrier's voicemail server");
  }
  if (isApi && !config.wirelessDirectoryUrl !== !config.cableDirectoryUrl) {
    throw new Error(
      'set both COUCHLINE_WIRELESS_DIRECTORY_URL and COUCHLINE_CABLE_DIRECTORY_URL, or neither',
    );
  }
  const { log } = options;
  const shared = config.redisUrl ? await connectRedis(config.redisUrl, log) : null;
  const store = await openDatabase(config.database, log).catch(async (error: unknown) => {
    await shared?.close();
    throw error;
  });
  // The API process makes the demo household; gateways only read it (two writers would race for its rows).
  const demoHouseholdId = config.demo && isApi ? await seedDemoHousehold(store) : null;
  const demoJointPassword = config.demo && isApi ? await ensureDemoJointLogin(store) : null;
  const staticRoot = relative(process.cwd(), config.staticDir) || '.';
  const directoryUrls = { wireless: config.wirelessDirectoryUrl, cable: config.cableDirectoryUrl };
  const directoryClient = (kind: DirectoryKind, baseUrl: string) =>
    new HttpAccountDirectory({
      kind,
      carrierName: config.directoryNames[kind],
      baseUrl,
      apiKey: config.directoryApiKey,
    });
  const deviceAuthUrl = config.cableDeviceAuthUrl ?? config.cableDirectoryUrl;

  const app = createApp({
    store,
    log,
    webhookSecret: config.webhookSecret,
    voicemailServer: new HttpVoicemailServerClient({
      // Only the API's routes call the carrier; a gateway-only process (no URL needed) gets one that refuses.
      baseUrl: config.voicemailServerUrl ?? 'http://127.0.0.1:0',
      apiKey: config.carrierApiKey,
    }),
    transcoder: new Transcoder({
      cacheDir: join(config.dataDir, 'transcoded'),
      log: log.child('transcoder'),
    }),
    ...(config.epgUrl
      ? {
          programmeGuide: new HttpProgrammeGuide({
            baseUrl: config.epgUrl,
            log: log.child('programme-guide'),
          }),
        }
      : {}),
    ...(directoryUrls.wireless && directoryUrls.cable
      ? {
          directories: {
            wireless: directoryClient('wireless', directoryUrls.wireless),
            cable: directoryClient('cable', directoryUrls.cable),
          },
        }
      : {}),
    deviceAuthority: deviceAuthUrl
      ? new JwksDeviceAuthority({ url: deviceAuthUrl, issuer: config.cableDeviceAuthIssuer })
      : null,
    demoHouseholdId,
    demoOnAnyHost: config.demoOnAnyHost,
    publicUrl: config.publicUrl,
    operatorKey: config.operatorKey,
    ...(options.issueSim ? { issueSim: options.issueSim } : {}),
    heartbeatMs: config.heartbeatMs,
    metricsToken: config.metricsToken,
    trustedProxies: config.trustedProxies,
    roles: config.roles,
    ...(shared
      ? {
          bus: shared.bus,
          presence: shared.presence,
          sharedState: shared.state,
          readinessChecks: shared.checks,
        }
      : {}),
    mount: (http) => http.use('/*', serveStatic({ root: staticRoot })),
  });
  const { url } = await app.listen(config.port, config.host).catch(async (error: NodeJS.ErrnoException) => {
    await app.close();
    await store.close();
    await shared?.close();
    if (error.code !== 'EADDRINUSE') throw error;
    throw new Error(
      `port ${config.port} is in use (is Couchline already running?); set COUCHLINE_PORT to use another`,
      { cause: error },
    );
  });
  return {
    app,
    store,
    url,
    demoJointPassword,
    async close() {
      await app.close();
      await store.close();
      await shared?.close();
    },
  };
}

/**
 * Past one process: the bus and presence on the Redis the processes share, and its readiness check. Waits for
 * Redis at start, so a wrong URL stops the process with a message rather than leaving it unready for good.
 */
async function connectRedis(url: string, log: Logger) {
  const bus = new RedisBus({ url, log: log.child('bus') });
  try {
    await bus.ready();
  } catch (error) {
    await bus.close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}: check COUCHLINE_REDIS_URL`, {
      cause: error,
    });
  }
  const presence: Presence = new RedisPresence({ url, log: log.child('presence') });
  const state = new RedisSharedState({ url, log: log.child('shared-state') });
  const checks: Record<string, ReadinessCheck> = { redis: () => bus.ping() };
  return {
    bus,
    presence,
    state,
    checks,
    async close() {
      await state.close();
      await presence.close();
      await bus.close();
    },
  };
}
