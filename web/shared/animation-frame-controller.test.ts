import { expect } from 'chai';
import { LitElement } from 'lit';
import { sleep } from '../../tests/helpers/wait.ts';
import { AnimationFrameController } from './animation-frame-controller.ts';

class FrameHost extends LitElement {
  frames = 0;
  constructor() {
    super();
    new AnimationFrameController(this, () => this.frames++);
  }
}
customElements.define('animation-frame-controller-test-host', FrameHost);

describe('AnimationFrameController', () => {
  it('draws on every frame while its element is in the page, and once connected again only one loop runs', async () => {
    const host = new FrameHost();
    document.body.append(host);
    await sleep(100);
    expect(host.frames).to.be.greaterThan(1);
    host.remove();
    const atRemoval = host.frames;
    // Three frames after the removal: a loop still running would have drawn in each (its callback was asked for
    // before these, and a frame runs its callbacks in the order they were asked for).
    for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
    expect(host.frames, 'after it is removed').to.equal(atRemoval);

    // Removed and added back within one frame: still one loop, not two.
    document.body.append(host);
    host.remove();
    document.body.append(host);
    const before = host.frames;
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    expect(host.frames - before).to.be.at.most(3);
    host.remove();
  });
});
