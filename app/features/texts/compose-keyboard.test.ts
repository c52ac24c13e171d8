import { expect } from 'chai';
import { landingColumn, type Row } from './compose-keyboard.ts';

describe('the compose keyboard, Up and Down', () => {
  const row = (kind: Row['kind'], xs: number[], w = 60): Row => ({
    kind,
    y: 0,
    h: 60,
    cells: xs.map((x, i) => ({ id: `${kind}${i}`, label: String(i), x, w })),
  });
  const rows = [
    row('to', [0], 900),
    row('keys', [0, 70, 140, 210]),
    row('keys', [35, 105, 175]),
    row('actions', [0, 200, 400], 180),
  ];

  it('keeps roughly the same horizontal place between keyboard rows', () => {
    expect(landingColumn(rows, { row: 1, col: 3 }, 2)).to.equal(2);
    expect(landingColumn(rows, { row: 2, col: 0 }, 1)).to.equal(0);
  });

  it('lands on the first cell of the action row, and coming from a whole-width row', () => {
    expect(landingColumn(rows, { row: 2, col: 2 }, 3)).to.equal(0);
    expect(landingColumn(rows, { row: 0, col: 0 }, 1)).to.equal(0);
  });
});
