import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import type { JointAccountView, PolicyConfig } from '../../protocol/index.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningProduct {
  url: string;
  simulatorUrl: string;
  /** The SMS network simulator (texts from outside: `/inbound`; failures: `/faults`). */
  smsNetworkUrl: string;
  /** The cable operator's programme guide (EPG simulator). */
  epgUrl: string;
  dataDir: string;
  /** The random first PINs the product printed, by mailbox number. */
  pins: Record<string, string>;
  /** The random first carrier passwords it printed, by user name, and the demo joint account's. */
  passwords: Record<string, string>;
  jointPassword: string;
  /** Every line it printed on stdout so far (all of them once {@link stop} has resolved). */
  output: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * A data folder to start on (an earlier start's, to restart): kept after {@link RunningProduct.stop}. Without
   * it, a fresh folder of its own, removed on stop.
   */
  dataDir?: string;
  /** Whether to wait for the PINs and passwords a first start prints (true unless `dataDir` is given). */
  firstStart?: boolean;
}

/** How many events wait in `deviceId`'s outbox: sent, or to be sent, and not yet acknowledged by the device. */
export function pendingFor(product: RunningProduct, deviceId: string): number {
  const db = new DatabaseSync(join(product.dataDir, 'couchline.db'), { readOnly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE device_id = ?').get(deviceId) as { n: number })
      .n;
  } finally {
    db.close();
  }
}

/** The data of the events named `name` waiting in `deviceId`'s outbox (sent or to be sent, not acknowledged). */
export function eventsFor(
  product: RunningProduct,
  deviceId: string,
  name: string,
): Record<string, unknown>[] {
  const db = new DatabaseSync(join(product.dataDir, 'couchline.db'), { readOnly: true });
  try {
    const rows = db
      .prepare('SELECT data FROM outbox WHERE device_id = ? AND name = ? ORDER BY seq')
      .all(deviceId, name) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

/** Starts the real product (`node scripts/product.ts`, serving the built dist/) on free ports with its own data folder. */
export async function startProduct(options: StartOptions = {}): Promise<RunningProduct> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'couchline-e2e-'));
  const firstStart = options.firstStart ?? options.dataDir === undefined;
  const child: ChildProcess = spawn(process.execPath, ['scripts/product.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      COUCHLINE_DATA_DIR: dataDir,
      COUCHLINE_PORT: '0',
      COUCHLINE_SIMULATOR_PORT: '0',
      COUCHLINE_WIRELESS_DIRECTORY_PORT: '0',
      COUCHLINE_CABLE_DIRECTORY_PORT: '0',
      COUCHLINE_EPG_PORT: '0',
      COUCHLINE_SMS_NETWORK_PORT: '0',
      COUCHLINE_HEARTBEAT_MS: '2000',
      COUCHLINE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const pins: Record<string, string> = {};
  const passwords: Record<string, string> = {};
  let jointPassword = '';
  const output: string[] = [];
  const stdoutClosed = new Promise((resolve) => lines.once('close', resolve));
  lines.on('line', (line) => {
    output.push(line);
    const match = /Voicemail PIN for \w+ \((\d+)\).*: (\d+)$/.exec(line);
    if (match) pins[match[1]!] = match[2]!;
    const login = /login, chosen at random for this install: (\S+) \/ (\S+)$/.exec(line);
    if (login) passwords[login[1]!] = login[2]!;
    const joint = /^Joint account hh_demo .*: (\S+)$/.exec(line);
    if (joint) jointPassword = joint[1]!;
  });
  const ready = await new Promise<Pick<RunningProduct, 'url' | 'simulatorUrl' | 'smsNetworkUrl' | 'epgUrl'>>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the backend did not start within 20 s')), 20_000);
      child.once('exit', (code) => reject(new Error(`the backend exited with ${code}`)));
      lines.on('line', (line) => {
        if (!line.startsWith('{"ready":true')) return; // log lines are JSON too
        clearTimeout(timer);
        const { url, simulatorUrl, smsNetworkUrl, epgUrl } = JSON.parse(line) as RunningProduct;
        resolve({ url, simulatorUrl, smsNetworkUrl, epgUrl });
      });
    },
  );
  // The PIN lines follow the ready line.
  if (firstStart) {
    await waitUntil(
      () => Object.keys(pins).length >= 2 && jointPassword !== '',
      'the first PINs and passwords',
      5000,
    );
  }
  return {
    ...ready,
    dataDir,
    pins,
    passwords,
    get jointPassword() {
      return jointPassword;
    },
    output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      await stdoutClosed;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP hop between the browser and the backend that can cut every connection, as a network outage would, then
 * come back on the same port. While it is down it still accepts a connection, only to cut it at once; it counts
 * each push-channel connection the browser tries then, so a test can wait until a device has tried again and
 * been cut.
 */
export class FlakyLink {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private isDown = false;
  port = 0;
  private readonly targetPort: number;
  /** Push-channel connections (`GET /push`) tried while the link was down, and cut. */
  pushAttemptsCut = 0;

  constructor(targetUrl: string) {
    this.targetPort = Number(new URL(targetUrl).port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.isDown = false;
    if (this.server) return;
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => client.destroy());
      if (this.isDown) {
        this.cut(client);
        return;
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every open connection, and every new one until {@link up}. */
  down(): Promise<void> {
    this.isDown = true;
    for (const socket of this.sockets) socket.destroy();
    return Promise.resolve();
  }

  /** Closes the hop for good. */
  async close(): Promise<void> {
    await this.down();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** A connection made while down: read what it asks for (to count push attempts), and cut it. */
  private cut(client: Socket): void {
    client.setTimeout(1000, () => client.destroy());
    client.once('data', (chunk: Buffer) => {
      client.destroy();
      if (chunk.toString('latin1').startsWith('GET /push')) this.pushAttemptsCut++;
    });
  }
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Leaves a voicemail through the carrier simulator's HTTP interface, as `npm run call` does. */
export async function leaveVoicemail(simulatorUrl: string, callerName: string, say: string): Promise<string> {
  return deposit(simulatorUrl, { callerName, callerNumber: '505-555-1313', say });
}

export async function deposit(simulatorUrl: string, body: unknown, mailbox = '5055551212'): Promise<string> {
  const response = await fetch(`${simulatorUrl}/mailboxes/${mailbox}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`deposit failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messageId: string }).messageId;
}

/**
 * Changes the demo joint account's rules as its setup page would: log in with the printed password, read the
 * configuration, save `change(config)`. Returns the session token for further calls.
 */
export async function changeDemoRules(
  product: RunningProduct,
  change: (config: PolicyConfig) => PolicyConfig,
): Promise<string> {
  const login = await fetch(`${product.url}/api/joint-accounts/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jointAccountId: 'hh_demo', password: product.jointPassword }),
  });
  if (!login.ok) throw new Error(`joint-account login failed: ${login.status}`);
  const { sessionToken, account } = (await login.json()) as {
    sessionToken: string;
    account: JointAccountView;
  };
  const saved = await fetch(`${product.url}/api/joint-accounts/hh_demo/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken}` },
    body: JSON.stringify({ config: change(account.config) }),
  });
  if (!saved.ok) throw new Error(`saving the rules failed: ${saved.status} ${await saved.text()}`);
  return sessionToken;
}

/** The demo's rules with caller ID on TV turned on, for every relationship. */
export const withCallerId = (config: PolicyConfig): PolicyConfig => ({
  ...config,
  callerIdOnTv: true,
  relationships: config.relationships.map((r) => ({ ...r, contentTypes: ['voicemail', 'callerid'] })),
});

/**
 * Opens the TV emulator (alerts stay up for 10 minutes; `?inspect` so the TV's texts can be read) and waits until
 * `devices` devices are on the push channel (the TV, and any page opened before).
 */
export async function openEmulator(browser: Browser, product: RunningProduct, devices = 1): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 820 });
  await page.goto(`${product.url}/?inspect&alertSeconds=600`, { waitUntil: 'load' });
  await waitUntil(
    async () =>
      ((await (await fetch(`${product.url}/api/health`)).json()) as { connections: number }).connections >=
      devices,
    'the TV to connect',
  );
  return page;
}

/** The TV app's frame inside the emulator. */
export const tvFrame = (page: Page): Promise<Frame> =>
  waitUntil(() => page.frames().find((f) => f.url().includes('tv.html')), 'the TV frame');

/** The texts the TV draws now (with `?inspect`, Lightning mirrors each text into a `texture-text` attribute). */
export const drawnTexts = (frame: Frame): Promise<string[]> =>
  frame.evaluate(() =>
    [...document.querySelectorAll('[texture-text]')]
      .filter((el) => el.checkVisibility())
      .map((el) => el.getAttribute('texture-text') ?? ''),
  );

/** A page's visible text, shadow roots included, with white space collapsed (the phone and setup pages). */
export const pageText = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const texts: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) texts.push(node.textContent ?? '');
      const children =
        node instanceof Element && node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
      children.forEach(walk);
    };
    walk(document.body);
    return texts.join('').replace(/\s+/g, ' ');
  });

/**
 * Waits until the TV draws a text: `match` as the whole text, or a test on each text. Resolves to the text; on
 * time-out, the error lists what the TV does show.
 */
export async function tvShows(
  frame: Frame,
  match: string | ((text: string) => boolean),
  what = typeof match === 'string' ? `"${match}"` : 'the text',
  timeoutMs = 15_000,
): Promise<string> {
  const test = typeof match === 'string' ? (t: string) => t === match : match;
  try {
    return await waitUntil(async () => (await drawnTexts(frame)).find(test), what, timeoutMs);
  } catch (error) {
    throw new Error(
      `${(error as Error).message} on the TV, which shows: ${(await drawnTexts(frame)).join(' | ')}`,
      { cause: error },
    );
  }
}

/**
 * Clicks a button, by its label, among the phone page's texting requests (at its top): a device asking to text
 * (`[data-request]`) or a text waiting for the holder's OK (`[data-confirm]`).
 */
export function clickPhoneRequest(phone: Page, label: string, within = '[data-request]'): Promise<boolean> {
  return waitUntil(
    () =>
      phone.evaluate(
        (selector, text) => {
          const requests = document.querySelector('phone-app')?.shadowRoot?.querySelector('sms-requests');
          const button = [...(requests?.shadowRoot?.querySelectorAll(`${selector} button`) ?? [])].find(
            (b) => b.textContent?.trim() === text,
          ) as HTMLButtonElement | undefined;
          button?.click();
          return Boolean(button);
        },
        within,
        label,
      ),
    `"${label}" on the phone page`,
  );
}

/** Waits until a page (the phone page) shows `text` somewhere; on time-out, the error has what it shows. */
export async function pageShows(page: Page, text: string, timeoutMs = 15_000): Promise<void> {
  try {
    await waitUntil(async () => (await pageText(page)).includes(text), `"${text}"`, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message} on the page, which shows: ${await pageText(page)}`, {
      cause: error,
    });
  }
}

/** A button of the emulator's on-screen remote, by its label ("OK", "Right", "Yellow"). */
export const pressRemote = (page: Page, label: string): Promise<void> =>
  page.click(`tv-emulator >>> tv-remote >>> button[aria-label="${label}"]`);

/** Polls `check` (sync or async; a throw counts as "not yet") until it returns something truthy. */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A phone page of a line in no household yet (`?device=`), signed in as a viewer would: its line's wireless account
 * (`username`, the product's printed password) and its number typed, Enter. Resolves once it is signed in.
 */
export async function signInPhonePage(
  browser: Browser,
  product: RunningProduct,
  phone: { deviceId: string; username: string; number: string },
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${product.url}/phone.html?device=${phone.deviceId}`, { waitUntil: 'load' });
  const field = (name: string) => `phone-app >>> phone-sign-in >>> #sign-in-${name}`;
  await waitUntil(() => page.$(field('username')), `the sign-in on ${phone.deviceId}`);
  await page.type(field('username'), phone.username);
  await page.type(field('password'), product.passwords[phone.username]!);
  await page.$eval(field('phoneNumber'), (el) => ((el as HTMLInputElement).value = ''));
  await page.type(field('phoneNumber'), phone.number);
  await page.keyboard.press('Enter');
  await waitUntil(async () => !(await page.$(field('username'))), `${phone.deviceId} signed in`);
  return page;
}
