// The devices' half of the cluster benchmark, in a process of its own (one process may hold only ~19,900 sockets
// here, and a load generator sharing a loop with the sockets it measures would measure itself): it connects its
// share of STBs, says hello, acknowledges every event and notes when each arrived; on request it moves them to
// another gateway, or reconnects the ones whose gateway died, with their `lastSeq`, as the TV app does. Talks to
// bench/push-cluster.ts over IPC.
import WebSocket from 'ws';

export interface BenchDevice {
  deviceId: string;
  token: string;
  mailbox: string;
}

/** What the driver asks. */
export type ClientOrder =
  | { type: 'connect'; devices: BenchDevice[]; urls: string[] }
  | { type: 'move'; url: string }
  /**
   * Where to reconnect when a socket closes. `deaf`: until then, events are ignored (neither noted nor
   * acknowledged), as frames lost with a dying backend would be, so the reconnection has them to catch up.
   */
  | { type: 'fallback'; url: string; deaf?: boolean }
  | { type: 'arrivals' }
  | { type: 'storm' }
  | { type: 'stop' };

/** What it answers, one reply per order. */
export type ClientReply =
  | { type: 'connected'; count: number }
  | { type: 'moved'; count: number }
  | { type: 'fallback-set' }
  | { type: 'arrivals'; arrivals: [messageId: string, at: number][] }
  | { type: 'storm'; welcomed: number; lastWelcomeAt: number; closed: number };

interface Device extends BenchDevice {
  socket: WebSocket | null;
  url: string;
  lastSeq: number;
  epoch: string | undefined;
  /** Ignores events until its next connection (see the `fallback` order). */
  deaf: boolean;
}

const devices: Device[] = [];
let arrivals: [string, number][] = [];
let fallback: string | null = null;
let storm = { welcomed: 0, lastWelcomeAt: 0, closed: 0 };

const now = () => performance.timeOrigin + performance.now();
const reply = (message: ClientReply) => process.send!(message);

/** Opens the device's socket to `url` and resolves at its `welcome`. */
function open(device: Device, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/push`, { perMessageDeflate: false });
    device.socket = socket;
    device.url = url;
    let welcomed = false;
    socket.on('error', reject);
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          type: 'hello',
          v: 1,
          token: device.token,
          lastSeq: device.lastSeq,
          ...(device.epoch ? { epoch: device.epoch } : {}),
        }),
      ),
    );
    socket.on('message', (raw) => {
      const at = now();
      const frame = JSON.parse((raw as Buffer).toString('utf8')) as {
        type: string;
        seq?: number;
        epoch?: string;
        data?: { messageId?: string };
      };
      if (frame.type === 'welcome') {
        welcomed = true;
        device.epoch = frame.epoch;
        resolve();
      }
      if (frame.type === 'event' && frame.seq !== undefined && !device.deaf) {
        if (frame.data?.messageId) arrivals.push([frame.data.messageId, at]);
        device.lastSeq = Math.max(device.lastSeq, frame.seq);
        socket.send(JSON.stringify({ type: 'ack', seq: frame.seq }));
      }
    });
    socket.on('close', () => {
      // Only a socket that was up counts: a failed attempt is retried by the loop that made it.
      if (!welcomed || device.socket !== socket || fallback === null) return;
      // Its gateway died: straight back, to the one still standing — the storm at its worst (the app's backoff
      // would spread it out).
      storm.closed++;
      device.deaf = false;
      const to = fallback;
      void (async () => {
        for (;;) {
          try {
            await open(device, to);
            storm.welcomed++;
            storm.lastWelcomeAt = now();
            return;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      })();
    });
  });
}

/** Runs `task` over `items`, `batch` at a time, so the gateways' accept queues are not flooded. */
async function inBatches<T>(items: T[], batch: number, task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += batch) await Promise.all(items.slice(i, i + batch).map(task));
}

process.on('message', (order: ClientOrder) => {
  void (async () => {
    switch (order.type) {
      case 'connect': {
        const added = order.devices.map((d, i): Device => ({
          ...d,
          socket: null,
          url: order.urls[i % order.urls.length]!,
          lastSeq: 0,
          epoch: undefined,
          deaf: false,
        }));
        devices.push(...added);
        await inBatches(added, 250, (d) => open(d, d.url));
        return reply({ type: 'connected', count: added.length });
      }
      case 'move': {
        const moving = devices.filter((d) => d.url !== order.url);
        await inBatches(moving, 250, async (d) => {
          const old = d.socket;
          d.socket = null; // its close is ours, not a dead gateway's
          old?.close();
          await open(d, order.url);
        });
        return reply({ type: 'moved', count: moving.length });
      }
      case 'fallback':
        fallback = order.url;
        for (const device of devices) device.deaf = order.deaf ?? false;
        storm = { welcomed: 0, lastWelcomeAt: 0, closed: 0 };
        return reply({ type: 'fallback-set' });
      case 'arrivals': {
        const taken = arrivals;
        arrivals = [];
        return reply({ type: 'arrivals', arrivals: taken });
      }
      case 'storm':
        return reply({ type: 'storm', ...storm });
      case 'stop':
        fallback = null;
        for (const d of devices) d.socket?.terminate();
        process.exit(0);
    }
  })();
});
