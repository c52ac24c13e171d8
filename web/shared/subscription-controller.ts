import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What a subscription is to this controller: rxjs's `Subscription`, or anything else that can be ended. */
export interface Unsubscribable {
  unsubscribe(): void;
}

/**
 * Subscriptions that live as long as their element is in the page and their source is current. `follow()` names
 * how to subscribe (to a store's observables, say); the controller subscribes while the element is connected,
 * unsubscribes when it is disconnected, subscribes again when it is connected again, and ends the old ones when
 * `follow()` is given another source (or null, for none).
 *
 * @example
 * private readonly streams = new SubscriptionController(this);
 * // when the store arrives or changes:
 * this.streams.follow(() => [store.items$.subscribe((items) => (this.items = items))]);
 */
export class SubscriptionController implements ReactiveController {
  private subscribe: (() => Unsubscribable[]) | null = null;
  private subscriptions: Unsubscribable[] = [];
  private connected = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Subscribes with `subscribe` from now on, instead of what it followed before; null follows nothing. */
  follow(subscribe: (() => Unsubscribable[]) | null): void {
    this.end();
    this.subscribe = subscribe;
    if (this.connected && subscribe) this.subscriptions = subscribe();
  }

  hostConnected(): void {
    this.connected = true;
    this.end();
    if (this.subscribe) this.subscriptions = this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.end();
  }

  private end(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }
}
