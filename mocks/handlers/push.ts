import { ws } from 'msw';
import type { MockGateway } from '../mock-gateway.ts';

// The push channel on any host (ws://ANY-HOST/push), answered by a MockGateway.
export const pushLink = ws.link('ws://*/push');

export function pushHandlers(gateway: MockGateway) {
  return [
    pushLink.addEventListener('connection', ({ client }) => {
      const onText = gateway.connect(client);
      client.addEventListener('message', (event) => {
        if (typeof event.data === 'string') onText(event.data);
      });
      client.addEventListener('close', () => {
        const device = gateway.deviceOf(client);
        if (device) gateway.disconnect(device, client);
      });
    }),
  ];
}
