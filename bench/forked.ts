// A benchmark's own processes (a backend, or a process of clients), forked and talked to over IPC: one order, one
// reply of the awaited type. Used by bench/couchline-fanout.ts, bench/mosquitto-fanout.ts and bench/push-cluster.ts.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** One forked process talking over IPC: a backend process (push-fanout-server.ts) or a client process. */
export class Forked<Order, Reply extends { type: string }> {
  readonly child: ChildProcess;
  /** `script` is a file in bench/. */
  constructor(script: string, env: Record<string, string>, execArgv: string[] = []) {
    this.child = fork(join(import.meta.dirname, script), [], { env: { ...process.env, ...env }, execArgv });
  }
  next<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const on = (message: Reply) => {
        if (message.type !== type) return;
        this.child.off('message', on);
        this.child.off('exit', exited);
        resolve(message as Extract<Reply, { type: T }>);
      };
      const exited = (code: number | null) => reject(new Error(`${type}: the process ended (${code})`));
      this.child.on('message', on);
      this.child.once('exit', exited);
    });
  }
  ask<T extends Reply['type']>(order: Order, type: T): Promise<Extract<Reply, { type: T }>> {
    const answer = this.next(type);
    this.child.send(order as object);
    return answer;
  }
  async stop(order: Order): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send(order as object);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Calls `check` every 100 ms until it says yes or `ms` have passed. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
