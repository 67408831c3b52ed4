/**
 * Drift between the customers being scored and the training rows: the population stability index
 * (PSI) per numeric column, over the column's piecewise-linear-encoding bins, whose training shares
 * the spec records.
 */
import type { NumericFeature, PreprocessSpec } from '../preprocess';

/**
 * PSI = Σ (actual − expected) · ln(actual / expected) over bins, shares floored at 1e-4 so that an
 * empty bin does not make it infinite. Unitless; 0 for identical shares; < 0.1 is usually read as
 * stable and > 0.25 as a large shift. Lists of different lengths use the shorter.
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
): number {
  let psi = 0;
  for (let b = 0; b < Math.min(expected.length, actual.length); b++) {
    const e = Math.max(expected[b] ?? 0, 1e-4);
    const a = Math.max(actual[b] ?? 0, 1e-4);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** The PSI from which a column's shift reads as large (the usual reading of the index). */
export const LARGE_SHIFT_PSI = 0.25;

/**
 * Customers a column's rarest training bin must expect before its index is read (Cochran's rule
 * for χ²): below it, the index of customers drawn like the training ones is mostly chance.
 */
export const EXPECTED_PER_BIN = 5;

/**
 * z of the normal's upper 10⁻⁴ tail: the share of customer files drawn like the training rows in
 * which a given column is called shifted by chance; over a few dozen columns, about 1% at most.
 */
const Z_TAIL = 3.7190164854556804;

/**
 * The PSI that `rows` customers drawn from the training distribution itself exceed with
 * probability 10⁻⁴, over `bins` bins. For small shifts PSI ≈ Pearson's χ² / rows, with χ² of
 * bins − 1 degrees of freedom; its upper quantile by Wilson and Hilferty's approximation. Unitless;
 * Infinity for no rows; 0 for fewer than two bins.
 */
export function samplingNoisePsi(bins: number, rows: number): number {
  const k = bins - 1;
  if (!(k >= 1)) return 0;
  if (!(rows > 0)) return Number.POSITIVE_INFINITY;
  const c = 2 / (9 * k);
  return (k * (1 - c + Z_TAIL * Math.sqrt(c)) ** 3) / rows;
}

/**
 * The stability index of one column's counts against its training shares, each count smoothed
 * by half a customer (Jeffreys), so that a bin left empty by chance weighs what sampling allows
 * rather than a share of 10⁻⁴. Unitless, ≥ 0; 0 for no bins or no training shares.
 */
export function smoothedPsi(shares: readonly number[], counts: ArrayLike<number>): number {
  const bins = Math.min(shares.length, counts.length);
  if (bins === 0) return 0;
  let rows = 0;
  for (let b = 0; b < bins; b++) rows += counts[b] ?? 0;
  const total = rows + 0.5 * bins;
  return populationStabilityIndex(
    shares.slice(0, bins),
    Array.from({ length: bins }, (_, b) => ((counts[b] ?? 0) + 0.5) / total),
  );
}

export interface ColumnDrift {
  readonly column: string;
  /** smoothedPsi of the column. */
  readonly psi: number;
  /** What chance alone gives (samplingNoisePsi). */
  readonly noise: number;
  /** Whether the rows are enough to read it: its rarest training bin expects EXPECTED_PER_BIN. */
  readonly judged: boolean;
}

export interface DriftReport {
  /** Customers counted. */
  readonly rows: number;
  /**
   * The columns of largest index, largest first: the judged ones when any column is judged, else
   * every column (the view then says the rows are too few).
   */
  readonly columns: readonly ColumnDrift[];
  /**
   * 'shifted' when some judged column's index is above both LARGE_SHIFT_PSI and its noise; else
   * 'too-few-rows' when no column can be judged (a handful of customers); else 'stable'.
   */
  readonly verdict: 'shifted' | 'stable' | 'too-few-rows';
}

/**
 * The drift of `rows` customers counted into each column's training bins (`shares` and `counts`
 * of the same length per column): each column's index, noise and whether it is judged, the `top`
 * shown, and the verdict. No rows or no columns: no columns, 'too-few-rows'.
 */
export function driftReport(
  columns: readonly { column: string; shares: readonly number[]; counts: ArrayLike<number> }[],
  rows: number,
  top = 5,
): DriftReport {
  if (!(rows > 0) || columns.length === 0) return { rows: 0, columns: [], verdict: 'too-few-rows' };
  const measured: ColumnDrift[] = columns
    .map(({ column, shares, counts }) => {
      const bins = Math.min(shares.length, counts.length);
      return {
        column,
        psi: smoothedPsi(shares, counts),
        noise: samplingNoisePsi(bins, rows),
        judged: bins >= 2 && rows * Math.min(...shares.slice(0, bins)) >= EXPECTED_PER_BIN,
      };
    })
    .sort((a, b) => b.psi - a.psi);
  const judged = measured.filter((c) => c.judged);
  const verdict = judged.some((c) => c.psi > Math.max(LARGE_SHIFT_PSI, c.noise))
    ? 'shifted'
    : judged.length === 0
      ? 'too-few-rows'
      : 'stable';
  return { rows, columns: (judged.length > 0 ? judged : measured).slice(0, top), verdict };
}

/** Counts encoded rows into each column's PLE bins, then compares them with the training shares. */
export class DriftCounter {
  private readonly tracked: { feature: NumericFeature; offset: number; counts: Float64Array }[];
  private rows = 0;

  constructor(spec: PreprocessSpec) {
    const positions = new Map(spec.outputNames.map((name, index) => [name, index]));
    this.tracked = spec.features
      .filter(
        (f): f is NumericFeature =>
          f.kind === 'numeric' && f.pleEdges !== null && f.binShares !== undefined,
      )
      .map((feature) => ({
        feature,
        offset: positions.get(`${feature.column}:ple1`) ?? -1,
        counts: new Float64Array((feature.pleEdges?.length ?? 1) - 1),
      }))
      .filter((t) => t.offset >= 0);
  }

  /** Adds one encoded row (the outputs of createRecordEncoder or encodeTable) at matrix[offset…]. */
  add(matrix: Float32Array, offset: number): void {
    this.rows++;
    for (const tracked of this.tracked) {
      const bins = tracked.counts.length;
      let reached = 0;
      for (let b = 0; b < bins; b++) if ((matrix[offset + tracked.offset + b] ?? 0) >= 1) reached++;
      const bin = Math.min(reached, bins - 1);
      tracked.counts[bin] = (tracked.counts[bin] ?? 0) + 1;
    }
  }

  /** The drift of the rows added so far (driftReport over every tracked column). */
  report(top = 5): DriftReport {
    return driftReport(
      this.tracked.map((t) => ({
        column: t.feature.column,
        shares: t.feature.binShares ?? [],
        counts: t.counts,
      })),
      this.rows,
      top,
    );
  }
}
