import { expect } from 'chai';
import { LitElement } from 'lit';
import { sleep } from '../../tests/helpers/wait.ts';
import { IntervalController } from './interval-controller.ts';

class IntervalHost extends LitElement {
  ticks = 0;
  readonly timer = new IntervalController(this, 10, () => this.ticks++);
}
customElements.define('interval-controller-test-host', IntervalHost);

describe('IntervalController', () => {
  function setup() {
    const host = new IntervalHost();
    return { host, remove: () => host.remove() };
  }

  it('ticks only while its element is in the page', async () => {
    const { host, remove } = setup();
    await sleep(40);
    expect(host.ticks, 'before it is connected').to.equal(0);
    document.body.append(host);
    await sleep(60);
    expect(host.ticks).to.be.greaterThan(1);
    remove();
    const atRemoval = host.ticks;
    await sleep(40);
    expect(host.ticks, 'after it is removed').to.equal(atRemoval);
  });

  it('stop() ends it until the element is connected again', async () => {
    const { host, remove } = setup();
    document.body.append(host);
    await sleep(30);
    host.timer.stop();
    const atStop = host.ticks;
    await sleep(40);
    expect(host.ticks).to.equal(atStop);
    remove();
    document.body.append(host);
    await sleep(40);
    expect(host.ticks, 'connected again').to.be.greaterThan(atStop);
    remove();
  });
});
