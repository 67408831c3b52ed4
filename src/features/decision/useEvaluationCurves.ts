/** The labelled evaluation rows' profit curves, with the profit's 90% bootstrap band over thresholds. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { bootstrapProfitBand } from '../../core/decision';
import { useAppStore } from '../../shared/context';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';
import type { EvaluationCurves } from './DecisionCharts';

/** The band's edges (R$) at each grid threshold. */
export interface ProfitBand {
  readonly xs: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** The curves and band on the evaluation rows under the payoffs; null until the rows are read. */
export function useEvaluationCurves(): (EvaluationCurves & { band: ProfitBand }) | null {
  const evaluation = useAppStore((s) => s.evaluation);
  const rows = useOutOfSampleRows();
  const payoffs = useAppStore((s) => s.payoffs);
  return useMemo(() => {
    if (evaluation === null || rows === null) return null;
    const points = evaluation.points(payoffs, 400);
    const xs = points.map((p) => Math.min(p.threshold, 1)).reverse();
    const ys = points.map((p) => p.profit).reverse();
    const band = bootstrapProfitBand(rows.scores, rows.labels, xs, payoffs, 100);
    return {
      band: { xs, low: band.low, high: band.high },
      byThreshold: [xs, band.low, band.high, ys] as uPlot.AlignedData,
      byContacted: [
        points.map((p) => p.contacted / Math.max(evaluation.total, 1)),
        points.map((p) => p.profit),
      ] as uPlot.AlignedData,
      best: evaluation.best(payoffs),
    };
  }, [evaluation, rows, payoffs]);
}

/** The profit's 90% bootstrap interval at a threshold: the band's grid point nearest to it. */
export function intervalAt(band: ProfitBand, threshold: number): readonly [number, number] {
  let nearest = 0;
  band.xs.forEach((x, i) => {
    if (Math.abs(x - threshold) < Math.abs((band.xs[nearest] ?? 0) - threshold)) nearest = i;
  });
  return [band.low[nearest] ?? Number.NaN, band.high[nearest] ?? Number.NaN];
}
