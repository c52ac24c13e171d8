import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalRedis, type LocalRedis } from '../../../scripts/cluster/local-engines.ts';

/** A real Redis 7 (Debian's `redis-server`) of the test's own, on a free loopback port, stopped by its pid. */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: what an operator's crash looks like) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is saved). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Started as `npm run start:cluster` starts its Redis (scripts/cluster/local-engines.ts), in a temp folder. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'couchline-redis-'));
  let server: LocalRedis | null = null;
  const start = async () => void (server = await startLocalRedis({ dir, port }));
  const kill = async () => {
    const running = server;
    server = null;
    await running?.stop('SIGKILL');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
