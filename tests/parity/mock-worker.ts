import { parentPort } from 'node:worker_threads';
import { mockSide, startMocks } from './mock-side.ts';
import { observe } from './observe.ts';

/**
 * The mocks' side in a thread of its own (msw patches the thread it listens in): each message is a row to observe,
 * answered with the observation or the error, under the message's id.
 */
export interface MockRowMessage {
  id: number;
  args: Parameters<typeof observe> extends [unknown, ...infer Rest] ? Rest : never;
}
export type MockRowAnswer =
  { id: number; observation: Awaited<ReturnType<typeof observe>> } | { id: number; error: string };

const port = parentPort;
if (port) {
  startMocks();
  port.on('message', ({ id, args }: MockRowMessage) => {
    observe(mockSide, ...args).then(
      (observation) => port.postMessage({ id, observation } satisfies MockRowAnswer),
      (error: Error) => port.postMessage({ id, error: error.stack ?? String(error) } satisfies MockRowAnswer),
    );
  });
}
