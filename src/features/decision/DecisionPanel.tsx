/**
 * The Decision tab: the answer first (with the controls beside it), then the evidence on the
 * labelled test rows (precision, recall, an uncertain churner value, the confusion matrix), the
 * profit curves, and the printable report. Every number follows the controls.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { applyDecisionRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { ConfusionTable } from './ConfusionTable';
import { DecisionAnswer } from './DecisionAnswer';
import { DecisionCharts, type PortfolioCurve } from './DecisionCharts';
import { DecisionReport } from './DecisionReport';
import { UncertainValue } from './UncertainValue';
import { useDecisionRule } from './useDecisionRule';
import { intervalAt, useEvaluationCurves } from './useEvaluationCurves';

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
  const test = { profit: at.profit, interval: intervalAt(curves.band, threshold) };
  const hindsight = Math.min(curves.best.threshold, 1);
  return (
    <>
      <DecisionAnswer
        rule={rule}
        best={portfolio?.best ?? null}
        test={test}
        testRows={evaluation.total}
        hindsight={hindsight}
        onReport={() => {
          window.print();
        }}
      />
      <section aria-labelledby="evidence-title" className="panel">
        <h2 id="evidence-title">
          {t('evaluationTitle', { rows: formatNumber(language, evaluation.total) })}
        </h2>
        <div className="grid">
          <div>
            <dl className="figures">
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
            <ConfusionTable tp={at.tp} fp={at.fp} fn={at.fn} tn={at.tn} />
          </div>
          <UncertainValue threshold={threshold} />
        </div>
        <DecisionCharts
          curves={curves}
          portfolio={portfolio}
          rule={rule}
          contacted={at.contacted}
          total={evaluation.total}
        />
      </section>
      <DecisionReport rule={rule} test={test} testRows={evaluation.total} curve={portfolio} />
    </>
  );
}
