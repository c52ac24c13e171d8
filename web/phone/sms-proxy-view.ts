import { LitElement, type PropertyValues } from 'lit';
import type { Subscription } from 'rxjs';
import { SubscriptionController } from '../shared/subscription-controller.ts';
import type { SmsProxy } from './sms-proxy.ts';

/**
 * What the phone page's texting views share: the phone's {@link SmsProxy}, whose streams each follows while it is
 * on the page (`follow`), and what went wrong with the holder's last answer, in words.
 */
export abstract class SmsProxyView extends LitElement {
  static override properties = {
    sms: { attribute: false },
    problem: { state: true },
  };

  declare sms: SmsProxy | null;
  declare problem: string | null;
  private readonly streams = new SubscriptionController(this);

  constructor() {
    super();
    this.sms = null;
    this.problem = null;
  }

  /** The proxy's streams this view shows. */
  protected abstract follow(sms: SmsProxy): Subscription[];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('sms')) return;
    const sms = this.sms;
    this.streams.follow(sms && (() => this.follow(sms)));
  }

  /** An answer of the holder's: a failure is said in the view. */
  protected act(pending: Promise<void> | undefined): void {
    this.problem = null;
    pending?.catch((error: Error) => (this.problem = `That did not go through: ${error.message}`));
  }
}
