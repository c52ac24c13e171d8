// The devices' half of the mosquitto benchmark, in a process of its own (as bench/push-clients.ts is for ours: a
// load generator sharing a loop with the sockets it measures would measure itself): its share of MQTT clients over
// WebSocket, each with a persistent session (clean: false, a fixed client id) subscribed at QoS 1 to its own topic;
// it notes when each message reached the client's message handler (the `mqtt` package acknowledges it after).
// Talks to bench/mosquitto-fanout.ts over IPC.
import { connectAsync, type MqttClient } from 'mqtt';
import { deviceTopic, type BenchEvent } from './mqtt-load.ts';

/** What the driver asks. */
export type MqttClientOrder =
  { type: 'connect'; url: string; clientIds: string[] } | { type: 'arrivals' } | { type: 'stop' };

/** What it answers, one reply per order. */
export type MqttClientReply =
  | { type: 'connected'; count: number }
  | { type: 'arrivals'; arrivals: [messageId: string, at: number][]; closed: number };

const clients: MqttClient[] = [];
let arrivals: [string, number][] = [];
/** Clients whose connection closed after they were connected: none should. */
let closed = 0;

const now = () => performance.timeOrigin + performance.now();
const reply = (message: MqttClientReply) => process.send!(message);

async function open(url: string, clientId: string): Promise<void> {
  const client = await connectAsync(url, {
    clientId,
    clean: false,
    protocolVersion: 4,
    // Our server pings every socket each 30 s; an MQTT client pings its broker.
    keepalive: 30,
    reconnectPeriod: 0,
    wsOptions: { perMessageDeflate: false },
  });
  clients.push(client);
  client.on('message', (_topic, payload) => {
    const at = now();
    const event = JSON.parse(payload.toString('utf8')) as BenchEvent;
    arrivals.push([event.messageId, at]);
  });
  client.on('close', () => closed++);
  await client.subscribeAsync(deviceTopic(clientId), { qos: 1 });
}

process.on('message', (order: MqttClientOrder) => {
  void (async () => {
    switch (order.type) {
      case 'connect': {
        // 250 at a time, so the broker's accept queue is not flooded.
        for (let i = 0; i < order.clientIds.length; i += 250) {
          await Promise.all(order.clientIds.slice(i, i + 250).map((id) => open(order.url, id)));
        }
        return reply({ type: 'connected', count: order.clientIds.length });
      }
      case 'arrivals': {
        const taken = arrivals;
        arrivals = [];
        return reply({ type: 'arrivals', arrivals: taken, closed });
      }
      case 'stop':
        for (const client of clients) client.removeAllListeners('close').end(true);
        process.exit(0);
    }
  })();
});
