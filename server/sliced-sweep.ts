/**
 * Visits every member once per period, a slice at a time. Doing a chore for every socket in one timer callback is
 * a burst: pinging 10,000 sockets at once (then reading 10,000 pongs) held the event loop ~400 ms every 30 s and
 * was the push channel's p99 (issue 17); refreshing every device's presence in one Redis pipeline did the same to a
 * gateway and to Redis. A sweep deals the members round robin over slots and visits one slot per tick, so a tick
 * handles N / slots of them, and whatever answers comes back spread over the period as well.
 */
export class SlicedSweep<T> {
  private readonly slots: Set<T>[];
  private readonly slotOf = new Map<T, number>();
  private nextSlot = 0;
  private cursor = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  /**
   * @param periodMs how often each member is visited.
   * @param visit called with the members of the slot whose turn it is (never with none).
   * @param tickMs roughly how often a slot is visited; the period is split into whole slots of about this length.
   */
  constructor(periodMs: number, visit: (slice: T[]) => void, tickMs = 250) {
    const count = Math.max(1, Math.round(periodMs / tickMs));
    this.slots = Array.from({ length: count }, () => new Set<T>());
    this.timer = setInterval(() => {
      // Copied: a visit may remove members (a peer that missed its heartbeat is dropped).
      const slice = [...this.slots[this.cursor]!];
      this.cursor = (this.cursor + 1) % count;
      if (slice.length > 0) visit(slice);
    }, periodMs / count);
    this.timer.unref();
  }

  /** Members are dealt round robin, so a storm of connections still fills every slot evenly. */
  add(member: T): void {
    if (this.slotOf.has(member)) return;
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.slots.length;
    this.slots[slot]!.add(member);
    this.slotOf.set(member, slot);
  }

  delete(member: T): void {
    const slot = this.slotOf.get(member);
    if (slot === undefined) return;
    this.slots[slot]!.delete(member);
    this.slotOf.delete(member);
  }

  get size(): number {
    return this.slotOf.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
