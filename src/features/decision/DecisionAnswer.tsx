/**
 * The answer the analyst came for, first on the screen: how many customers to contact and by which
 * rule, the expected profit with its 90% interval, and what the same rule earned on the labelled
 * evaluation rows with its bootstrap interval; the payoffs, capacity and threshold beside it; the
 * contact list and the report to take away. How each figure is computed folds away beside it.
 */
import { applyDecisionRule, type AppliedRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber } from '../../shared/i18n';
import { Explained } from '../../shared/ui/Explained';
import { IntervalText } from '../../shared/ui/IntervalText';
import { Kpi } from '../../shared/ui/Kpi';
import { ContactExports } from './ContactExports';
import { DecisionControls } from './DecisionControls';
import { RuleSentence } from './RuleSentence';
import type { PortfolioAnswerFigures } from './usePortfolioAnswer';
import { OutOfSampleStatus } from '../../shared/ui/OutOfSampleStatus';
import { ValueEvidenceKpi } from './ValueEvidenceKpi';
import { ValueRuleSentence } from './ValueRuleSentence';

export function DecisionAnswer(props: {
  /** The threshold rule in force (the evaluation rows' rule, and the portfolio's when not by value). */
  readonly rule: AppliedRule;
  /** The portfolio's answer; null without a portfolio. */
  readonly answer: PortfolioAnswerFigures | null;
  /**
   * The evaluation rows: profit at the rule's threshold and its 90% bootstrap interval, R$; null
   * until the rows are read.
   */
  readonly test: { readonly profit: number; readonly interval: readonly [number, number] } | null;
  readonly testRows: number;
  /** The test-optimal threshold, for the hindsight comparison; null until the rows are read. */
  readonly hindsight: number | null;
  readonly onReport: () => void;
}) {
  const { rule, answer, test } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const hand = useAppStore((s) => s.handThreshold);
  const capacity = useAppStore((s) => s.capacity);
  const hasTestValues = useAppStore((s) => s.metrics?.outOfSample.valueColumn !== undefined);
  const money = (value: number) => formatMoney(language, value);
  // Under a hand-set threshold, what the recommended rule would do instead.
  const best =
    snapshot === null || answer === null || answer.byValue || hand === null
      ? null
      : applyDecisionRule(snapshot.curve, payoffs, capacity, null);
  return (
    <section aria-labelledby="answer-title" className="panel answer">
      <div className="answer-main">
        <h2 id="answer-title">{t('answerTitle')}</h2>
        <div className="kpis">
          {snapshot !== null && answer !== null && (
            <>
              <Kpi
                label={t('kpiContacts')}
                value={formatNumber(language, answer.contacted)}
                testId="snapshot-contacts"
                raw={answer.contacted}
                detail={t('kpiContactsOf', { count: formatNumber(language, snapshot.curve.count) })}
              />
              <Kpi
                label={t('kpiExpectedProfit')}
                value={money(answer.expectedProfit)}
                testId="snapshot-profit"
                raw={answer.expectedProfit}
                detail={
                  <IntervalText testId="expected-interval" interval={answer.interval}>
                    {t('kpiExpectedInterval', {
                      low: money(answer.interval[0]),
                      high: money(answer.interval[1]),
                    })}
                  </IntervalText>
                }
              >
                <Explained>
                  <p>{t('portfolioCalibration')}</p>
                  <p>{t('expectedIntervalNote')}</p>
                </Explained>
              </Kpi>
            </>
          )}
          {test === null || props.hindsight === null ? (
            <OutOfSampleStatus />
          ) : answer?.byValue === true && hasTestValues ? (
            <ValueEvidenceKpi />
          ) : (
            <Kpi
              label={
                snapshot === null
                  ? t('kpiTestOnly')
                  : answer?.byValue === true
                    ? t('kpiTestByProbability')
                    : t('kpiTestProfit')
              }
              value={money(test.profit)}
              testId="evaluation-profit"
              raw={test.profit}
              detail={
                <IntervalText testId="profit-interval" interval={test.interval}>
                  {t('kpiTestInterval', {
                    rows: formatNumber(language, props.testRows),
                    low: money(test.interval[0]),
                    high: money(test.interval[1]),
                  })}
                </IntervalText>
              }
            >
              <Explained>
                <p>{t('testIntervalNote')}</p>
                <p data-testid="hindsight" data-value={props.hindsight}>
                  {t('hindsight', { threshold: formatNumber(language, props.hindsight, 3) })}
                </p>
              </Explained>
            </Kpi>
          )}
        </div>
        {answer?.byValue === true ? (
          <ValueRuleSentence testId="rule" />
        ) : (
          <RuleSentence testId="rule" />
        )}
        {best !== null && best.contacted !== rule.contacted && (
          <p className="recommended">
            {t('recommendedTitle')}:{' '}
            <span data-testid="recommended-profit" data-value={best.expectedProfit}>
              {t('recommendedAt', {
                profit: money(best.expectedProfit),
                contacted: formatNumber(language, best.contacted),
                threshold: formatNumber(language, Math.min(best.threshold, 1), 4),
              })}
            </span>
          </p>
        )}
        <div className="actions">
          <ContactExports rule={rule} answer={answer} />
          <button type="button" onClick={props.onReport}>
            {t('downloadReport')}
          </button>
        </div>
      </div>
      <aside className="answer-controls" aria-label={t('payoffs')}>
        <DecisionControls />
      </aside>
    </section>
  );
}
