import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CarrierHook,
  type DirectoryKind,
  type EnrollmentGranted,
  type ErrorBody,
  type VoicemailDepositedHook,
} from '../../../protocol/index.ts';
import type { AccountDirectorySimulator } from '../../../carriers/account-directory/account-directory-simulator.ts';
import { addDemoAccounts, DEMO_LINES } from '../../../carriers/demo-customers.ts';
import { CARRIER_NAMES, startCarriers } from '../../../carriers/stack.ts';
import type { SmsNetworkSimulator } from '../../../carriers/sms-network/sms-network-simulator.ts';
import type { VoicemailServerSimulator } from '../../../carriers/voicemail-server/voicemail-server.ts';
import { HttpAccountDirectory } from '../../../server/accounts/account-directory.ts';
import { createApp, type AppDeps, type CouchlineApp } from '../../../server/app.ts';
import { JwksDeviceAuthority } from '../../../server/enrollment/device-assertions.ts';
import { silentLogger } from '../../../server/log.ts';
import { HttpProgrammeGuide } from '../../../server/displays/programme-guide.ts';
import { ensureDemoJointLogin, seedDemoHousehold } from '../../../server/seed.ts';
import type { Database } from '../../../server/store/database.ts';
import { Transcoder } from '../../../server/transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from '../../../server/voicemail/voicemail-server-client.ts';
import { signedWebhookHeaders } from '../../../server/voicemail/webhook-signature.ts';
import { soxTone } from './audio-fixtures.ts';
import { engineFromEnvironment } from './engines.ts';

/** The same voicemail fixture the browser tests and mocks use. */
export { voicemailFixture as voicemailData } from '../../../mocks/fixtures.ts';

/** The carrier webhook's shared secret (Standard Webhooks: `whsec_` and the base64 of 32 bytes). */
export const TEST_WEBHOOK_SECRET = 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=';
export const TEST_CARRIER_KEY = 'test-carrier-partner-key-0123456789';
export const TEST_DIRECTORY_KEY = 'test-directory-partner-key-0123456789';
export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789';
/** The demo accounts' passwords in tests (random in `npm start`). */
export const testPassword = (username: string) => `${username}-test-password`;
export const TEST_JOINT_PASSWORD = 'demo-joint-test-password';

export interface TestApp {
  app: CouchlineApp;
  store: Database;
  /** The carrier's voicemail-server simulator, on its own port with its own in-memory database. */
  sim: VoicemailServerSimulator;
  simUrl: string;
  /** The SMS network simulator, with a line for each demo phone; demo pairing of a phone puts a SIM in it. */
  sms: { sim: SmsNetworkSimulator; url: string };
  /** The cable operator's programme guide (EPG simulator) on its own port. */
  epgUrl: string;
  /** The wireless carrier's and the cable operator's account directories, each on its own port. */
  directories: Record<DirectoryKind, { sim: AccountDirectorySimulator; url: string }>;
  cacheDir: string;
  /**
   * Makes our backend listen on a free port and points the carrier's webhooks at it. Until then its webhooks go
   * nowhere (a deposit answers `proxyNotified: false`): a test of them, or of push sockets, wants `startBackend()`.
   */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Our backend in-process, called through `app.http.request()` (Hono's `app.request()`): no socket of ours listens.
 * The carriers it talks to (carriers/stack.ts) run on free ports with in-memory databases, the demo household on
 * both sides (test passwords). Our store is an in-memory SQLite, a new database on the test process's own PostgreSQL
 * with `COUCHLINE_TEST_DATABASE=postgres`, or `overrides.store` (empty: the demo household is seeded into it).
 * `startBackend()` (harness.ts) is this, listening.
 */
export async function createTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const store = overrides.store ?? (await engineFromEnvironment().open());
  const demoHouseholdId = await seedDemoHousehold(store);
  await ensureDemoJointLogin(store, () => TEST_JOINT_PASSWORD);
  const dir = mkdtempSync(join(tmpdir(), 'couchline-test-'));
  const log = overrides.log ?? silentLogger;
  let webhookUrl = '';
  const carriers = await startCarriers({
    dataDir: null,
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookUrl: () => webhookUrl,
    voicemailPartnerKey: TEST_CARRIER_KEY,
    directoryPartnerKey: TEST_DIRECTORY_KEY,
    lines: DEMO_LINES,
    epgTimeZone: 'America/Denver',
    log,
    webhookRetryDelaysMs: [10],
    smsDeliveryDelayMs: 20,
  });
  await addDemoAccounts(carriers.directories, testPassword);
  const { urls } = carriers;
  const directoryClient = (kind: DirectoryKind, baseUrl: string) =>
    new HttpAccountDirectory({ kind, carrierName: CARRIER_NAMES[kind], baseUrl, apiKey: TEST_DIRECTORY_KEY });
  const cacheDir = join(dir, 'transcoded');
  const app = createApp({
    issueSim: (line) =>
      carriers.smsNetwork.store.hasLine(line)
        ? { networkUrl: urls.smsNetwork, key: carriers.smsNetwork.reissueSimKey(line) }
        : null,
    programmeGuide: new HttpProgrammeGuide({ baseUrl: urls.epg, log }),
    directories: {
      wireless: directoryClient('wireless', urls.wirelessDirectory),
      cable: directoryClient('cable', urls.cableDirectory),
    },
    store,
    log: silentLogger,
    webhookSecret: TEST_WEBHOOK_SECRET,
    voicemailServer: new HttpVoicemailServerClient({
      baseUrl: urls.voicemailServer,
      apiKey: TEST_CARRIER_KEY,
    }),
    transcoder: new Transcoder({ cacheDir, log }),
    demoHouseholdId,
    operatorKey: TEST_OPERATOR_KEY,
    deviceAuthority: new JwksDeviceAuthority({ url: urls.cableDirectory, issuer: 'fxt-digital-tv' }),
    ...overrides,
  });
  return {
    app,
    store,
    sim: carriers.voicemailServer,
    simUrl: urls.voicemailServer,
    directories: {
      wireless: { sim: carriers.directories.wireless, url: urls.wirelessDirectory },
      cable: { sim: carriers.directories.cable, url: urls.cableDirectory },
    },
    epgUrl: urls.epg,
    sms: { sim: carriers.smsNetwork, url: urls.smsNetwork },
    cacheDir,
    async listen() {
      const { url } = await app.listen(0);
      webhookUrl = `${url}/hooks/voicemail`;
      return url;
    },
    async close() {
      await app.close();
      await carriers.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Anything with our backend's routes: a {@link TestApp}, or a listening `Harness`. */
type WithRoutes = Pick<TestApp, 'app'>;

/**
 * The carrier's signed webhook, as its voicemail server sends it: a voicemail left in `mailbox` (Jane calling,
 * unless `over` says otherwise). Resolves to the devices the backend told.
 */
export async function depositHook(
  h: WithRoutes,
  messageId: string,
  mailbox: string,
  over: Partial<VoicemailDepositedHook> = {},
): Promise<string[]> {
  const body = JSON.stringify({
    type: 'message.deposited',
    messageId,
    mailbox,
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: new Date().toISOString(),
    durationSec: 3,
    format: 'amr-nb',
    ...over,
  } satisfies VoicemailDepositedHook);
  const res = await carrierHook(h, body);
  return ((await res.json()) as { recipients: string[] }).recipients;
}

/** Any of the carrier's webhooks (a deposit, a call ringing or ended), signed as the carrier signs them. */
export function carrierHook(h: WithRoutes, payload: string | CarrierHook): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return Promise.resolve(
    h.app.http.request('/hooks/voicemail', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, body) },
      body,
    }),
  );
}

/**
 * A caller leaves a message in `mailbox` through the voicemail-server simulator's own HTTP interface (Jane, 2 s of
 * AMR-NB, unless `over` says otherwise); resolves to its message id.
 */
export async function leaveVoicemail(
  simUrl: string,
  mailbox: string,
  over: { callerName?: string; callerNumber?: string; seconds?: number } = {},
): Promise<string> {
  const res = await fetch(`${simUrl}/mailboxes/${mailbox}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      callerName: over.callerName ?? 'Jane',
      callerNumber: over.callerNumber ?? '5055551313',
      audio: { format: 'amr-nb', base64: soxTone('amr-nb', over.seconds ?? 2).toString('base64') },
    }),
  });
  if (res.status !== 201) throw new Error(`the voicemail server answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { messageId: string }).messageId;
}

/**
 * One call to the backend's API (`/api` + `path`), as a client makes it: JSON body, bearer token (a device's or a
 * session's). Answers with the status and the parsed body (an {@link ErrorBody} on failure).
 */
export async function callApi<T>(
  h: WithRoutes,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const res = await h.app.http.request(`/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T & ErrorBody };
}

/** A phone enrolls by signing in to its line's wireless account (the demo accounts' test passwords). */
export async function enrollPhone(
  h: WithRoutes,
  username: string,
  phoneNumber: string,
): Promise<EnrollmentGranted> {
  const res = await h.app.http.request('/api/enroll/phone', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: testPassword(username), phoneNumber }),
  });
  if (res.status !== 201) throw new Error(`enrollment answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as EnrollmentGranted;
}
