import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import {
  ErrorCode,
  PairRequest,
  CarrierHook,
  WEBHOOK_SIGNATURE_HEADER,
  type DemoGuide,
  type DeviceList,
  type DirectoryKind,
  type HookAccepted,
  type PairResponse,
} from '../protocol/index.ts';
import { CallerIdProxy } from './callerid/caller-id-proxy.ts';
import { DeliveryOutcomes, deliveryRoutes } from './deliveries/delivery-outcomes.ts';
import { createHttpServer } from './http/node-server.ts';
import { ApiError } from './http/api-error.ts';
import { errorJson, limitBody, readJson } from './http/respond.ts';
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
import { IdentityService, identityRoutes } from './identity/identity-service.ts';
import { DeviceTokens } from './identity/tokens.ts';
import type { Logger } from './log.ts';
import { PushGateway } from './push/gateway.ts';
import type { AccountDirectory } from './accounts/account-directory.ts';
import { consentRoutes, provisioningRoutes } from './provisioning/provisioning-routes.ts';
import { ProvisioningService } from './provisioning/provisioning-service.ts';
import { RoutingAnnouncer } from './push/routing-announcer.ts';
import { DeferredAlerts } from './screens/deferred-alerts.ts';
import { NO_GUIDE, type ProgrammeGuide } from './screens/programme-guide.ts';
import { screenRoutes } from './screens/screen-routes.ts';
import { ScreenStates } from './screens/screen-states.ts';
import type { Store } from './store/store.ts';
import { TextRelay, textRoutes } from './texts/text-relay.ts';
import type { Transcoder } from './transcoder/transcoder.ts';
import { VoicemailActions } from './voicemail/voicemail-actions.ts';
import { VoicemailProxy } from './voicemail/voicemail-proxy.ts';
import { voicemailRoutes } from './voicemail/voicemail-routes.ts';
import type { VoicemailServerClient } from './voicemail/voicemail-server-client.ts';
import { verifyWebhook } from './voicemail/webhook-signature.ts';

export interface AppDeps {
  store: Store;
  log: Logger;
  /** Shared with the voicemail server; its webhooks must carry this HMAC. */
  webhookSecret: string;
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
  /** Extra routes mounted after ours (static files in `main.ts`). */
  mount?: (app: Hono) => void;
}

export interface CouchlineApp {
  /** The HTTP routes, testable without a network through `http.request()`. */
  http: Hono;
  gateway: PushGateway;
  tokens: DeviceTokens;
  enrollment: EnrollmentService;
  devices: HouseholdDevices;
  proxy: VoicemailProxy;
  voicemail: VoicemailActions;
  screens: ScreenStates;
  held: DeferredAlerts;
  texts: TextRelay;
  provisioning: ProvisioningService | null;
  /** Listens on `port` (0 for any free one) and attaches the push channel at `/push`. */
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>;
  close(): Promise<void>;
}

/** The companion backend, built from its dependencies: the one place where the backend's parts are wired. */
export function createApp(deps: AppDeps): CouchlineApp {
  const log = deps.log;
  const tokens = new DeviceTokens(deps.store);
  const outcomes = new DeliveryOutcomes({ store: deps.store });
  const gateway = new PushGateway({
    onAcked: (deviceId, entries) => {
      outcomes.reached(deviceId, entries);
      texts.onAcked(deviceId, entries);
    },
    store: deps.store,
    tokens,
    log: log.child('push'),
    heartbeatMs: deps.heartbeatMs,
    helloTimeoutMs: deps.helloTimeoutMs,
  });
  const guide = deps.programmeGuide ?? NO_GUIDE;
  const screens = new ScreenStates({
    store: deps.store,
    guide,
  });
  const texts = new TextRelay({ store: deps.store, gateway, log: log.child('texts'), screens });
  texts.start();
  const held = new DeferredAlerts({ store: deps.store, gateway, log: log.child('held-alerts') });
  held.start();
  const proxy = new VoicemailProxy({
    store: deps.store,
    gateway,
    log: log.child('voicemail-proxy'),
    screens,
    held,
  });
  const callerId = new CallerIdProxy({ store: deps.store, gateway, log: log.child('caller-id'), screens });
  const voicemail = new VoicemailActions({
    store: deps.store,
    gateway,
    carrier: deps.voicemailServer,
    transcoder: deps.transcoder,
    log: log.child('voicemail'),
  });
  const provisioning = deps.directories
    ? new ProvisioningService({
        store: deps.store,
        directories: deps.directories,
        routers: [proxy, new RoutingAnnouncer({ store: deps.store, gateway })],
        gateway,
        log: log.child('provisioning'),
      })
    : null;
  const devices = new HouseholdDevices({
    store: deps.store,
    tokens,
    isOnline: (deviceId) => gateway.isConnected(deviceId),
    reconfigure: (householdId, config) => provisioning?.reconfigure(householdId, config),
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
      return c.json(
        {
          error: {
            code: error.code,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
          },
        },
        error.status,
      );
    }
    log.error('unhandled error', { path: c.req.path, error: String(error) });
    return errorJson(c, 500, ErrorCode.Internal, 'internal error');
  });

  http.get('/api/health', (c) => c.json({ ok: true, connections: gateway.stats().authenticated }));

  http.post('/hooks/voicemail', limitBody(16 * 1024), async (c) => {
    const raw = await c.req.text();
    if (!verifyWebhook(deps.webhookSecret, raw, c.req.header(WEBHOOK_SIGNATURE_HEADER))) {
      return errorJson(c, 401, ErrorCode.WebhookBadSignature, 'missing or invalid webhook signature');
    }
    const body = await readJson(c, CarrierHook);
    if (!body.ok) return body.response;
    const hook = body.value;
    const recipients =
      hook.type === 'message.deposited'
        ? await proxy.onDeposited(hook)
        : hook.type === 'call.ringing'
          ? await callerId.onRinging(hook)
          : callerId.onEnded(hook);
    const accepted: HookAccepted = { accepted: true, recipients };
    return c.json(accepted, 202);
  });

  http.route('/api/voicemail', voicemailRoutes(voicemail, tokens));
  http.route('/api/screens', screenRoutes(screens, held, tokens));
  http.route('/api/deliveries', deliveryRoutes(outcomes, tokens));
  http.route('/api/texts', textRoutes(texts, tokens));
  http.route('/api/identity', identityRoutes(new IdentityService({ store: deps.store, gateway }), tokens));
  http.route(
    '/api/enroll',
    enrollRoutes(enrollment, { publicUrl: deps.publicUrl, deviceAuthUrl: deps.deviceAuthority?.url }),
  );
  http.route('/api/household', householdPhoneRoutes(enrollment, devices, tokens, deps.store));
  http.route('/api/operator', operatorRoutes(enrollment, deps.operatorKey));
  if (provisioning) {
    http.route('/api', provisioningRoutes(provisioning));
    http.route(
      '/api/joint-accounts',
      jointAccountDeviceRoutes(enrollment, devices, (token, id) => provisioning.householdOf(token, id)),
    );
    http.route('/api/consents', consentRoutes(provisioning, tokens));
  }

  const demo = new Hono();
  demo.use(async (c, next) => {
    if (!demoOn) return errorJson(c, 404, ErrorCode.DemoDisabled, 'demo routes are off');
    // Reached by a loopback name only: a web page elsewhere that rebinds its own name to 127.0.0.1 (DNS
    // rebinding) sends its own Host, and is refused.
    if (!deps.demoOnAnyHost && !isLoopback(new URL(c.req.url).hostname)) {
      return errorJson(c, 404, ErrorCode.DemoDisabled, 'demo routes answer on loopback only');
    }
    await next();
  });
  // The demo household's devices, so the emulator and the phone page can be any of them. Nothing of any other
  // household is listed or paired here: their devices enroll (by code, box identity or the line's account).
  demo.get('/devices', (c) => {
    const list: DeviceList = {
      devices: deps.store
        .listDevices(deps.demoHouseholdId!)
        .map(({ id, kind, name, phoneNumber, room }) => ({ id, kind, name, phoneNumber, room })),
    };
    return c.json(list);
  });
  // The emulator's channel picker: the guide's channels and what is on each now.
  demo.get('/guide', async (c) => {
    const now = new Date();
    const channels = await guide.channels();
    const answer: DemoGuide = {
      channels: await Promise.all(
        channels.map(async (ch) => ({ ...ch, now: await guide.onNow(ch.id, now) })),
      ),
    };
    return c.json(answer);
  });
  // One command away from a working demo: a device of the demo household pairs without an approval. Pairing it
  // again revokes its earlier tokens, as enrolling again does.
  demo.post('/pair', limitBody(1024), async (c) => {
    // A form on another site can post text/plain without asking first; JSON needs a preflight it won't get.
    if (!c.req.header('content-type')?.startsWith('application/json')) {
      return errorJson(c, 415, ErrorCode.ProtocolMalformed, 'send application/json');
    }
    const body = await readJson(c, PairRequest);
    if (!body.ok) return body.response;
    const device = deps.store.getDevice(body.value.deviceId);
    if (!device || device.householdId !== deps.demoHouseholdId) {
      return errorJson(c, 404, ErrorCode.DeviceNotFound, 'no such device in the demo household');
    }
    const granted = enrollment.pairDemoDevice(device);
    const paired: PairResponse = {
      deviceId: granted.deviceId,
      token: granted.token,
      ...(granted.sim ? { sim: granted.sim } : {}),
    };
    return c.json(paired, 201);
  });
  http.route('/api/demo', demo);
  deps.mount?.(http);

  return {
    http,
    gateway,
    tokens,
    enrollment,
    devices,
    proxy,
    voicemail,
    screens,
    held,
    texts,
    provisioning,
    async listen(port, host = '127.0.0.1') {
      // Pairing without approval must never be reachable from a network: only on loopback unless asked for.
      const publicHost = deps.publicUrl ? new URL(deps.publicUrl).hostname : null;
      if (!deps.demoOnAnyHost && (!isLoopback(host) || (publicHost && !isLoopback(publicHost))))
        demoOn = false;
      server = createHttpServer(http.fetch);
      gateway.attach(server);
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
      await gateway.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
    },
  };
}

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
