import type { Subscription } from 'rxjs';
import type { AlertQueue } from '../features/voicemail/alert-queue.ts';
import { AlertOverlay } from '../features/voicemail/alert-overlay.ts';
import type { PushState } from '../net/push-client.ts';
import type { Observable } from 'rxjs';
import Lightning from './lightning.ts';
import { StatusBadge } from './status-badge.ts';

export interface TvRootServices {
  alerts: AlertQueue;
  pushState$: Observable<PushState>;
}

const STATUS_TEXT: Partial<Record<PushState, string>> = {
  waiting: 'Couchline: reconnecting…',
  unauthorized: 'Couchline: this TV is not paired',
  replaced: 'Couchline is open on another screen',
};

/**
 * The TV app's scene: transparent over the picture, with the alert overlay and a status line. Services come in
 * through {@link TvRoot.bindServices}; subscriptions end when the app is destroyed.
 */
export class TvRoot extends Lightning.Application {
  private services: TvRootServices | null = null;
  private readonly subscriptions: Subscription[] = [];

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: 1920,
      h: 1080,
      Status: { type: StatusBadge },
      Overlay: { type: AlertOverlay },
    };
  }

  bindServices(services: TvRootServices): void {
    this.services = services;
    this.subscriptions.push(
      services.alerts.current$.subscribe((alert) => {
        (this.tag('Overlay') as AlertOverlay).alert = alert;
        this._refocus();
      }),
      services.pushState$.subscribe((state) => {
        (this.tag('Status') as StatusBadge).message = STATUS_TEXT[state] ?? null;
      }),
    );
  }

  /** Shows "This TV is not paired" when the app has no device credentials at all. */
  showUnpaired(): void {
    (this.tag('Status') as StatusBadge).message = 'Couchline: this TV is not paired';
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.services?.alerts.current$.value ? (this.tag('Overlay') as Lightning.Component) : undefined;
  }

  $dismissAlert(): void {
    this.services?.alerts.dismiss('user');
  }

  override _detach(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }
}
