import { expect } from 'chai';
import { moveInGrid, rowsOf } from './focus-grid.ts';

describe('moving the focus in a grid', () => {
  const keypad = rowsOf(12, 3);

  it('lays a keypad out in rows', () => {
    expect(keypad).to.deep.equal([3, 3, 3, 3]);
    expect(rowsOf(7, 3)).to.deep.equal([3, 3, 1]);
    expect(rowsOf(0, 3)).to.deep.equal([]);
  });

  it('moves along a row and between rows, in the same column', () => {
    expect(moveInGrid(keypad, { row: 1, col: 1 }, 'Left')).to.deep.equal({ row: 1, col: 0 });
    expect(moveInGrid(keypad, { row: 1, col: 1 }, 'Right')).to.deep.equal({ row: 1, col: 2 });
    expect(moveInGrid(keypad, { row: 1, col: 1 }, 'Up')).to.deep.equal({ row: 0, col: 1 });
    expect(moveInGrid(keypad, { row: 1, col: 1 }, 'Down')).to.deep.equal({ row: 2, col: 1 });
  });

  it('stays at every edge: nothing wraps, Left and Right never leave the row', () => {
    expect(moveInGrid(keypad, { row: 0, col: 1 }, 'Up')).to.equal(null);
    expect(moveInGrid(keypad, { row: 3, col: 1 }, 'Down')).to.equal(null);
    expect(moveInGrid(keypad, { row: 1, col: 0 }, 'Left')).to.equal(null);
    expect(moveInGrid(keypad, { row: 1, col: 2 }, 'Right')).to.equal(null);
    expect(moveInGrid([4], { row: 0, col: 3 }, 'Right')).to.equal(null);
    expect(moveInGrid([4], { row: 0, col: 0 }, 'Down')).to.equal(null);
  });

  it('lands on the last cell of a shorter row, or where the caller says', () => {
    expect(moveInGrid([5, 2], { row: 0, col: 4 }, 'Down')).to.deep.equal({ row: 1, col: 1 });
    expect(moveInGrid([5, 2], { row: 1, col: 1 }, 'Up', () => 3)).to.deep.equal({ row: 0, col: 3 });
  });
});
