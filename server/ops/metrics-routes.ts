import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { Metrics } from './metrics.ts';

/**
 * `GET /metrics` on every process, beside `/healthz` and `/readyz`, on the same port.
 *
 * Protection, decided: what it serves is aggregate counts and timings about the process and its sockets, labelled
 * with reasons and event names only, never a device, household, phone number or person, so it holds no household
 * data. It still tells an outsider how busy the service is, so an operator either keeps `/metrics` off the public
 * front door (it is an operator endpoint: scrape each process directly, as `/readyz` is asked) or sets
 * COUCHLINE_METRICS_TOKEN, and then a scrape must send `Authorization: Bearer <token>` (Prometheus:
 * `authorization: { credentials: … }`); without it the answer is 401.
 */
export function metricsRoutes(metrics: Metrics, token: string | null = null): Hono {
  const routes = new Hono();
  routes.get('/metrics', async (c) => {
    if (token !== null && !sameSecret(c.req.header('authorization') ?? '', `Bearer ${token}`)) {
      return c.text('a bearer token is required (COUCHLINE_METRICS_TOKEN)\n', 401);
    }
    const { body, contentType } = await metrics.text();
    return c.body(body, 200, { 'content-type': contentType });
  });
  return routes;
}

/** Counts lockouts from the API errors the app answers (`c.error` is what reached `onError`). */
export function countApiErrors(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.error instanceof ApiError) metrics.onApiError(c.error.code);
  };
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
