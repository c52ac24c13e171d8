import { AsyncLocalStorage } from 'node:async_hooks';

/** What the work at hand is about, added to every log line written while it runs (`log.ts`). */
export interface LogContext {
  /** One HTTP request (its `X-Request-Id`). */
  requestId?: string;
  /** The device the request or socket is from, once known. */
  deviceId?: string;
  householdId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * The log context of the work at hand (an HTTP request, a device's socket), carried through its awaits by
 * `AsyncLocalStorage`: a service logs as it always did, and its lines still say which request and device they
 * belong to.
 */
export const logContext = {
  run<T>(context: LogContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): LogContext | undefined {
    return storage.getStore();
  },
  /** Adds to the context of the work at hand (a request, once its device token is checked); nothing outside one. */
  add(fields: LogContext): void {
    const context = storage.getStore();
    if (context) Object.assign(context, fields);
  },
};
