import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { SlicedSweep } from './sliced-sweep.ts';

describe('sliced sweep', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  test('visits every member once per period, a slice per tick rather than all at once', () => {
    const visits: number[][] = [];
    let tick: number[] = [];
    const sweep = new SlicedSweep<number>(30_000, (slice) => tick.push(...slice), 250);
    for (let i = 0; i < 1000; i++) sweep.add(i);

    for (let t = 0; t < 120; t++) {
      tick = [];
      mock.timers.tick(250);
      visits.push(tick);
    }
    sweep.stop();

    const all = visits.flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 1000 }, (_, i) => i),
      'each member exactly once in one period',
    );
    // 1,000 over 120 slots: no tick handles more than its share (a burst of all 1,000 is what this replaces).
    assert.ok(Math.max(...visits.map((v) => v.length)) <= Math.ceil(1000 / 120));
  });

  test('a member removed is not visited again, and one removed during its own visit does not upset the tick', () => {
    const seen = new Map<string, number>();
    const sweep = new SlicedSweep<string>(
      1000,
      (slice) => {
        for (const member of slice) {
          seen.set(member, (seen.get(member) ?? 0) + 1);
          if (member === 'dropped-in-visit') sweep.delete(member);
        }
      },
      250,
    );
    for (const m of ['a', 'b', 'c', 'dropped-in-visit', 'gone']) sweep.add(m);
    sweep.delete('gone');
    mock.timers.tick(2000); // two periods
    sweep.stop();
    assert.equal(seen.get('gone'), undefined);
    assert.equal(seen.get('dropped-in-visit'), 1);
    for (const m of ['a', 'b', 'c']) assert.equal(seen.get(m), 2);
    assert.equal(sweep.size, 3);
  });

  test('a period shorter than a tick is one slot visited every period (as a plain interval would)', () => {
    let visits = 0;
    const sweep = new SlicedSweep<string>(50, (slice) => (visits += slice.length), 250);
    sweep.add('only');
    sweep.add('only'); // added twice: still one member
    mock.timers.tick(200);
    sweep.stop();
    assert.equal(visits, 4);
  });
});
