import { expect } from 'chai';
import { LitElement } from 'lit';
import { EventListenerController } from './event-listener-controller.ts';

class ListenerHost extends LitElement {
  readonly keys: string[] = [];
  constructor() {
    super();
    new EventListenerController(this, window, 'keydown', (event) => this.keys.push(event.key));
  }
}
customElements.define('event-listener-controller-test-host', ListenerHost);

describe('EventListenerController', () => {
  const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key }));

  it('listens only while its element is in the page', () => {
    const host = new ListenerHost();
    press('a');
    document.body.append(host);
    press('b');
    host.remove();
    press('c');
    document.body.append(host);
    press('d');
    host.remove();
    expect(host.keys).to.deep.equal(['b', 'd']);
  });
});
