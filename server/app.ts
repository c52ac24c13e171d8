import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { ErrorCode, type DirectoryKind } from '../protocol/index.ts';
import { CallerIdProxy } from './callerid/caller-id-proxy.ts';
import { DeliveryOutcomes } from './deliveries/delivery-outcomes.ts';
import { deliveryRoutes } from './deliveries/delivery-routes.ts';
import { createHttpServer } from './http/node-server.ts';
import { isLoopback } from './http/loopback.ts';
import { demoRoutes } from './demo/demo-routes.ts';
import { carrierHookRoutes } from './voicemail/carrier-hook-routes.ts';
import { ApiError } from './http/api-error.ts';
import { HTTP_STATUS } from './http/error-status.ts';
import { errorJson } from './http/respond.ts';
import { requestId } from './http/request-id.ts';
import { trustProxies } from './http/client-address.ts';
import type { DeviceAuthority } from './enrollment/device-assertions.ts';
import { DeviceCodes } from './enrollment/device-codes.ts';
import {
  enrollRoutes,
  householdPhoneRoutes,
  jointAccountDeviceRoutes,
  operatorRoutes,
} from './enrollment/enrollment-routes.ts';
import { EnrollmentService } from './enrollment/enrollment-service.ts';
import { HouseholdDevices } from './enrollment/household-devices.ts';
import { IdentityService } from './identity/identity-service.ts';
import { identityRoutes } from './identity/identity-routes.ts';
import { DeviceTokens } from './identity/tokens.ts';
import type { Logger } from './log.ts';
import { PushGateway } from './push/gateway.ts';
import { InProcessBus, type DeviceBus } from './push/device-bus.ts';
import { OutboxPublisher } from './push/outbox-publisher.ts';
import type { Publisher } from './push/publisher.ts';
import type { AccountDirectory } from './accounts/account-directory.ts';
import { accountLinkRoutes } from './provisioning/account-link-routes.ts';
import { AccountLinks } from './provisioning/account-links.ts';
import { LineConsent } from './provisioning/line-consent.ts';
import { consentRoutes, provisioningRoutes } from './provisioning/provisioning-routes.ts';
import { ProvisioningService } from './provisioning/provisioning-service.ts';
import { RoutingAnnouncer } from './push/routing-announcer.ts';
import { DeferredAlerts } from './displays/deferred-alerts.ts';
import { NO_GUIDE, type ProgrammeGuide } from './displays/programme-guide.ts';
import { displayRoutes } from './displays/display-routes.ts';
import { DisplayStates } from './displays/display-states.ts';
import type { Database } from './store/database.ts';
import { TextRelay } from './texts/text-relay.ts';
import { textRoutes } from './texts/text-routes.ts';
import type { Transcoder } from './transcoder/transcoder.ts';
import { VoicemailActions } from './voicemail/voicemail-actions.ts';
import { VoicemailProxy } from './voicemail/voicemail-proxy.ts';
import { voicemailRoutes } from './voicemail/voicemail-routes.ts';
import { WebhookVerifier } from './voicemail/webhook-signature.ts';
import type { VoicemailServerClient } from './voicemail/voicemail-server-client.ts';
import { ROLES, type Role } from './cluster/cluster-settings.ts';
import { healthRoutes, type ReadinessCheck } from './cluster/health-routes.ts';
import { LocalPresence, type Presence } from './cluster/presence.ts';
import { MemorySharedState, type SharedState } from './cluster/shared-state.ts';
import { Metrics } from './ops/metrics.ts';
import { countApiErrors, metricsRoutes } from './ops/metrics-routes.ts';
import { isStoreUnavailable } from './store/store-unavailable.ts';

/** How long a client is asked to wait when the database is away: a restart or a failover takes seconds. */
const STORE_RETRY_AFTER_SEC = 5;

export interface AppDeps {
  store: Database;
  log: Logger;
  /**
   * Shared with the voicemail server, which signs its webhooks with it (Standard Webhooks): `whsec_<base64>`, or a
   * secret of the format before it (its bytes are the key; see `webhookSecret()`).
   */
  webhookSecret: string;
  /** The clock webhook timestamps are judged by (±5 minutes); tests move it. */
  webhookClock?: () => number;
  /** The carrier's voicemail server (the simulator by default; a real carrier by configuration). */
  voicemailServer: VoicemailServerClient;
  transcoder: Transcoder;
  /**
   * The carriers' account directories (wireless and cable) the provisioning service logs into. Without them the
   * setup API is not mounted (tests of other parts).
   */
  directories?: Record<DirectoryKind, AccountDirectory>;
  /** The cable operator's programme guide (the EPG simulator's by default); without it no programme is known. */
  programmeGuide?: ProgrammeGuide;
  /**
   * Puts a SIM for the line in an enrolled phone (the SMS network's URL and a fresh key), as the phone page plays
   * a handset; only the enrolled phone of a line ever gets its key. Null for a line the network does not serve.
   */
  issueSim?: (phoneNumber: string) => { networkUrl: string; key: string } | null;
  /** The cable operator's device-auth service, for zero-touch enrollment of its boxes. */
  deviceAuthority?: DeviceAuthority | null;
  /** The key an operator's provisioning system enrolls boxes with (`/api/operator`); off without one. */
  operatorKey?: string | null;
  /** Where people reach the setup page (codes on TVs point there); the origin of each request otherwise. */
  publicUrl?: string | null;
  /**
   * Demo mode opens `/api/demo/*` (the demo household's devices and their pairing) for the emulator. Never on in
   * production: only the demo household's devices pair there, and only while the backend listens on loopback
   * unless `demoOnAnyHost` says otherwise (COUCHLINE_DEMO=1).
   */
  demoHouseholdId?: string | null;
  demoOnAnyHost?: boolean;
  heartbeatMs?: number;
  helloTimeoutMs?: number;
  /**
   * Where committed events are announced to the gateway holding a device's socket. One process: in memory (the
   * default, created and closed by the app); past one machine, Redis (owned by the caller).
   */
  bus?: DeviceBus;
  /**
   * What this process does (COUCHLINE_ROLES): `api` serves the HTTP API and webhooks and runs the timers,
   * `gateway` holds the devices' sockets; both by default. Every process builds the same services over the shared
   * database, so a gateway handles acknowledgements as the API does deposits.
   */
  roles?: ReadonlySet<Role>;
  /** Who knows which devices are online: this process's gateway by default; Redis past one process (caller's). */
  presence?: Presence;
  /**
   * Sessions, what displays show, ringing calls, consents asked: this process's memory by default (created and
   * closed by the app); Redis past one process (caller's), so any API process serves any request.
   */
  sharedState?: SharedState;
  /** With one, `/metrics` answers only a scrape that sends `Authorization: Bearer <it>` (COUCHLINE_METRICS_TOKEN). */
  metricsToken?: string | null;
  /** Our front doors, whose `X-Forwarded-For` is believed (config.ts, `trustedProxies`). */
  trustedProxies?: readonly string[];
  /** What `/readyz` checks besides the database (the caller's Redis, say). */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Extra routes mounted after ours (static files in `main.ts`). */
  mount?: (app: Hono) => void;
}

export interface CouchlineApp {
  /** The HTTP routes, testable without a network through `http.request()`. */
  http: Hono;
  /** Puts an event in a device's outbox and announces it (what every producer uses). */
  publisher: Publisher;
  /** Null in a process without the gateway role. */
  gateway: PushGateway | null;
  roles: ReadonlySet<Role>;
  tokens: DeviceTokens;
  enrollment: EnrollmentService;
  devices: HouseholdDevices;
  proxy: VoicemailProxy;
  voicemail: VoicemailActions;
  displays: DisplayStates;
  held: DeferredAlerts;
  texts: TextRelay;
  provisioning: ProvisioningService | null;
  /** What `/metrics` serves (this app's own registry). */
  metrics: Metrics;
  /** Listens on `port` (0 for any free one) and attaches the push channel at `/push`. */
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>;
  close(): Promise<void>;
}

/** The companion backend, built from its dependencies: the one place where the backend's parts are wired. */
export function createApp(deps: AppDeps): CouchlineApp {
  const log = deps.log;
  const tokens = new DeviceTokens(deps.store);
  const outcomes = new DeliveryOutcomes({ store: deps.store });
  const roles = deps.roles ?? new Set(ROLES);
  const isApi = roles.has('api');
  const bus = deps.bus ?? new InProcessBus();
  const publisher = new OutboxPublisher({ store: deps.store, bus });
  // A removed device's socket closes wherever it is held.
  const stopRevocations = tokens.onRevoked((deviceId) => void bus.publish(deviceId, { kind: 'revoked' }));
  const gateway = roles.has('gateway')
    ? new PushGateway({
        store: deps.store,
        tokens,
        bus,
        log: log.child('push'),
        heartbeatMs: deps.heartbeatMs,
        helloTimeoutMs: deps.helloTimeoutMs,
      })
    : null;
  // The outbox's backlog is database-wide: read where the API runs, not once more per gateway process.
  const metrics = new Metrics({ publisher, gateway, bus, outbox: isApi ? deps.store.outbox : null });
  const presence = deps.presence ?? new LocalPresence();
  const stopPresence = gateway ? presence.follow(gateway) : () => {};
  const guide = deps.programmeGuide ?? NO_GUIDE;
  const sharedState = deps.sharedState ?? new MemorySharedState();
  const displays = new DisplayStates({ store: deps.store, guide, state: sharedState });
  const texts = new TextRelay({ store: deps.store, gateway: publisher, log: log.child('texts'), displays });
  gateway?.events.on('acked', ({ deviceId, entries }) => outcomes.reached(deviceId, entries));
  gateway?.events.on('acked', ({ deviceId, entries }) => texts.onAcked(deviceId, entries));
  const held = new DeferredAlerts({ store: deps.store, gateway: publisher, log: log.child('held-alerts') });
  // The timers (text waits, held alerts) run where the API does: a gateway-only process only moves events.
  if (isApi) {
    texts.start();
    held.start();
  }
  const proxy = new VoicemailProxy({
    store: deps.store,
    gateway: publisher,
    log: log.child('voicemail-proxy'),
    displays,
    held,
  });
  const callerId = new CallerIdProxy({
    store: deps.store,
    gateway: publisher,
    log: log.child('caller-id'),
    displays,
    state: sharedState,
  });
  const voicemail = new VoicemailActions({
    store: deps.store,
    gateway: publisher,
    carrier: deps.voicemailServer,
    transcoder: deps.transcoder,
    log: log.child('voicemail'),
    sessions: sharedState,
  });
  const provisioning = deps.directories
    ? new ProvisioningService({
        store: deps.store,
        directories: deps.directories,
        routers: [proxy, new RoutingAnnouncer({ store: deps.store, gateway: publisher })],
        gateway: publisher,
        log: log.child('provisioning'),
        sessions: sharedState,
      })
    : null;
  const devices = new HouseholdDevices({
    store: deps.store,
    tokens,
    isOnline: (deviceId) => presence.isOnline(deviceId),
    reconfigure: async (householdId, config) => {
      await provisioning?.reconfigure(householdId, config);
    },
  });
  const enrollment = new EnrollmentService({
    store: deps.store,
    tokens,
    codes: new DeviceCodes({ store: deps.store }),
    devices,
    log: log.child('enrollment'),
    directories: deps.directories,
    authority: deps.deviceAuthority,
    issueSim: deps.issueSim,
  });
  let demoOn = Boolean(deps.demoHouseholdId);
  // strict: false, so `/api/voicemail` and `/api/voicemail/` are one route.
  const http = new Hono({ strict: false });
  let server: Server | undefined;

  http.onError((error, c) => {
    if (error instanceof ApiError) {
      // "Try again in…" said to HTTP clients and proxies too, not only in the body.
      if (error.details?.retryAfterSec) c.header('Retry-After', String(error.details.retryAfterSec));
      return c.json(
        {
          error: {
            code: error.code,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
          },
        },
        HTTP_STATUS[error.code],
      );
    }
    if (isStoreUnavailable(error)) {
      log.warn('the database is unavailable', { path: c.req.path, error: String(error) });
      c.header('Retry-After', String(STORE_RETRY_AFTER_SEC));
      return errorJson(c, 503, ErrorCode.StoreUnavailable, 'the service is briefly unavailable; try again');
    }
    log.error('unhandled error', { path: c.req.path, error: String(error) });
    return errorJson(c, 500, ErrorCode.Internal, 'internal error');
  });

  http.use('*', requestId());
  if (deps.trustedProxies?.length) http.use('*', trustProxies(deps.trustedProxies));
  http.use('*', countApiErrors(metrics));
  http.route('/', metricsRoutes(metrics, deps.metricsToken ?? null));
  http.route(
    '/',
    healthRoutes({
      roles,
      checks: {
        database: () => deps.store.settings.get('readiness').then(() => undefined),
        ...deps.readinessChecks,
      },
    }),
  );
  // This process's sockets (none at an API-only process): past one process the total is the gateways' sum, which
  // /metrics gives per process as couchline_push_sockets.
  http.get('/api/health', (c) =>
    c.json({ ok: true, roles: [...roles], connections: gateway?.stats().authenticated ?? 0 }),
  );
  // A gateway-only process answers health and the push socket, nothing else.
  if (isApi) {
    const verifier = new WebhookVerifier({
      secret: deps.webhookSecret,
      store: deps.store,
      now: deps.webhookClock,
    });
    http.route(
      '/hooks',
      carrierHookRoutes({ verifier, proxy, callerId, store: deps.store, transcoder: deps.transcoder }),
    );
    http.route('/api/voicemail', voicemailRoutes(voicemail, tokens));
    http.route('/api/displays', displayRoutes(displays, held, tokens));
    http.route('/api/deliveries', deliveryRoutes(outcomes, tokens));
    http.route('/api/texts', textRoutes(texts, tokens));
    http.route(
      '/api/identity',
      identityRoutes(new IdentityService({ store: deps.store, gateway: publisher }), tokens),
    );
    http.route(
      '/api/enroll',
      enrollRoutes(enrollment, { publicUrl: deps.publicUrl, deviceAuthUrl: deps.deviceAuthority?.url }),
    );
    http.route('/api/household', householdPhoneRoutes(enrollment, devices, tokens, deps.store));
    http.route('/api/operator', operatorRoutes(enrollment, deps.operatorKey));
    if (provisioning && deps.directories) {
      http.route('/api', provisioningRoutes(provisioning));
      const links = new AccountLinks({
        store: deps.store,
        directories: deps.directories,
        provisioning,
        consents: new LineConsent({
          wireless: deps.directories.wireless,
          store: deps.store,
          gateway: publisher,
          log: log.child('provisioning'),
        }),
        tokens,
        log: log.child('provisioning'),
        state: sharedState,
      });
      http.route('/api/joint-accounts', accountLinkRoutes(links));
      http.route(
        '/api/joint-accounts',
        jointAccountDeviceRoutes(enrollment, devices, (token, id) => provisioning.householdOf(token, id)),
      );
      http.route('/api/consents', consentRoutes(provisioning, tokens));
    }

    http.route(
      '/api/demo',
      demoRoutes({
        store: deps.store,
        householdId: deps.demoHouseholdId ?? null,
        guide,
        enrollment,
        isOn: () => demoOn,
        onAnyHost: deps.demoOnAnyHost ?? false,
      }),
    );
    deps.mount?.(http);
  }

  return {
    http,
    publisher,
    gateway,
    roles,
    tokens,
    enrollment,
    devices,
    proxy,
    voicemail,
    displays,
    held,
    texts,
    provisioning,
    metrics,
    async listen(port, host = '127.0.0.1') {
      // Pairing without approval must never be reachable from a network: only on loopback unless asked for.
      const publicHost = deps.publicUrl ? new URL(deps.publicUrl).hostname : null;
      if (!deps.demoOnAnyHost && (!isLoopback(host) || (publicHost && !isLoopback(publicHost))))
        demoOn = false;
      server = createHttpServer(http.fetch);
      gateway?.attach(server);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` };
    },
    async close() {
      held.stop();
      texts.stop();
      await gateway?.close();
      stopPresence();
      if (!deps.presence) await presence.close();
      if (!deps.sharedState) await sharedState.close();
      stopRevocations();
      metrics.close();
      if (!deps.bus) await bus.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      // A listen's transcode outlives its request: let it finish before whoever owns the cache removes it.
      await deps.transcoder.close();
    },
  };
}
