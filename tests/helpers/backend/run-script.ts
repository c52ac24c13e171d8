import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the product's commands (`npm run <name>` is `node scripts/<name>.ts`) as its own process, from the
 * repository root, and resolves when it exits, whatever its exit code. `env` is added to this process's.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join('scripts', script), ...args],
      { cwd: ROOT, env: { ...process.env, NODE_TEST_CONTEXT: undefined, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
