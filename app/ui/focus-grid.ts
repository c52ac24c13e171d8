/** The arrow keys, by their logical names. */
export type Arrow = 'Up' | 'Down' | 'Left' | 'Right';

/** A cell of a focus grid: its row, and its place in that row. */
export interface GridSpot {
  row: number;
  col: number;
}

/**
 * Where an arrow moves the focus in a grid of rows (each row its own length: a keypad, a keyboard, a row of
 * buttons), or null when it stays where it is — at an edge, since no grid of the TV wraps around. Left and Right
 * move within the row; Up and Down move to the row above or below, to the column `landing` picks (by default the
 * same one, or the row's last when it is shorter).
 */
export function moveInGrid(
  rowLengths: readonly number[],
  at: GridSpot,
  arrow: Arrow,
  landing: (from: GridSpot, toRow: number) => number = (from, toRow) =>
    Math.min(from.col, rowLengths[toRow]! - 1),
): GridSpot | null {
  if (arrow === 'Left' || arrow === 'Right') {
    const col = at.col + (arrow === 'Left' ? -1 : 1);
    if (col < 0 || col >= (rowLengths[at.row] ?? 0)) return null;
    return { row: at.row, col };
  }
  const row = at.row + (arrow === 'Up' ? -1 : 1);
  if (row < 0 || row >= rowLengths.length) return null;
  return { row, col: landing(at, row) };
}

/** The rows of a grid of `count` cells laid out `perRow` to a row (the last may be shorter). */
export function rowsOf(count: number, perRow: number): number[] {
  const rows: number[] = [];
  for (let left = count; left > 0; left -= perRow) rows.push(Math.min(perRow, left));
  return rows;
}
