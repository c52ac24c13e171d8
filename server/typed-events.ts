/**
 * A small typed event map for the backend's own events (hls.js's and Shaka's style): the payload of each event
 * is typed by its name. Listeners may be async; `emit` waits for all of them, so whoever emits knows the
 * listeners' writes are done (a device's acknowledgement is in the delivery log before the next frame).
 *
 * @example
 * ```ts
 * const events = new TypedEvents<{ acked: { deviceId: string } }>();
 * events.on('acked', ({ deviceId }) => log.info('acked', { deviceId }));
 * ```
 */
export class TypedEvents<Map extends object> {
  private readonly listeners = new globalThis.Map<keyof Map, Set<(payload: never) => unknown>>();

  /** Returns the function that stops listening. */
  on<K extends keyof Map>(name: K, listener: (payload: Map[K]) => void | Promise<void>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Whether anyone listens: an emitter can skip preparing a payload nobody reads. */
  has(name: keyof Map): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  async emit<K extends keyof Map>(name: K, payload: Map[K]): Promise<void> {
    const set = this.listeners.get(name);
    if (!set) return;
    await Promise.all([...set].map((listener) => (listener as (payload: Map[K]) => unknown)(payload)));
  }
}
