/**
 * Piecewise-linear encoding (PLE) of numeric columns, after Gorishniy et al. 2022: target-free
 * quantile bin edges on the transformed scale, and per bin a share in [0, 1] of how far a value
 * has gone through it. Fitting (edges, training shares per bin) and encoding live here together.
 */
import { quantileSorted } from '../stats';

/**
 * Bin edges at the quantiles 0, 1/bins, …, 1 of sorted transformed values, repeated edges
 * dropped; null when fewer than 3 distinct edges remain (a column PLE cannot help) or no value.
 */
export function fitPleEdges(sortedTransformed: Float64Array, bins: number): number[] | null {
  if (sortedTransformed.length === 0 || bins < 2) return null;
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const edge = quantileSorted(sortedTransformed, b / bins);
    if (edges.length === 0 || edge > (edges[edges.length - 1] ?? edge)) edges.push(edge);
  }
  return edges.length >= 3 ? edges : null;
}

/**
 * The PLE bin of a transformed value: how many upper bin edges it has reached, at most bins − 1.
 * It is also the number of the value's PLE outputs that equal 1, so it can be read back from an
 * encoded row. Edges have at least 2 entries; fewer gives 0.
 */
export function pleBin(edges: readonly number[], t: number): number {
  const bins = edges.length - 1;
  let reached = 0;
  for (let b = 1; b < edges.length; b++) if (t >= (edges[b] ?? Infinity)) reached++;
  return Math.max(0, Math.min(reached, bins - 1));
}

/** Share of the values in each bin (6 significant digits), for drift checks; [] for no value. */
export function pleBinShares(edges: readonly number[], transformed: ArrayLike<number>): number[] {
  const n = transformed.length;
  if (n === 0) return [];
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < n; i++) {
    const bin = pleBin(edges, transformed[i] ?? 0);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((c) => Number((c / n).toPrecision(6)));
}

/**
 * Writes a transformed value's PLE outputs, one per bin: (t − lo) / (hi − lo) clamped to [0, 1],
 * at out[offset…]; returns the next offset.
 */
export function writePleShares(
  edges: readonly number[],
  t: number,
  out: Float32Array,
  offset: number,
): number {
  let o = offset;
  for (let b = 1; b < edges.length; b++) {
    const lo = edges[b - 1] ?? 0;
    const hi = edges[b] ?? 0;
    const share = (t - lo) / (hi - lo);
    out[o++] = share <= 0 ? 0 : share >= 1 ? 1 : share;
  }
  return o;
}
