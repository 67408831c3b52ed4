/**
 * Threshold and profit: the controls, the figures on the labelled test rows (with the profit's
 * bootstrap interval, an uncertain churner value and the confusion matrix), the portfolio's
 * answer under the rule in force, and the profit curves. Every number follows the slider.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { applyDecisionRule, bootstrapProfitBand } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { ConfusionTable } from './ConfusionTable';
import { DecisionCharts, type EvaluationCurves, type PortfolioCurve } from './DecisionCharts';
import { DecisionControls } from './DecisionControls';
import { PortfolioAnswer } from './PortfolioAnswer';
import { UncertainValue } from './UncertainValue';
import { useDecisionRule } from './useDecisionRule';

/** The test rows' curves, with the profit's 90% bootstrap band over thresholds. */
function useEvaluationCurves(): (EvaluationCurves & { band: Band }) | null {
  const evaluation = useAppStore((s) => s.evaluation);
  const metrics = useAppStore((s) => s.metrics);
  const payoffs = useAppStore((s) => s.payoffs);
  return useMemo(() => {
    if (evaluation === null || metrics === null) return null;
    const points = evaluation.points(payoffs, 400);
    const xs = points.map((p) => Math.min(p.threshold, 1)).reverse();
    const ys = points.map((p) => p.profit).reverse();
    const band = bootstrapProfitBand(
      metrics.outOfSample.scores,
      metrics.outOfSample.labels,
      xs,
      payoffs,
      100,
    );
    return {
      band: { xs, low: band.low, high: band.high },
      byThreshold: [xs, band.low, band.high, ys] as uPlot.AlignedData,
      byContacted: [
        points.map((p) => p.contacted / Math.max(evaluation.total, 1)),
        points.map((p) => p.profit),
      ] as uPlot.AlignedData,
      best: evaluation.best(payoffs),
    };
  }, [evaluation, metrics, payoffs]);
}

interface Band {
  readonly xs: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** The profit's 90% bootstrap interval at a threshold: the band's grid point nearest to it. */
function intervalAt(band: Band, threshold: number): readonly [number, number] {
  let nearest = 0;
  band.xs.forEach((x, i) => {
    if (Math.abs(x - threshold) < Math.abs((band.xs[nearest] ?? 0) - threshold)) nearest = i;
  });
  return [band.low[nearest] ?? Number.NaN, band.high[nearest] ?? Number.NaN];
}

/** The portfolio's expected-profit curve and its best cuts, within the capacity and without. */
function usePortfolioCurve(): PortfolioCurve | null {
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  return useMemo(() => {
    if (snapshot === null) return null;
    const points = snapshot.curve.points(payoffs, 600);
    return {
      data: [points.contacted, points.profit] as uPlot.AlignedData,
      best: applyDecisionRule(snapshot.curve, payoffs, capacity, null),
      // The best cut with no capacity: the chart frames it too, so a capacity is seen against it.
      unlimited: applyDecisionRule(snapshot.curve, payoffs, null, null),
    };
  }, [snapshot, payoffs, capacity]);
}

export function DecisionPanel() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const evaluation = useAppStore((s) => s.evaluation);
  const payoffs = useAppStore((s) => s.payoffs);
  const rule = useDecisionRule();
  const curves = useEvaluationCurves();
  const portfolio = usePortfolioCurve();
  if (evaluation === null || curves === null) return null;
  const { threshold } = rule;
  const at = evaluation.at(threshold, payoffs);
  const precision = at.contacted === 0 ? Number.NaN : at.tp / at.contacted;
  const recall = at.tp + at.fn === 0 ? Number.NaN : at.tp / (at.tp + at.fn);
  const interval = intervalAt(curves.band, threshold);
  return (
    <section aria-labelledby="decision-title" className="panel">
      <h2 id="decision-title">{t('thresholdTitle')}</h2>
      <DecisionControls />
      <p className="note" data-testid="hindsight" data-value={Math.min(curves.best.threshold, 1)}>
        {t('hindsight', {
          threshold: formatNumber(language, Math.min(curves.best.threshold, 1), 3),
        })}
      </p>

      <div className="grid">
        <div>
          <h3>{t('evaluationTitle', { rows: formatNumber(language, evaluation.total) })}</h3>
          <dl className="figures">
            <div>
              <dt>{t('profitAtThreshold')}</dt>
              <dd data-testid="evaluation-profit" data-value={at.profit}>
                {formatMoney(language, at.profit)}
              </dd>
            </div>
            <div>
              <dt>{t('profitInterval')}</dt>
              <dd data-testid="profit-interval" data-low={interval[0]} data-high={interval[1]}>
                {formatMoney(language, interval[0])} – {formatMoney(language, interval[1])}
              </dd>
            </div>
            <div>
              <dt>{t('bestProfit')}</dt>
              <dd>{formatMoney(language, curves.best.profit)}</dd>
            </div>
            <div>
              <dt>{t('precision')}</dt>
              <dd>{formatPercent(language, precision)}</dd>
            </div>
            <div>
              <dt>{t('recall')}</dt>
              <dd>{formatPercent(language, recall)}</dd>
            </div>
          </dl>
          <UncertainValue threshold={threshold} />
          <ConfusionTable tp={at.tp} fp={at.fp} fn={at.fn} tn={at.tn} />
        </div>
        {portfolio !== null && <PortfolioAnswer rule={rule} best={portfolio.best} />}
      </div>

      <DecisionCharts
        curves={curves}
        portfolio={portfolio}
        rule={rule}
        contacted={at.contacted}
        total={evaluation.total}
      />
    </section>
  );
}
