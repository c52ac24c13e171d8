/**
 * Visits every member once per period, a slice at a time. Pinging every socket in one timer callback is a burst of
 * N writes, then of N pongs to read: at 10,000 sockets that held the event loop for ~400 ms every 30 s, which was
 * the push channel's p99 (issue 17). The wheel splits the members round robin over slots and visits one slot per
 * tick, so a tick handles N / slots of them and the pongs come back spread over the period as well.
 */
export class HeartbeatWheel<T> {
  private readonly slots: Set<T>[];
  private readonly slotOf = new Map<T, number>();
  private nextSlot = 0;
  private cursor = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  /**
   * @param periodMs how often each member is visited.
   * @param visit called for each member of the slot whose turn it is.
   * @param tickMs roughly how often a slot is visited; the period is split into whole slots of about this length.
   */
  constructor(periodMs: number, visit: (member: T) => void, tickMs = 250) {
    const count = Math.max(1, Math.round(periodMs / tickMs));
    this.slots = Array.from({ length: count }, () => new Set<T>());
    this.timer = setInterval(() => {
      // Copied first: a visit may remove its member (a peer that missed its heartbeat is terminated).
      for (const member of [...this.slots[this.cursor]!]) visit(member);
      this.cursor = (this.cursor + 1) % count;
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
