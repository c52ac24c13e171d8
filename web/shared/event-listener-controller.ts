import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The events a target fires, by name, as the DOM's own types list them. */
type EventsOf<T extends Window | Document> = T extends Window ? WindowEventMap : DocumentEventMap;

/**
 * Listens to an event of something outside the element (the window, the document) for as long as the element is
 * in the page: added when it is connected, removed when it is disconnected.
 *
 * @example
 * new EventListenerController(this, document, 'visibilitychange', this.onVisibilityChange);
 */
export class EventListenerController<
  T extends Window | Document,
  K extends keyof EventsOf<T> & string,
> implements ReactiveController {
  private readonly target: T;
  private readonly type: K;
  private readonly listener: (event: Event) => void;

  constructor(host: ReactiveControllerHost, target: T, type: K, listener: (event: EventsOf<T>[K]) => void) {
    this.target = target;
    this.type = type;
    // The DOM calls it with the event its name says (the map's type); addEventListener only knows it is an Event.
    this.listener = (event) => listener(event as EventsOf<T>[K]);
    host.addController(this);
  }

  hostConnected(): void {
    this.target.addEventListener(this.type, this.listener);
  }

  hostDisconnected(): void {
    this.target.removeEventListener(this.type, this.listener);
  }
}
