import { expect } from 'chai';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles the step each attempt, with half of it random', () => {
    expect(backoffDelay(0, () => 0)).to.equal(250);
    expect(backoffDelay(0, () => 0.999999)).to.equal(500);
    expect(backoffDelay(3, () => 0)).to.equal(2000);
    expect(backoffDelay(3, () => 0.5)).to.equal(3000);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [10, 50, 1000]) expect(backoffDelay(attempt, () => 0.999999)).to.be.at.most(30_000);
    expect(backoffDelay(1000, () => 0)).to.equal(15_000);
  });

  it('spreads a thousand clients over the window instead of one instant', () => {
    const delays = new Set(Array.from({ length: 1000 }, () => backoffDelay(4, Math.random)));
    expect(delays.size).to.be.greaterThan(500);
  });
});
