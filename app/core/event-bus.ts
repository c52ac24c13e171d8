import { Observable } from 'rxjs';
import { AppError, AppErrorCode } from '../../client/errors.ts';
import { createLogger } from '../../client/log.ts';

const log = createLogger('bus');

/**
 * A typed event bus. A listener that throws does not stop the others: the failure is emitted as `app:error`
 * with code APP_LISTENER_FAILED and the event's name (as hls.js does in `trigger()`).
 */
export class EventBus<M extends { 'app:error': { error: AppError } }> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();

  on<K extends keyof M>(name: K, listener: (payload: M[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  on$<K extends keyof M>(name: K): Observable<M[K]> {
    return new Observable<M[K]>((subscriber) => this.on(name, (payload) => subscriber.next(payload)));
  }

  emit<K extends keyof M>(name: K, payload: M[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        (listener as (payload: M[K]) => void)(payload);
      } catch (cause) {
        if (name === 'app:error') {
          log.error('an app:error listener failed', cause);
          continue;
        }
        const error = new AppError(AppErrorCode.ListenerFailed, `a listener of ${String(name)} failed`, {
          cause,
        });
        this.emit('app:error', { error });
      }
    }
  }
}
