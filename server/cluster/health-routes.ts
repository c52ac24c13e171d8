import { Hono } from 'hono';
import { rolesName, type Role } from './cluster-settings.ts';

/** One thing a process needs to do its work: the database, Redis. Rejects (or throws) when it is not reachable. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  roles: ReadonlySet<Role>;
  /** Named checks, run at each `/readyz`: e.g. `{ database, redis }`. */
  checks: Record<string, ReadinessCheck>;
  /** A check that has not answered in this long counts as failed (a server that accepts and then says nothing). */
  timeoutMs?: number;
}

export interface ReadinessAnswer {
  ready: boolean;
  role: string;
  checks: Record<string, { ok: true } | { ok: false; error: string }>;
}

/**
 * Per process, for whatever runs it (a load balancer, an orchestrator, `npm run start:cluster`):
 * - `GET /healthz` — liveness: the process answers (200 while it runs; restart it when it does not);
 * - `GET /readyz` — readiness: 200 when everything it needs is reachable, else 503; the body says the role and
 *   which check failed, so a front door takes the process out of rotation and a person sees why.
 */
export function healthRoutes(options: HealthOptions): Hono {
  const role = rolesName(options.roles);
  const timeoutMs = options.timeoutMs ?? 2000;
  const routes = new Hono();
  routes.get('/healthz', (c) => c.json({ ok: true, role, pid: process.pid }));
  routes.get('/readyz', async (c) => {
    const answer = await readiness(role, options.checks, timeoutMs);
    return c.json(answer, answer.ready ? 200 : 503);
  });
  return routes;
}

export async function readiness(
  role: string,
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessAnswer> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: results.every(([, result]) => result.ok),
    role,
    checks: Object.fromEntries(results),
  };
}
