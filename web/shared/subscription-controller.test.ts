import { expect } from 'chai';
import { LitElement } from 'lit';
import { BehaviorSubject } from 'rxjs';
import { SubscriptionController } from './subscription-controller.ts';

class StreamHost extends LitElement {
  readonly seen: string[] = [];
  readonly streams = new SubscriptionController(this);
}
customElements.define('subscription-controller-test-host', StreamHost);

describe('SubscriptionController', () => {
  function setup() {
    const host = new StreamHost();
    const first = new BehaviorSubject('first:0');
    const second = new BehaviorSubject('second:0');
    const follow = (source: BehaviorSubject<string>) =>
      host.streams.follow(() => [source.subscribe((value) => host.seen.push(value))]);
    return { host, first, second, follow };
  }

  it('subscribes while its element is in the page, and again when it comes back', () => {
    const { host, first, follow } = setup();
    follow(first);
    expect(host.seen, 'not in the page yet').to.deep.equal([]);
    document.body.append(host);
    first.next('first:1');
    host.remove();
    first.next('first:2');
    expect(first.observed, 'unsubscribed on removal').to.equal(false);
    document.body.append(host);
    host.remove();
    expect(host.seen).to.deep.equal(['first:0', 'first:1', 'first:2']);
  });

  it('follows a new source instead of the old one, and nothing after null', () => {
    const { host, first, second, follow } = setup();
    document.body.append(host);
    follow(first);
    follow(second);
    first.next('first:1');
    second.next('second:1');
    host.streams.follow(null);
    second.next('second:2');
    host.remove();
    expect(host.seen).to.deep.equal(['first:0', 'second:0', 'second:1']);
    expect(first.observed || second.observed).to.equal(false);
  });
});
