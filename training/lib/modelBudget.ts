/**
 * What one customer costs the shipped network on the sparse path, in multiply-adds. The first
 * layer costs two multiply-adds per non-zero raw cell and first-layer unit (sparseFirstLayer.ts),
 * the columns the tree member reads included; every later layer costs its inputs × its units.
 */
import type { ColumnarTable } from '../../src/core/records';

export interface NetworkShape {
  /** Towers in the whole ensemble (every fold model's towers). */
  readonly towers: number;
  /** Hidden widths of one tower. */
  readonly hidden: readonly number[];
  /** Whether the logistic member is in (one more first-layer unit). */
  readonly linear: boolean;
  /** Hinges of an isotonic calibration (0 for Platt). */
  readonly calibrationKnots: number;
  /**
   * Distinct encoded columns the tree member reads (0 or absent for no trees): the sparse path
   * computes each like a first-layer unit; the trees' comparisons are not multiply-adds.
   */
  readonly treeColumns?: number;
}

/**
 * Mean non-zero raw cells per row over the given rows: numeric cells other than 0 (a missing cell
 * counts: it does not encode as a zero), and every categorical cell. No rows gives 0.
 */
export function meanNonZeroCells(table: ColumnarTable, rows: ArrayLike<number>): number {
  if (rows.length === 0) return 0;
  let cells = 0;
  for (const column of table.columns) {
    if (column.kind === 'categorical') {
      cells += rows.length;
      continue;
    }
    for (let i = 0; i < rows.length; i++) if (column.values[rows[i] ?? 0] !== 0) cells++;
  }
  return cells / rows.length;
}

/**
 * Multiply-adds per customer on the sparse path, for a customer with `cells` non-zero raw cells.
 * A shape with no towers or no hidden layer gives the cost of what remains (never negative).
 */
export function sparseMultiplyAdds(shape: NetworkShape, cells: number): number {
  const [first = 0, ...rest] = shape.hidden;
  const treeColumns = Math.max(shape.treeColumns ?? 0, 0);
  const firstUnits = shape.towers * first + (shape.linear ? 1 : 0) + treeColumns;
  let perTower = 0;
  let width = first;
  for (const units of rest) {
    perTower += width * units;
    width = units;
  }
  perTower += width; // the tower's logit
  const members = shape.towers + (shape.linear ? 1 : 0) + (treeColumns > 0 ? 1 : 0);
  const blend = members > 1 ? members : 0;
  const calibration = shape.calibrationKnots > 0 ? 2 * shape.calibrationKnots : 1;
  return Math.max(cells, 0) * 2 * firstUnits + shape.towers * perTower + blend + calibration;
}
