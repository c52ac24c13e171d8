import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/** A carrier's HTTP interface listening on a node socket. */
export interface Serving {
  /** Its base URL, e.g. `http://127.0.0.1:8081`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch-style handler (a Hono app's `fetch`) on `host:port` (port 0: any free one). Resolves once it
 * listens; rejects with the socket's error (`EADDRINUSE` when the port is taken), leaving what to do to the caller.
 */
export async function serve(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  host = '127.0.0.1',
): Promise<Serving> {
  const listener = getRequestListener(fetch);
  // The listener reports its own errors through the response; nothing is left to await here.
  const server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
