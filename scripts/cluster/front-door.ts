import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Where the front door sends what: every HTTP request to an API process, the push socket to a gateway process. */
export interface FrontDoorOptions {
  /** The API processes' base URLs (`http://127.0.0.1:40001`). */
  api: readonly string[];
  /** The gateway processes' base URLs. */
  gateways: readonly string[];
  /** The push channel's path: its WebSocket upgrades go to the gateways. */
  pushPath?: string;
  /** How often each process's `/readyz` is asked; one that is not ready gets nothing new while another is. */
  healthEveryMs?: number;
  log?: (message: string) => void;
}

interface Upstream {
  readonly url: URL;
  ready: boolean;
}

/**
 * The local cluster's one URL (`npm run start:cluster`): a small reverse proxy on node:http. HTTP requests go to
 * the API processes and WebSocket upgrades of the push path to the gateway processes, each round robin over the
 * processes whose `/readyz` last said ready (all of them when none did). A WebSocket is piped byte for byte once
 * the gateway accepted the connection, so the gateway sees the device's frames as if it were connected directly;
 * a gateway that refuses the connection (stopped, crashed) is skipped for the next. The Host header is passed on,
 * so the API builds the same links as behind no door.
 */
export class FrontDoor {
  private api: Upstream[] = [];
  private gateways: Upstream[] = [];
  private readonly pushPath: string;
  private readonly log: (message: string) => void;
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  private readonly healthTimer: ReturnType<typeof setInterval>;
  /** Each pool's next in turn (the API's and the gateways' rotate apart). */
  private readonly turns = new Map<readonly Upstream[], number>();

  constructor(options: FrontDoorOptions) {
    this.route(options);
    this.pushPath = options.pushPath ?? '/push';
    this.log = options.log ?? (() => {});
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.healthTimer = setInterval(() => void this.checkHealth(), options.healthEveryMs ?? 2000);
    this.healthTimer.unref();
  }

  /** Sets the processes behind the door (a door may listen first, to hold its port, and learn them after). */
  route(processes: Pick<FrontDoorOptions, 'api' | 'gateways'>): void {
    const upstream = (url: string): Upstream => ({ url: new URL(url), ready: true });
    this.api = processes.api.map(upstream);
    this.gateways = processes.gateways.map(upstream);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    clearInterval(this.healthTimer);
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Asks every process whether it is ready (the body says why not; the door only needs yes or no). */
  async checkHealth(): Promise<void> {
    await Promise.all(
      [...this.api, ...this.gateways].map(async (upstream) => {
        const ready = await fetch(new URL('/readyz', upstream.url), { signal: AbortSignal.timeout(1500) })
          .then((res) => res.ok)
          .catch(() => false);
        if (ready !== upstream.ready) this.log(`${upstream.url.host} is ${ready ? 'ready' : 'not ready'}`);
        upstream.ready = ready;
      }),
    );
  }

  private isPush(req: IncomingMessage): boolean {
    return new URL(req.url ?? '/', 'http://door').pathname === this.pushPath;
  }

  /** The processes to try, in order: the ready ones from the next in turn, then the rest. */
  private order(upstreams: readonly Upstream[]): Upstream[] {
    const turn = this.turns.get(upstreams) ?? 0;
    this.turns.set(upstreams, turn + 1);
    const start = turn % Math.max(1, upstreams.length);
    const rotated = [...upstreams.slice(start), ...upstreams.slice(0, start)];
    return [...rotated.filter((u) => u.ready), ...rotated.filter((u) => !u.ready)];
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const [target] = this.order(this.isPush(req) ? this.gateways : this.api);
    if (!target) {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"no process for this path"}');
      return;
    }
    const outgoing = request(
      {
        host: target.url.hostname,
        port: target.url.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    outgoing.on('error', (error) => {
      this.log(`${target.url.host} failed a request: ${error.message}`);
      target.ready = false;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":"the process behind the door did not answer"}');
    });
    req.pipe(outgoing);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const candidates = this.order(this.isPush(req) ? this.gateways : this.api);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const tryNext = (): void => {
      const target = candidates.shift();
      if (!target) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const upstream: Socket = connect(Number(target.url.port), target.url.hostname);
      let connected = false;
      upstream.on('error', (error) => {
        if (connected) return void socket.destroy();
        // Refused before anything was sent: the device never knew, so another gateway takes it.
        this.log(`${target.url.host} refused a socket: ${error.message}`);
        target.ready = false;
        tryNext();
      });
      upstream.once('connect', () => {
        connected = true;
        upstream.once('close', () => socket.destroy());
        socket.once('close', () => upstream.destroy());
        const headers: string[] = [];
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        headers.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ''}`);
        upstream.write(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${headers.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      });
    };
    tryNext();
  }
}
