import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { ArmingOrder } from './arming-process.ts';

const SCRIPT = join(import.meta.dirname, 'arming-process.ts');

/**
 * Starts a backend process that arms `order` (tests/helpers/backend/arming-process.ts), waits until it says it has,
 * and kills it with SIGKILL: no shutdown hook runs, as when a machine or a kill -9 takes a process.
 */
export async function armAndKill(order: ArmingOrder): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, JSON.stringify(order)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('armed\n')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`the arming process ended (${code}) before arming:\n${output}`)),
    );
  });
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  if (signal !== 'SIGKILL')
    throw new Error(`the arming process ended by ${signal ?? 'itself'}, not by SIGKILL`);
}
