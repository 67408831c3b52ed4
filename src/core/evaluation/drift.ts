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
 * Customers a column's rarest training bin must expect before its PSI is read (Cochran's rule for
 * χ²): below it, empty bins dominate the index (an empty bin of training share 0.1 alone adds
 * 0.1 · ln(0.1 / 1e-4) ≈ 0.69).
 */
export const EXPECTED_PER_BIN = 5;

/** z of the 99th percentile of the standard normal. */
const Z_99 = 2.3263478740408408;

/**
 * The PSI that `rows` customers drawn from the training distribution itself exceed 1% of the
 * time, over `bins` bins. For small shifts PSI ≈ Pearson's χ² / rows, with χ² of bins − 1 degrees
 * of freedom; its 99th percentile by Wilson and Hilferty's approximation (within 1% of the exact
 * quantile). Unitless; Infinity for no rows; 0 for fewer than two bins.
 */
export function samplingNoisePsi(bins: number, rows: number): number {
  const k = bins - 1;
  if (!(k >= 1)) return 0;
  if (!(rows > 0)) return Number.POSITIVE_INFINITY;
  const c = 2 / (9 * k);
  return (k * (1 - c + Z_99 * Math.sqrt(c)) ** 3) / rows;
}

export interface DriftReport {
  /** Customers counted. */
  readonly rows: number;
  /**
   * The columns of largest PSI, largest first, each with its sampling noise (samplingNoisePsi):
   * what a PSI of that size would be from chance alone; and whether the rows are enough to read
   * it (its rarest training bin expects EXPECTED_PER_BIN of them).
   */
  readonly columns: readonly { column: string; psi: number; noise: number; judged: boolean }[];
  /**
   * 'shifted' when some judged column's PSI is above both LARGE_SHIFT_PSI and its noise; else
   * 'too-few-rows' when no column can be judged (a handful of customers); else 'stable'.
   */
  readonly verdict: 'shifted' | 'stable' | 'too-few-rows';
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

  /**
   * The `top` columns by PSI and the verdict over every tracked column. Before any row, or with no
   * column tracked: no columns, 'too-few-rows'.
   */
  report(top = 5): DriftReport {
    if (this.rows === 0) return { rows: 0, columns: [], verdict: 'too-few-rows' };
    const columns = this.tracked
      .map((t) => ({
        column: t.feature.column,
        psi: populationStabilityIndex(
          t.feature.binShares ?? [],
          Array.from(t.counts, (c) => c / this.rows),
        ),
        noise: samplingNoisePsi(t.counts.length, this.rows),
        judged:
          this.rows * Math.min(...(t.feature.binShares ?? [0]).slice(0, t.counts.length)) >=
          EXPECTED_PER_BIN,
      }))
      .sort((a, b) => b.psi - a.psi);
    const judged = columns.filter((c) => c.judged);
    const verdict = judged.some((c) => c.psi > Math.max(LARGE_SHIFT_PSI, c.noise))
      ? 'shifted'
      : judged.length === 0
        ? 'too-few-rows'
        : 'stable';
    return { rows: this.rows, columns: columns.slice(0, top), verdict };
  }
}
