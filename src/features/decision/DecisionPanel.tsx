/**
 * The Decision tab: the answer first (with the controls beside it), then the evidence on the
 * labelled evaluation rows (precision, recall, an uncertain churner value, the confusion matrix), the
 * profit curves, and the printable report. Every number follows the controls.
 */
import { useAppStore, useT } from '../../shared/context';
import { OutOfSampleStatus } from '../../shared/ui/OutOfSampleStatus';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { ConfusionTable } from './ConfusionTable';
import { DecisionAnswer } from './DecisionAnswer';
import { DecisionCharts } from './DecisionCharts';
import { DecisionReport } from './DecisionReport';
import { UncertainValue } from './UncertainValue';
import { useDecisionRule } from './useDecisionRule';
import { usePortfolioAnswer } from './usePortfolioAnswer';
import { intervalAt, useEvaluationCurves } from './useEvaluationCurves';

export function DecisionPanel() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const evaluation = useAppStore((s) => s.evaluation);
  const payoffs = useAppStore((s) => s.payoffs);
  const rule = useDecisionRule();
  const curves = useEvaluationCurves();
  const portfolio = usePortfolioAnswer(rule);
  const testRows = useAppStore((s) => s.metrics?.outOfSample.rows ?? null);
  if (testRows === null) return null;
  const { threshold } = rule;
  // The answer comes with the model; the evidence once the out-of-sample rows are read.
  if (evaluation === null || curves === null) {
    return (
      <>
        <DecisionAnswer
          rule={rule}
          answer={portfolio}
          test={null}
          testRows={testRows}
          hindsight={null}
          onReport={() => {
            window.print();
          }}
        />
        <section aria-labelledby="evidence-title" className="panel">
          <h2 id="evidence-title">
            {t('evaluationTitle', { rows: formatNumber(language, testRows) })}
          </h2>
          <OutOfSampleStatus />
        </section>
      </>
    );
  }
  const at = evaluation.at(threshold, payoffs);
  const precision = at.contacted === 0 ? Number.NaN : at.tp / at.contacted;
  const recall = at.tp + at.fn === 0 ? Number.NaN : at.tp / (at.tp + at.fn);
  const test = { profit: at.profit, interval: intervalAt(curves.band, threshold) };
  const hindsight = Math.min(curves.best.threshold, 1);
  return (
    <>
      <DecisionAnswer
        rule={rule}
        answer={portfolio}
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
      <DecisionReport answer={portfolio} test={test} testRows={evaluation.total} />
    </>
  );
}
