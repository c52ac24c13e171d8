import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** A Node HTTP server for a fetch-style handler (a Hono app's `fetch`). */
export function createHttpServer(fetch: (request: Request) => Response | Promise<Response>): Server {
  const listener = getRequestListener(fetch);
  // The listener reports its own errors through the response; nothing is left to await here.
  return createServer((request, response) => void listener(request, response));
}
