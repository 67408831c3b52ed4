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

  /** Columns by PSI, largest first; empty before any row. */
  report(top = 5): { column: string; psi: number }[] {
    if (this.rows === 0) return [];
    return this.tracked
      .map((t) => ({
        column: t.feature.column,
        psi: populationStabilityIndex(
          t.feature.binShares ?? [],
          Array.from(t.counts, (c) => c / this.rows),
        ),
      }))
      .sort((a, b) => b.psi - a.psi)
      .slice(0, top);
  }
}
