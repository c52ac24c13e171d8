// The publisher's side of the mosquitto benchmark, as bench/webhook-load.ts is the carrier's side of ours: one event
// per publish, QoS 1, at a steady rate to random devices' topics; when each was sent, and how long the broker took
// to acknowledge it (PUBACK: it has taken the message for its subscribers). The payload is JSON with a voicemail
// event's fields (caller, number, time, duration), and the subscribers parse it, as our STBs parse theirs.
import type { MqttClient } from 'mqtt';

/** Each device's topic: its client subscribes to it, the publisher sends the device's events there. */
export const deviceTopic = (clientId: string) => `couchline-bench/${clientId}`;

/** What a device receives: the voicemail event's fields, `messageId` among them. */
export interface BenchEvent {
  type: 'voicemail';
  messageId: string;
  callerName: string;
  callerNumber: string;
  receivedAt: string;
  durationSec: number;
}

/**
 * Publishes `count` events at `ratePerSec` (message ids `<tag>-<i>`) and waits for every PUBACK.
 * Returns when each was sent and how long each took to be acknowledged.
 */
export async function publishEvents(
  publisher: MqttClient,
  clientIds: readonly string[],
  count: number,
  ratePerSec: number,
  tag: string,
): Promise<{ sentAt: Map<string, number>; acknowledgedMs: number[] }> {
  const sentAt = new Map<string, number>();
  const acknowledgedMs: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const clientId = clientIds[Math.floor(Math.random() * clientIds.length)]!;
    const messageId = `${tag}-${i}`;
    const event: BenchEvent = {
      type: 'voicemail',
      messageId,
      callerName: 'Jane',
      callerNumber: '5055551313',
      receivedAt: new Date().toISOString(),
      durationSec: 12,
    };
    const payload = JSON.stringify(event);
    const sent = performance.now();
    sentAt.set(messageId, performance.timeOrigin + sent);
    inFlight.push(
      publisher
        .publishAsync(deviceTopic(clientId), payload, { qos: 1 })
        .then(() => acknowledgedMs.push(performance.now() - sent)),
    );
    const wait = start + (i + 1) * (1000 / ratePerSec) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  return { sentAt, acknowledgedMs };
}
