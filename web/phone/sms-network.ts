import * as v from 'valibot';
import { LineFeed, SmsAccepted, type ErrorBody, type LineEvent } from '../../protocol/index.ts';

/**
 * The phone's radio, as far as texting goes: hand a text to the carrier's SMS network, and read the line's feed of
 * texts received and delivery reports. The demo's network is the simulator (carriers/sms-network/); a
 * native phone app would sit on the handset's own SMS API behind the same interface.
 */
export interface SmsNetwork {
  /** Hands a text to the network; resolves to the network's id for it. Throws {@link SmsNetworkError} if refused. */
  send(to: string, text: string): Promise<string>;
  /** The line's events after sequence `after`; waits up to `waitMs` for one when there is none yet. */
  feed(after: number, waitMs: number, signal?: AbortSignal): Promise<LineEvent[]>;
}

/** The network refused a text or did not answer; `message` says why in words the phone can show. */
export class SmsNetworkError extends Error {
  override name = 'SmsNetworkError';
}

/** The SIM a phone has: where its network is and the key that proves the line. */
export interface Sim {
  networkUrl: string;
  key: string;
}

/** {@link SmsNetwork} over the simulator's HTTP interface, authenticated with the SIM key. */
export class HttpSmsNetwork implements SmsNetwork {
  private readonly sim: Sim;

  constructor(sim: Sim) {
    this.sim = { ...sim, networkUrl: sim.networkUrl.replace(/\/$/, '') };
  }

  async send(to: string, text: string): Promise<string> {
    const body = await this.request('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, text }),
    });
    return v.parse(SmsAccepted, body).messageId;
  }

  async feed(after: number, waitMs: number, signal?: AbortSignal): Promise<LineEvent[]> {
    const body = await this.request(`/v1/feed?after=${after}&waitMs=${waitMs}`, signal ? { signal } : {});
    return v.parse(LineFeed, body).events;
  }

  private async request(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.sim.networkUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.sim.key}` },
      });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      throw new SmsNetworkError('no network signal');
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message = (json as ErrorBody | null)?.error.message ?? `the network answered ${response.status}`;
      throw new SmsNetworkError(message);
    }
    return json;
  }
}
