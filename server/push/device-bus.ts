import type { OutboxEntry } from './outbox-repository.ts';

/**
 * What one process tells the process holding a device's socket. The outbox in the database is the record; the bus
 * only says "look now", so a lost message costs a moment, never an event (DESIGN.md §7).
 */
export type DeviceMessage =
  /** An event committed to the device's outbox: send it if it is next. */
  | { kind: 'entry'; entry: OutboxEntry }
  /** A new socket of the device said hello (`connectionId` names it): any other socket of it closes. */
  | { kind: 'takeover'; connectionId: string }
  /** The device was removed from its household or enrolled again: its socket closes, saying why. */
  | { kind: 'revoked' };

export type DeviceMessageHandler = (message: DeviceMessage) => void;

/**
 * Moves messages to whichever process subscribed a device's channel. In one process it is a map of handlers
 * ({@link InProcessBus}); past one machine it is Redis's sharded Pub/Sub (`redis-bus.ts`), which may lose a
 * message when a connection drops — so the bus says when that may have happened (`onGap`) and the gateway fills
 * what is missing from the outbox.
 */
export interface DeviceBus {
  /** Whether a message can be lost (the gateway then also checks the outbox now and then). */
  readonly lossy: boolean;
  /** Sends to the device's subscribers, if any; never throws for a lost message. */
  publish(deviceId: string, message: DeviceMessage): Promise<void>;
  /** Resolves once messages published after it will arrive; the function it gives unsubscribes this handler. */
  subscribe(deviceId: string, handler: DeviceMessageHandler): Promise<() => void>;
  /** Called when messages may have been lost (the bus reconnected); returns a function that stops listening. */
  onGap(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * The embedded default: one process, so a publish is a synchronous call to the handlers — no copy, no
 * serialisation, nothing lost, and the latency of a direct call.
 */
export class InProcessBus implements DeviceBus {
  readonly lossy = false;
  private readonly handlers = new Map<string, Set<DeviceMessageHandler>>();

  publish(deviceId: string, message: DeviceMessage): Promise<void> {
    const handlers = this.handlers.get(deviceId);
    if (handlers) for (const handler of [...handlers]) handler(message);
    return Promise.resolve();
  }

  subscribe(deviceId: string, handler: DeviceMessageHandler): Promise<() => void> {
    let handlers = this.handlers.get(deviceId);
    if (!handlers) this.handlers.set(deviceId, (handlers = new Set()));
    handlers.add(handler);
    return Promise.resolve(() => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.handlers.get(deviceId) === handlers) this.handlers.delete(deviceId);
    });
  }

  onGap(): () => void {
    return () => {};
  }

  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}
