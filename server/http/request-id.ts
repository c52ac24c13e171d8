import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { logContext } from '../log-context.ts';

/** What a front door may pass on as the request's id: short, and nothing that could forge a log line. */
const GIVEN_ID = /^[\w.:-]{1,128}$/;

/**
 * Every HTTP request gets an id, answered in `X-Request-Id` and carried on every log line written while the request
 * runs (`log-context.ts`), so a person can go from a response (or a client's report) to its lines. A well-formed id
 * that a front door or load balancer already set is kept, so its logs and ours name the request alike.
 */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && GIVEN_ID.test(given) ? given : randomUUID();
    c.header('X-Request-Id', id);
    await logContext.run({ requestId: id }, next);
  };
}
