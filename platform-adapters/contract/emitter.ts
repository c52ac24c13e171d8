import type { PlatformEventName, PlatformEvents } from './platform-adapter.ts';

type Listener<E extends PlatformEventName> = (payload: PlatformEvents[E]) => void;

/**
 * The listener registry every adapter shares. A listener that throws does not stop the others; the error is
 * reported to `onListenerError` (the app's bus turns it into `app:error`).
 */
export class PlatformEmitter {
  private readonly listeners = new Map<PlatformEventName, Set<Listener<never>>>();
  onListenerError: (error: unknown, event: PlatformEventName) => void = (error) => {
    console.error('[platform] listener failed', error);
  };

  on<E extends PlatformEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends PlatformEventName>(event: E, payload: PlatformEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
