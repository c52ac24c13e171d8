import type { LineEvent } from '../protocol/index.ts';

/** Where the mock SMS network answers (the phone page's SIM in mock mode). */
export const MOCK_SMS_NETWORK_URL = 'https://sms.couchline.test';

/** A line's SIM for the mock network: the network's address, and a key that names the line (so it knows whose). */
export function mockSim(line: string): { networkUrl: string; key: string } {
  return { networkUrl: MOCK_SMS_NETWORK_URL, key: `mock-sim-${line}` };
}

/** The line a mock SIM key is for; undefined for any other key. */
export function lineOfSim(key: string): string | undefined {
  return /^mock-sim-(\d+)$/.exec(key)?.[1];
}

/** One SMS the network was handed: what the outside world received. */
export interface SentSms {
  id: string;
  from: string;
  to: string;
  text: string;
}

/**
 * The carrier's SMS network as a phone's SIM sees it, in memory for msw (the real one is the simulator in
 * carriers/sms-network): a line hands it texts and reads its feed (delivery reports, texts received) by
 * long poll; a test texts a line from outside or makes a number fail.
 */
export class MockSmsNetwork {
  readonly sent: SentSms[] = [];
  private readonly feeds = new Map<string, LineEvent[]>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly faults = new Map<string, string>();
  private ids = 0;

  /** A phone hands a text to the network; its report follows on the line's feed (the failure set for `to`, if any). */
  send(line: string, to: string, text: string): string {
    const id = `mock-sms-${++this.ids}`;
    this.sent.push({ id, from: line, to, text });
    const fault = this.faults.get(to);
    setTimeout(
      () =>
        this.addLineEvent(line, {
          type: 'sms.report',
          messageId: id,
          status: fault ? 'failed' : 'delivered',
          reason: fault ?? null,
        }),
      50,
    );
    return id;
  }

  /** Someone outside texts a line. */
  inbound(from: string, to: string, text: string): void {
    this.addLineEvent(to, {
      type: 'sms.received',
      messageId: `mock-sms-${++this.ids}`,
      from,
      text,
      at: new Date().toISOString(),
    });
  }

  /** Texts to `number` fail with `reason` from now on; null: they go through again. */
  fail(number: string, reason: string | null): void {
    if (reason) this.faults.set(number, reason);
    else this.faults.delete(number);
  }

  /** The line's events after `after`, waiting up to `waitMs` for one when there is none yet. */
  async feed(line: string, after: number, waitMs: number): Promise<LineEvent[]> {
    const newer = () => (this.feeds.get(line) ?? []).filter((e) => e.seq > after);
    if (newer().length === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const list = this.waiters.get(line) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.waiters.set(line, list);
      });
    }
    return newer();
  }

  private addLineEvent(line: string, event: DistributiveOmit<LineEvent, 'seq'>): void {
    const feed = this.feeds.get(line) ?? [];
    feed.push({ ...event, seq: feed.length + 1 });
    this.feeds.set(line, feed);
    for (const wake of this.waiters.get(line)?.splice(0) ?? []) wake();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
