import { once } from 'node:events';
import WebSocket from 'ws';
import { createApp, type AppDeps, type CouchlineApp } from '../app.ts';
import { silentLogger } from '../log.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpAccountDirectory } from '../accounts/account-directory.ts';
import { ensureDemoJointLogin, seedDemoHousehold } from '../seed.ts';
import type { AccountDirectorySimulator } from '../../carriers/account-directory/account-directory-simulator.ts';
import { addDemoAccounts, DEMO_LINES } from '../../carriers/demo-customers.ts';
import { CARRIER_NAMES, startCarriers } from '../../carriers/stack.ts';
import type { SmsNetworkSimulator } from '../../carriers/sms-network/sms-network-simulator.ts';
import type { VoicemailServerSimulator } from '../../carriers/voicemail-server/voicemail-server.ts';
import { HttpProgrammeGuide } from '../screens/programme-guide.ts';
import { JwksDeviceAuthority } from '../enrollment/device-assertions.ts';
import { Transcoder } from '../transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from '../voicemail/voicemail-server-client.ts';
import { openSqliteDatabase } from '../store/database.ts';
import type { Database } from '../store/database.ts';
import {
  WEBHOOK_SIGNATURE_HEADER,
  type DirectoryKind,
  type EnrollmentGranted,
  type ErrorBody,
  type ServerFrame,
  type VoicemailDepositedHook,
} from '../../protocol/index.ts';
import { signWebhook } from '../voicemail/webhook-signature.ts';

/** The same voicemail fixture the browser tests and mocks use. */
export { voicemailFixture as voicemailData } from '../../mocks/fixtures.ts';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const TEST_CARRIER_KEY = 'test-carrier-partner-key-0123456789';
export const TEST_DIRECTORY_KEY = 'test-directory-partner-key-0123456789';
export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789';
/** The demo accounts' passwords in tests (random in `npm start`). */
export const testPassword = (username: string) => `${username}-test-password`;
export const TEST_JOINT_PASSWORD = 'demo-joint-test-password';

export interface Harness {
  app: CouchlineApp;
  store: Database;
  url: string;
  wsUrl: string;
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
  close(): Promise<void>;
}

/** A fresh backend and the carriers (carriers/stack.ts) on free ports, the demo household in in-memory databases. */
export async function startBackend(overrides: Partial<AppDeps> = {}): Promise<Harness> {
  const store = await openSqliteDatabase(':memory:');
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
  const { url } = await app.listen(0);
  webhookUrl = `${url}/hooks/voicemail`;
  return {
    app,
    store,
    url,
    wsUrl: url.replace('http', 'ws') + '/push',
    sim: carriers.voicemailServer,
    simUrl: urls.voicemailServer,
    directories: {
      wireless: { sim: carriers.directories.wireless, url: urls.wirelessDirectory },
      cable: { sim: carriers.directories.cable, url: urls.cableDirectory },
    },
    epgUrl: urls.epg,
    sms: { sim: carriers.smsNetwork, url: urls.smsNetwork },
    cacheDir,
    async close() {
      await app.close();
      await carriers.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The carrier's signed webhook, as its voicemail server sends it: a voicemail left in `mailbox` (Jane calling,
 * unless `over` says otherwise). Resolves to the devices the backend told.
 */
export async function depositHook(
  h: Harness,
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
  const res = await h.app.http.request('/hooks/voicemail', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(TEST_WEBHOOK_SECRET, body),
    },
    body,
  });
  return ((await res.json()) as { recipients: string[] }).recipients;
}

/**
 * One call to the backend's API (`/api` + `path`), as a client makes it: JSON body, bearer token (a device's or a
 * session's). Answers with the status and the parsed body (an {@link ErrorBody} on failure).
 */
export async function callApi<T>(h: Harness, method: string, path: string, body?: unknown, token?: string) {
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
  h: Harness,
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

/** A test device on a real socket that records every frame and waits for the ones a test expects. */
export class TestDevice {
  readonly socket: WebSocket;
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  closeCode: number | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      const frame = JSON.parse((raw as Buffer).toString('utf8')) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  static async open(wsUrl: string, options: WebSocket.ClientOptions = {}): Promise<TestDevice> {
    const socket = new WebSocket(wsUrl, options);
    const device = new TestDevice(socket);
    await once(socket, 'open');
    return device;
  }

  /** Opens a socket and says hello; resolves after `welcome`. */
  static async connect(wsUrl: string, token: string, lastSeq = 0, epoch?: string): Promise<TestDevice> {
    const device = await TestDevice.open(wsUrl);
    device.send({ type: 'hello', v: 1, token, lastSeq, ...(epoch ? { epoch } : {}) });
    await device.next((f) => f.type === 'welcome');
    return device;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that matches. */
  next(match: (f: ServerFrame) => boolean, timeoutMs = 3000): Promise<ServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  events(): Extract<ServerFrame, { type: 'event' }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'event' }> => f.type === 'event');
  }

  async waitForClose(timeoutMs = 3000): Promise<number> {
    if (this.closeCode !== undefined) return this.closeCode;
    const [code] = (await Promise.race([
      once(this.socket, 'close'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('socket did not close')), timeoutMs)),
    ])) as [number];
    return code;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await once(this.socket, 'close');
  }
}

/** Waits briefly so that frames which must NOT arrive have had their chance. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
