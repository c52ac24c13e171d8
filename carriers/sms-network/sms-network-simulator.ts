import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import {
  ErrorCode,
  InboundSmsRequest,
  SendSmsRequest,
  SmsFaultRequest,
  type LineEvent,
  type LineFeed,
  type SmsAccepted,
  type SmsStatusView,
} from '../../protocol/index.ts';
import { errorJson, limitBody, readJson } from '../kit/respond.ts';
import { hashKey, randomKey } from '../kit/secrets.ts';
import type { Logger } from '../kit/log.ts';
import { SmsStore, type DistributiveOmit } from './sms-store.ts';

export interface SmsNetworkSimulatorOptions {
  /** Its own database file (`:memory:` in tests). */
  dbPath: string;
  log: Logger;
  /** How long the network takes to deliver a text and report on it. */
  deliveryDelayMs?: number;
  /** The longest a handset's feed request may wait for news. */
  maxWaitMs?: number;
  now?: () => number;
}

export interface SmsNetworkSimulator {
  app: Hono;
  store: SmsStore;
  /** Gives a line a SIM: returns its key (only the hash is kept), or null if the line exists. */
  addLine(number: string, holder: string): string | null;
  /** A new SIM key for an existing line (the old one stops working). */
  reissueSimKey(number: string): string;
  close(): void;
}

const TEXT_BODY_LIMIT = 8 * 1024;

/**
 * The carrier's SMS network (SMSC), simulated: handsets send with their SIM key and read their line's feed (texts
 * received, delivery reports) by long-polling; someone outside can text a line; tests can make texts to a number
 * fail. Texts between two lines of this network arrive in the other line's feed. Browsers may call it (CORS), as
 * the phone page does: it plays a handset.
 */
export function createSmsNetworkSimulator(options: SmsNetworkSimulatorOptions): SmsNetworkSimulator {
  const store = new SmsStore(options.dbPath);
  const log = options.log;
  const now = options.now ?? Date.now;
  const deliveryDelayMs = options.deliveryDelayMs ?? 300;
  const maxWaitMs = options.maxWaitMs ?? 25_000;
  const waiters = new Map<string, Set<() => void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const app = new Hono();
  app.use('/v1/*', cors({ origin: (origin) => origin, allowHeaders: ['authorization', 'content-type'] }));

  app.get('/health', (c) => c.json({ ok: true }));

  /** The line a request's SIM key belongs to. */
  const lineOf = (c: Context): string | undefined => {
    const header = c.req.header('authorization') ?? '';
    return header.startsWith('Bearer ') ? store.lineBySimKeyHash(hashKey(header.slice(7))) : undefined;
  };
  const noSim = (c: Context) => errorJson(c, 401, ErrorCode.AuthInvalidDevice, 'a SIM key is required');

  app.post('/v1/messages', limitBody(TEXT_BODY_LIMIT), async (c) => {
    const line = lineOf(c);
    if (!line) return noSim(c);
    const body = await readJson(c, SendSmsRequest);
    if (!body.ok) return body.response;
    const id = `sms_${randomUUID()}`;
    store.addMessage({
      id,
      from: line,
      to: body.value.to,
      text: body.value.text,
      status: 'accepted',
      reason: null,
      createdAt: now(),
    });
    later(() => deliver(id));
    const accepted: SmsAccepted = { messageId: id, status: 'accepted' };
    return c.json(accepted, 202);
  });

  app.get('/v1/messages/:id', (c) => {
    const line = lineOf(c);
    if (!line) return noSim(c);
    const message = store.getMessage(c.req.param('id'));
    if (!message || message.from !== line)
      return errorJson(c, 404, ErrorCode.NotFound, 'no such text from this line');
    const view: SmsStatusView = { messageId: message.id, status: message.status, reason: message.reason };
    return c.json(view);
  });

  // The handset's feed: what arrived for the line and what became of its texts, after `after`. Waits up to
  // `waitMs` for news when there is none yet (long poll).
  app.get('/v1/feed', async (c) => {
    const line = lineOf(c);
    if (!line) return noSim(c);
    const after = Number(c.req.query('after') ?? 0);
    const waitMs = Math.min(Number(c.req.query('waitMs') ?? 0), maxWaitMs);
    if (!Number.isFinite(after) || !Number.isFinite(waitMs) || after < 0 || waitMs < 0) {
      return errorJson(c, 400, ErrorCode.ProtocolMalformed, 'after and waitMs are non-negative numbers');
    }
    let events = store.feed(line, after);
    if (events.length === 0 && waitMs > 0) {
      await waitForNews(line, waitMs, c.req.raw.signal);
      events = store.feed(line, after);
    }
    const feed: LineFeed = { events };
    return c.json(feed);
  });

  // ---- The outside world and tests ----

  app.post('/inbound', limitBody(TEXT_BODY_LIMIT), async (c) => {
    const body = await readJson(c, InboundSmsRequest);
    if (!body.ok) return body.response;
    if (!store.hasLine(body.value.to))
      return errorJson(c, 404, ErrorCode.NotFound, 'no such line on this network');
    const id = `sms_${randomUUID()}`;
    store.addMessage({ id, ...body.value, status: 'delivered', reason: null, createdAt: now() });
    receive(body.value.to, id, body.value.from, body.value.text);
    return c.json({ messageId: id }, 201);
  });

  app.post('/faults', limitBody(1024), async (c) => {
    const body = await readJson(c, SmsFaultRequest);
    if (!body.ok) return body.response;
    store.setFault(
      body.value.number,
      body.value.fail ? (body.value.reason ?? 'the network could not deliver it') : null,
    );
    return c.body(null, 204);
  });

  function deliver(id: string): void {
    const message = store.getMessage(id);
    if (!message) return;
    const fault = store.fault(message.to);
    if (fault) {
      store.setStatus(id, 'failed', fault);
      notify(message.from, { type: 'sms.report', messageId: id, status: 'failed', reason: fault });
      log.info('text failed', { messageId: id });
      return;
    }
    store.setStatus(id, 'delivered', null);
    if (store.hasLine(message.to)) receive(message.to, id, message.from, message.text);
    notify(message.from, { type: 'sms.report', messageId: id, status: 'delivered', reason: null });
  }

  function receive(line: string, messageId: string, from: string, text: string): void {
    notify(line, { type: 'sms.received', messageId, from, text, at: new Date(now()).toISOString() });
  }

  function notify(line: string, event: DistributiveOmit<LineEvent, 'seq'>): void {
    store.append(line, event);
    for (const wake of waiters.get(line) ?? []) wake();
  }

  function waitForNews(line: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = waiters.get(line) ?? new Set();
      waiters.set(line, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) waiters.delete(line);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  function later(fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, deliveryDelayMs);
    timers.add(timer);
  }

  return {
    app,
    store,
    addLine(number, holder) {
      const key = randomKey();
      return store.addLine(number, holder, hashKey(key)) ? key : null;
    },
    reissueSimKey(number) {
      const key = randomKey();
      store.setSimKeyHash(number, hashKey(key));
      return key;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const set of waiters.values()) for (const wake of set) wake();
      store.close();
    },
  };
}
