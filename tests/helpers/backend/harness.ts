import { once } from 'node:events';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../protocol/index.ts';
import type { AppDeps } from '../../../server/app.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export * from './test-app.ts';

/** A {@link TestApp} listening on a free port: real sockets for push, the carrier's webhooks and fetch(). */
export interface Harness extends TestApp {
  url: string;
  wsUrl: string;
}

/** A fresh backend and the carriers (carriers/stack.ts) on free ports, the demo household in in-memory databases. */
export async function startBackend(overrides: Partial<AppDeps> = {}): Promise<Harness> {
  const testApp = await createTestApp(overrides);
  const url = await testApp.listen();
  return Object.assign(testApp, { url, wsUrl: url.replace('http', 'ws') + '/push' });
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
