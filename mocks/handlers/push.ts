import { ws } from 'msw';
import type { MockGateway, MockSocket } from '../mock-gateway.ts';

// The push channel on any host (ws://ANY-HOST/push), answered by a MockGateway.
export const pushLink = ws.link('ws://*/push');

export function pushHandlers(gateway: MockGateway) {
  return [
    pushLink.addEventListener('connection', ({ client }) => {
      const socket: MockSocket = {
        send: (data) => client.send(data),
        // msw drops a frame sent in the same turn as a close (the device would see the close alone): the gateway's
        // last word (AUTH_REVOKED, AUTH_INVALID_TOKEN) goes first, as the real gateway's does, then the close.
        close: (code, reason) => setTimeout(() => client.close(code, reason), 0),
      };
      const onText = gateway.connect(socket);
      client.addEventListener('message', (event) => {
        if (typeof event.data === 'string') onText(event.data);
      });
      client.addEventListener('close', () => {
        const device = gateway.deviceOf(socket);
        if (device) gateway.disconnect(device, socket);
      });
    }),
  ];
}
