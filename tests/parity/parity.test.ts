import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { backendSide } from './backend-side.ts';
import { differences } from './compare.ts';
import type { MockRowAnswer, MockRowMessage } from './mock-worker.ts';
import { observe, type Observation } from './observe.ts';
import { PARITY_ROWS } from './scenarios.ts';

/**
 * The mocks held to the real backend: every row of the parity table (scenarios.ts) asked of msw's handlers and of
 * our backend, each in a fresh demo household. Status, error code, the body's shape and what each device is pushed
 * must agree with the table on both sides; a mock that answers otherwise fails its row, saying where. The mocks run
 * in a worker thread (msw patches the thread it listens in); the backend's rows here, a few side by side.
 */
const mocks = new Worker(new URL('./mock-worker.ts', import.meta.url));
const waiting = new Map<number, { resolve: (o: Observation) => void; reject: (e: Error) => void }>();
mocks.on('message', (answer: MockRowAnswer) => {
  const waiter = waiting.get(answer.id);
  waiting.delete(answer.id);
  if ('error' in answer) waiter?.reject(new Error(`the mock side failed: ${answer.error}`));
  else waiter?.resolve(answer.observation);
});
let rows = 0;
const observeMock = (...args: MockRowMessage['args']) =>
  new Promise<Observation>((resolve, reject) => {
    const id = ++rows;
    waiting.set(id, { resolve, reject });
    mocks.postMessage({ id, args } satisfies MockRowMessage);
  });

describe('the mocks answer as the backend does', { concurrency: 4 }, () => {
  after(() => mocks.terminate());

  for (const row of PARITY_ROWS) {
    test(row.name, async () => {
      const { given = [], who, request, expect } = row;
      const [mock, backend] = await Promise.all([
        observeMock(given, who, request, expect.mock?.pushes ?? expect.pushes ?? {}),
        observe(backendSide, given, who, request, expect.pushes ?? {}),
      ]);
      const found = differences(row, mock, backend);
      const asked = `${request.method} ${request.path} as ${who}`;
      assert.deepEqual(found, [], `row "${row.name}" (${asked}):\n  ${found.join('\n  ')}`);
    });
  }
});
