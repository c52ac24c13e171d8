import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..');

/** One backend process (`node server/main.ts`) started by its parent, which stops it by its pid. */
export interface BackendProcess {
  readonly pid: number;
  /** Its roles as it reported them (`api`, `gateway`, `api,gateway`). */
  readonly role: string;
  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Its whole ready line (scripts/product.ts adds the simulators' URLs). */
  readonly said: Readonly<Record<string, unknown>>;
  readonly child: ChildProcess;
  /** SIGTERM (it closes its sockets and database), then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface BackendProcessOptions {
  /**
   * What to run, from the repository root: `server/main.ts` (our backend alone, the default) or
   * `scripts/product.ts` (the backend with the simulated carriers beside it, as `npm start` runs it).
   */
  script?: string;
  /** Added to this process's environment (COUCHLINE_ROLES, COUCHLINE_DATABASE_URL, COUCHLINE_REDIS_URL, …). */
  env: Record<string, string | undefined>;
  /** Each line it writes, after its ready line (the cluster prefixes and prints them; tests keep them). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long it may take to say it is ready. */
  timeoutMs?: number;
}

/**
 * Starts `node server/main.ts` (or `options.script`) with the Node running this (the project's own), and resolves once it prints its
 * machine-readable ready line (`{"ready":true,"url":…}`). Rejects with what it wrote when it exits first (a wrong
 * setting: the message of `loadConfigOrExit`).
 */
export async function startBackendProcess(options: BackendProcessOptions): Promise<BackendProcess> {
  const child = spawn(process.execPath, [join(ROOT, options.script ?? 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = once(child, 'exit');
  const ready = new Promise<{ url: string; role: string; said: Record<string, unknown> }>((resolve) => {
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (name === 'stdout' && line.startsWith('{"ready":true')) {
          const said = JSON.parse(line) as { url: string; role?: string };
          resolve({ url: said.url, role: said.role ?? options.env.COUCHLINE_ROLES ?? 'api,gateway', said });
          return;
        }
        options.onLine?.(line, name);
      });
    }
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the backend did not start within ${options.timeoutMs ?? 30_000} ms`)),
      options.timeoutMs ?? 30_000,
    );
  });
  const failed = exited.then(([code]) => {
    throw new Error(`the backend exited (${String(code)}) before it was ready:\n${output.join('\n')}`);
  });
  try {
    const { url, role, said } = await Promise.race([ready, failed, timeout]);
    failed.catch(() => undefined); // its exit later is the stop's business
    return { pid: child.pid!, role, url, said, child, stop: (graceMs) => stopChild(child, graceMs) };
  } catch (error) {
    failed.catch(() => undefined);
    await stopChild(child, 0);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops a child by its pid: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
