import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../../protocol/index.ts';
import type { DeviceBus } from '../push/device-bus.ts';
import type { OutboxPublisher } from '../push/outbox-publisher.ts';
import type { OutboxRepository } from '../push/outbox-repository.ts';
import type { PushGateway } from '../push/gateway.ts';

/** What the metrics watch in one app: each part's own typed events, and the outbox for its backlog. */
export interface MetricsSources {
  publisher: OutboxPublisher;
  /** Null in a process without the gateway role. */
  gateway: PushGateway | null;
  bus: DeviceBus;
  /** Database-wide, so read where the API runs (null elsewhere): one query per scrape, not one per gateway. */
  outbox: Pick<OutboxRepository, 'backlog'> | null;
  now?: () => number;
}

/** The API errors that mean a guessable secret is locked (each refused try while locked counts). */
const LOCKOUTS: Partial<Record<string, 'pin' | 'login'>> = {
  [ErrorCode.PinLocked]: 'pin',
  [ErrorCode.LoginLocked]: 'login',
};

/** Webhook → socket: mostly milliseconds on one machine, up to seconds when a bus message was lost and filled. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];

/**
 * What operators watch (`/metrics`, Prometheus text format), one registry per app so several apps in one process
 * (the tests) never share a counter. It listens to the parts' typed events rather than being called from them.
 * Labels carry reasons, paths and event names, never a device, household or person: the endpoint holds no
 * household data.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly stops: (() => void)[] = [];
  private readonly lockouts = new Counter({
    name: 'couchline_lockouts_total',
    help: 'API answers refused because a PIN or a login is locked after too many wrong tries',
    labelNames: ['secret'],
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const now = sources.now ?? Date.now;
    collectDefaultMetrics({ register: this.registry });
    const published = new Counter({
      name: 'couchline_events_published_total',
      help: 'Events committed to a device outbox (each device counts), by event name',
      labelNames: ['event'],
      registers,
    });
    const duplicates = new Counter({
      name: 'couchline_events_duplicate_total',
      help: 'Events published again with an id the device outbox already had (carrier retries), not queued twice',
      registers,
    });
    this.stops.push(
      sources.publisher.events.on('published', ({ entry, created }) =>
        created ? published.inc({ event: entry.name }) : duplicates.inc(),
      ),
    );
    const reconnects = new Counter({
      name: 'couchline_bus_reconnects_total',
      help: 'Times the bus came back after losing its connection (each is followed by a gap fill)',
      registers,
    });
    this.stops.push(sources.bus.onGap(() => reconnects.inc()));
    if (sources.gateway) this.followGateway(sources.gateway, now);
    if (sources.outbox) this.followOutbox(sources.outbox, now);
  }

  /** An API error answered: counts lockouts. */
  onApiError(code: string): void {
    const secret = LOCKOUTS[code];
    if (secret) this.lockouts.inc({ secret });
  }

  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.registry.clear();
  }

  private followGateway(gateway: PushGateway, now: () => number): void {
    const registers = [this.registry];
    new Gauge({
      name: 'couchline_push_sockets',
      help: "Sockets this gateway holds: 'open' all of them, 'authenticated' those whose hello was accepted",
      labelNames: ['state'],
      registers,
      collect() {
        const stats = gateway.stats();
        this.set({ state: 'open' }, stats.connections);
        this.set({ state: 'authenticated' }, stats.authenticated);
      },
    });
    const handshakes = new Counter({
      name: 'couchline_push_handshakes_total',
      help: "Hellos on this gateway: result 'accepted', or 'refused' with the error code as reason",
      labelNames: ['result', 'reason'],
      registers,
    });
    const sent = new Counter({
      name: 'couchline_push_events_sent_total',
      help: "Event frames written to sockets, by path: 'live', 'replay' (after a hello), 'gap-fill' (a lost bus message)",
      labelNames: ['path'],
      registers,
    });
    const acked = new Counter({
      name: 'couchline_push_events_acked_total',
      help: 'Events devices acknowledged on this gateway (they reached the device and leave its outbox)',
      registers,
    });
    const latency = new Histogram({
      name: 'couchline_push_delivery_seconds',
      help: 'From an event committed to the outbox (a webhook deposit) to its frame written to the socket, live and gap-filled sends',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stops.push(
      gateway.events.on('connected', () => handshakes.inc({ result: 'accepted' })),
      gateway.events.on('refused', ({ reason }) => handshakes.inc({ result: 'refused', reason })),
      gateway.events.on('acked', ({ entries }) => acked.inc(entries.length)),
      gateway.events.on('sent', ({ entry, path }) => {
        sent.inc({ path });
        // A replay waited for its device to come back: that is the device's absence, not our latency.
        if (path !== 'replay') latency.observe(Math.max(0, now() - Date.parse(entry.at)) / 1000);
      }),
    );
  }

  private followOutbox(outbox: Pick<OutboxRepository, 'backlog'>, now: () => number): void {
    // Both gauges from one query per scrape: a scrape collects every metric at once, so the two ask within one turn
    // of the event loop. With the database away they read NaN, and the rest of /metrics still answers.
    let reading: Promise<{ depth: number; oldestAt: string | null }> | null = null;
    const read = () => {
      if (reading) return reading;
      setImmediate(() => (reading = null));
      return (reading = outbox.backlog().catch(() => ({ depth: NaN, oldestAt: 'NaN' })));
    };
    new Gauge({
      name: 'couchline_outbox_depth',
      help: 'Unacknowledged events in every device outbox (database-wide)',
      registers: [this.registry],
      async collect() {
        this.set((await read()).depth);
      },
    });
    new Gauge({
      name: 'couchline_outbox_oldest_age_seconds',
      help: 'Age of the oldest unacknowledged event in any outbox (0 when empty; database-wide)',
      registers: [this.registry],
      async collect() {
        const { oldestAt } = await read();
        this.set(oldestAt === null ? 0 : Math.max(0, now() - Date.parse(oldestAt)) / 1000); // NaN stays NaN
      },
    });
  }
}
