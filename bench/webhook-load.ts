// The carrier's side of the push benchmarks: signed voicemail webhooks at a steady rate to random devices'
// mailboxes, and the latency figures from when each was sent to when its event reached the device's socket.
import { createHmac } from 'node:crypto';
import { signedWebhookHeaders } from '../server/voicemail/webhook-signature.ts';
import { percentile } from './stats.ts';

export const BENCH_WEBHOOK_SECRET = `whsec_${Buffer.from('bench-webhook-secret-0123456789ab').toString('base64')}`;

/** A wall-clock time in ms with sub-ms precision, comparable between the driver and its client processes. */
export const wallClock = () => performance.timeOrigin + performance.now();

/**
 * Sends `count` webhooks at `ratePerSec` (message ids `<tag>-<i>`) and waits for every answer. Returns when each was
 * sent and how long each took to be answered (the deposit committed).
 */
export async function sendAlerts(
  apiUrl: string,
  targets: readonly { mailbox: string }[],
  count: number,
  ratePerSec: number,
  tag: string,
): Promise<{ sentAt: Map<string, number>; answeredMs: number[] }> {
  const sentAt = new Map<string, number>();
  const answeredMs: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  let refusals = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const target = targets[Math.floor(Math.random() * targets.length)]!;
    const messageId = `${tag}-${i}`;
    const body = JSON.stringify({
      type: 'message.deposited',
      messageId,
      mailbox: target.mailbox,
      callerName: 'Jane',
      callerNumber: '5055551313',
      receivedAt: new Date().toISOString(),
      durationSec: 12,
      format: 'amr-nb',
    });
    const sent = performance.now();
    sentAt.set(messageId, performance.timeOrigin + sent);
    inFlight.push(
      fetch(`${apiUrl}/hooks/voicemail`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signedWebhookHeaders(BENCH_WEBHOOK_SECRET, body),
          // The signature servers before Standard Webhooks checked, so bench/compare.ts drives an older checkout
          // too; today's server ignores it.
          'x-couchline-signature': `sha256=${createHmac('sha256', BENCH_WEBHOOK_SECRET).update(body).digest('hex')}`,
        },
        body,
      }).then(async (r) => {
        // A refused webhook would leave its alert missing from the figures: say why.
        if (!r.ok && refusals++ === 0) console.error(`  webhook refused: ${r.status} ${await r.text()}`);
        else await r.arrayBuffer();
        answeredMs.push(performance.now() - sent);
      }),
    );
    const wait = start + (i + 1) * (1000 / ratePerSec) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return { sentAt, answeredMs };
}

export interface LatencyFigures {
  delivered: number;
  p50: number;
  p99: number;
  max: number;
}

/** Webhook sent → event on the socket, for the alerts that arrived. */
export function latencyFigures(sentAt: Map<string, number>, arrivals: Map<string, number>): LatencyFigures {
  const latencies = [...sentAt]
    .flatMap(([id, t]) => (arrivals.has(id) ? [arrivals.get(id)! - t] : []))
    .sort((a, b) => a - b);
  return {
    delivered: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}
