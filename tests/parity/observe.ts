import type { ServerFrame, UnlockResponse } from '../../protocol/index.ts';
import {
  DEMO_DEVICES,
  type DemoDevice,
  type Given,
  type ParityRequest,
  type PushKind,
  type Refs,
  type Who,
} from './scenarios.ts';

/**
 * What the two sides of the parity table share (mock-side.ts, backend-side.ts): a fresh world per row, the row's
 * `given`s made so each side's own way, "who" mapped to that side's token, the request answered, and what each demo
 * device was pushed meanwhile — every device on a socket that speaks the protocol (hello, welcome, events).
 */

/** A request's answer: its status and its body (parsed JSON; null when it has none; the text when not JSON). */
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * What a side did with a row: its answer, how the push channel answered each demo device's hello (`welcome`, or
 * the refusal as `error:CODE`), and what each device was pushed because of the request.
 */
export interface Observation extends Answer {
  hello: Record<DemoDevice, PushKind>;
  pushes: Record<DemoDevice, PushKind[]>;
}

/** One row's world on one side: the demo household, fresh, with that side's ids and tokens. */
export interface World {
  readonly refs: Refs;
  call(who: Who, request: ParityRequest): Promise<Answer>;
  /** A socket of `device` on this side's push channel, after `welcome` (or its refusal). */
  connect(device: DemoDevice): Promise<PushRecorder>;
  /** How many events wait for `device` (replayed when it connects). */
  pending(device: DemoDevice): Promise<number>;
  close(): Promise<void>;
}

export interface Side {
  readonly name: 'mock' | 'backend';
  open(): Promise<World>;
  /** Makes `given` so in `world` (filling the refs it names). */
  make(given: Given, world: World): Promise<void>;
}

/** The token no side issued. */
const WRONG_TOKEN = 'not-a-device-token-0000';

/**
 * A row on one side: a fresh world, the row's givens made, every demo device on the push channel (what the givens
 * pushed replayed and set aside), then the request; its answer, and what each device was pushed after it (waiting
 * for `expectedPushes`, then a moment for any other).
 */
export async function observe(
  side: Side,
  given: readonly Given[],
  who: Who,
  request: ParityRequest,
  expectedPushes: Partial<Record<DemoDevice, PushKind[]>>,
): Promise<Observation> {
  const world = await side.open();
  const recorders: PushRecorder[] = [];
  try {
    for (const g of given) await side.make(g, world);
    for (const device of DEMO_DEVICES) {
      // What the givens pushed is replayed on connecting: the request's pushes are counted after it.
      const replayed = await world.pending(device);
      const recorder = await world.connect(device);
      await recorder.events(replayed);
      recorders.push(recorder);
    }
    const marks = recorders.map((r) => r.frames.length);
    const answer = await world.call(who, request);
    await Promise.all(
      DEMO_DEVICES.map((device, i) => recorders[i]!.received(expectedPushes[device] ?? [], marks[i]!)),
    );
    await sleep(SETTLE_MS);
    const pushes = Object.fromEntries(
      DEMO_DEVICES.map((device, i) => [device, recorders[i]!.kindsSince(marks[i]!)]),
    ) as Record<DemoDevice, PushKind[]>;
    const hello = Object.fromEntries(
      DEMO_DEVICES.map((device, i) => [device, recorders[i]!.hello]),
    ) as Record<DemoDevice, PushKind>;
    return { ...answer, hello, pushes };
  } finally {
    for (const r of recorders) r.close();
    await world.close();
  }
}

/** How long a row waits, after its answer and the pushes it expects, for pushes nobody expects. */
const SETTLE_MS = 80;

/** The token "who" sends on a side: its device's, the setup page's session, none, or one nobody issued. */
export function tokenOf(who: Who, tokens: Readonly<Record<string, string>>, session: string | undefined) {
  if (who === 'nobody') return undefined;
  if (who === 'wrong-token') return WRONG_TOKEN;
  if (who === 'setup-page') return session;
  return tokens[who];
}

/** The setup page logs in to the joint account: its session token. */
export async function login(world: World): Promise<string> {
  const answer = await world.call('nobody', {
    method: 'POST',
    path: '/api/joint-accounts/login',
    json: { jointAccountId: '{jointAccountId}', password: '{jointPassword}' },
  });
  if (answer.status !== 200) throw new Error(`the setup page could not log in: ${answer.status}`);
  return (answer.body as { sessionToken: string }).sessionToken;
}

/** The living-room TV unlocks the voicemail to delete it: the playback session. */
export async function unlockToDelete(world: World, pin: string): Promise<string> {
  const answer = await world.call('stb-living-room', {
    method: 'POST',
    path: '/api/voicemail/{messageId}/unlock',
    json: { pin, intent: 'delete' },
  });
  if (answer.status !== 201) throw new Error(`unlocking to delete answered ${answer.status}`);
  return (answer.body as UnlockResponse).sessionId;
}

/** The setup page removes the bedroom TV from the household. */
export async function removeBedroom(world: World): Promise<void> {
  const path = '/api/joint-accounts/{jointAccountId}/devices/stb-bedroom';
  const answer = await world.call('setup-page', { method: 'DELETE', path });
  if (answer.status !== 204) throw new Error(`removing the bedroom TV answered ${answer.status}`);
}

/** The living-room TV reports channel 4. */
export async function reportChannel4(world: World): Promise<void> {
  const answer = await world.call('stb-living-room', {
    method: 'PUT',
    path: '/api/displays/me',
    json: { channel: '4' },
  });
  if (answer.status !== 204) throw new Error(`reporting channel 4 answered ${answer.status}`);
}

/** `{name}` in every string of `value` replaced by that ref. */
export function fill<T>(value: T, refs: Refs): T {
  if (typeof value === 'string') {
    return value.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const ref = refs[name as keyof Refs];
      if (ref === undefined) throw new Error(`${whole} is named but no given made it`);
      return ref;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => fill(v, refs)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, refs)])) as T;
  }
  return value;
}

/** The request as fetch() and Hono's `app.request()` take it: JSON (or the raw body), and the token if any. */
export function init(token: string | undefined, request: ParityRequest, refs: Refs): RequestInit {
  const body =
    request.raw ?? (request.json === undefined ? undefined : JSON.stringify(fill(request.json, refs)));
  return {
    method: request.method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body }),
  };
}

/** The status, and the body: JSON parsed, null when empty, the text when not JSON. */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  if (text === '') return { status: response.status, body: null };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds; fails after `timeoutMs`, naming `what` it waited for. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(10);
  }
}

/**
 * A demo device on a push channel (the platform's WebSocket; msw's wrapper of it in the mocks' thread): says hello
 * with its token and records every frame but `welcome`.
 */
export class PushRecorder {
  readonly frames: ServerFrame[] = [];
  /** How the channel answered hello: `welcome`, or its refusal as `error:CODE`. */
  hello: PushKind = 'no answer';
  private closed = false;
  private readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
  }

  /** Resolves once the channel welcomed the device, or refused it (a removed device's token). */
  static async open(socket: WebSocket, token: string): Promise<PushRecorder> {
    const recorder = new PushRecorder(socket);
    const answered = new Promise<void>((resolve) => {
      socket.addEventListener('message', ({ data }) => {
        const frame = JSON.parse(String(data)) as ServerFrame;
        if (frame.type === 'welcome') {
          recorder.hello = 'welcome';
          resolve();
        } else {
          if (frame.type === 'error' && recorder.hello === 'no answer')
            recorder.hello = `error:${frame.code}`;
          recorder.frames.push(frame);
        }
      });
      socket.addEventListener('close', () => {
        recorder.closed = true;
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('the push socket did not open')));
    });
    socket.send(JSON.stringify({ type: 'hello', v: 1, token, lastSeq: 0 }));
    await answered;
    return recorder;
  }

  /** Resolves once `count` events have arrived (or the socket closed, or two seconds passed). */
  async events(count: number, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && this.frames.filter((f) => f.type === 'event').length < count) {
      if (Date.now() > deadline) throw new Error(`${count} events were not replayed`);
      await sleep(5);
    }
  }

  /** Resolves once every kind in `kinds` has arrived since frame `mark` (or after two seconds, whatever came). */
  async received(kinds: readonly PushKind[], mark: number, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const missing = () => {
      const got = this.kindsSince(mark);
      return kinds.some((kind) => {
        const at = got.indexOf(kind);
        if (at < 0) return true;
        got.splice(at, 1);
        return false;
      });
    };
    while (missing() && Date.now() < deadline) await sleep(5);
  }

  kindsSince(mark: number): PushKind[] {
    return this.frames
      .slice(mark)
      .flatMap((f) => (f.type === 'event' ? [f.name] : f.type === 'error' ? [`error:${f.code}`] : []))
      .sort();
  }

  close(): void {
    if (!this.closed) this.socket.close();
  }
}
