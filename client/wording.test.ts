import { expect } from 'chai';
import { closesIn } from './wording.ts';

describe('wording: how long an alert stays', () => {
  it('counts seconds under a minute, rounding up, never below zero', () => {
    expect(closesIn(12_000)).to.equal('Closes in 12 s');
    expect(closesIn(11_001)).to.equal('Closes in 12 s');
    expect(closesIn(59_000)).to.equal('Closes in 59 s');
    expect(closesIn(-500)).to.equal('Closes in 0 s');
  });

  it('from a minute up, minutes and seconds as a clock shows them', () => {
    expect(closesIn(60_000)).to.equal('Closes in 1:00');
    expect(closesIn(598_000)).to.equal('Closes in 9:58');
    expect(closesIn(605_000)).to.equal('Closes in 10:05');
  });
});
