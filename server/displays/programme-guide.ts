import * as v from 'valibot';
import { Programme } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';

/**
 * The cable operator's programme guide, as the backend reads it: what is on a channel at an instant. The EPG
 * simulator implements the HTTP side; a real operator's guide feed is another implementation.
 */
export interface ProgrammeGuide {
  /** The programme on `channel` at `at`, or null when the guide has none (or does not answer). */
  onNow(channel: string, at: Date): Promise<Programme | null>;
  /** The channels it lists (empty when it does not answer). */
  channels(): Promise<{ id: string; name: string }[]>;
}

/** No guide at all: nothing is known to be on. */
export const NO_GUIDE: ProgrammeGuide = {
  onNow: () => Promise.resolve(null),
  channels: () => Promise.resolve([]),
};

/**
 * The guide over HTTP, remembering each channel's current programme until it ends (deciding an alert asks for
 * every display's programme; the guide changes only at programme boundaries). A guide that does not answer means
 * no programme is known: programme rules then do not hold anything back, and nothing is lost.
 */
export class HttpProgrammeGuide implements ProgrammeGuide {
  private readonly baseUrl: string;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly cache = new Map<string, Programme>();

  constructor(options: { baseUrl: string; log: Logger; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.log = options.log;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  async channels(): Promise<{ id: string; name: string }[]> {
    try {
      const response = await fetch(`${this.baseUrl}/channels`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`the guide answered ${response.status}`);
      const list = v.parse(
        v.object({ channels: v.array(v.object({ id: v.string(), name: v.string() })) }),
        await response.json(),
      );
      return list.channels;
    } catch (error) {
      this.log.warn('the programme guide did not answer', { error: String(error) });
      return [];
    }
  }

  async onNow(channel: string, at: Date): Promise<Programme | null> {
    const cached = this.cache.get(channel);
    if (cached && Date.parse(cached.start) <= at.getTime() && at.getTime() < Date.parse(cached.end))
      return cached;
    try {
      const response = await fetch(
        `${this.baseUrl}/channels/${encodeURIComponent(channel)}/now?at=${encodeURIComponent(at.toISOString())}`,
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`the guide answered ${response.status}`);
      const { programme } = v.parse(v.object({ programme: v.optional(Programme) }), await response.json());
      if (programme) this.cache.set(channel, programme);
      return programme ?? null;
    } catch (error) {
      this.log.warn('the programme guide did not answer', { channel, error: String(error) });
      return null;
    }
  }
}
