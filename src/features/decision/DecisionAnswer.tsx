/**
 * The answer the analyst came for, first on the screen: how many customers to contact and by which
 * rule, the expected profit with its 90% interval, and what the same rule earned on the labelled
 * test rows with its bootstrap interval; the payoffs, capacity and threshold beside it; the
 * contact list and the report to take away. How each figure is computed folds away beside it.
 */
import type { AppliedRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber } from '../../shared/i18n';
import { Explained } from '../../shared/ui/Explained';
import { Kpi } from '../../shared/ui/Kpi';
import { ContactExports } from './ContactExports';
import { DecisionControls } from './DecisionControls';
import { RuleSentence } from './RuleSentence';

export function DecisionAnswer(props: {
  readonly rule: AppliedRule;
  /** The best cut within the capacity, whatever the threshold set by hand. */
  readonly best: AppliedRule | null;
  /** The test rows: profit at the rule's threshold and its 90% bootstrap interval, R$. */
  readonly test: { readonly profit: number; readonly interval: readonly [number, number] };
  readonly testRows: number;
  /** The test-optimal threshold, for the hindsight comparison. */
  readonly hindsight: number;
  readonly onReport: () => void;
}) {
  const { rule, best, test } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const hand = useAppStore((s) => s.handThreshold);
  const money = (value: number) => formatMoney(language, value);
  const expected =
    snapshot === null ? null : snapshot.curve.profitInterval(rule.contacted, payoffs, 0.9);
  return (
    <section aria-labelledby="answer-title" className="panel answer">
      <div className="answer-main">
        <h2 id="answer-title">{t('answerTitle')}</h2>
        <div className="kpis">
          {snapshot !== null && expected !== null && (
            <>
              <Kpi
                label={t('kpiContacts')}
                value={formatNumber(language, rule.contacted)}
                testId="snapshot-contacts"
                raw={rule.contacted}
                detail={t('kpiContactsOf', { count: formatNumber(language, snapshot.curve.count) })}
              />
              <Kpi
                label={t('kpiExpectedProfit')}
                value={money(rule.expectedProfit)}
                testId="snapshot-profit"
                raw={rule.expectedProfit}
                detail={
                  <span
                    data-testid="expected-interval"
                    data-low={expected[0]}
                    data-high={expected[1]}
                  >
                    {t('kpiExpectedInterval', {
                      low: money(expected[0]),
                      high: money(expected[1]),
                    })}
                  </span>
                }
              >
                <Explained>
                  <p>{t('portfolioCalibration')}</p>
                  <p>{t('expectedIntervalNote')}</p>
                </Explained>
              </Kpi>
            </>
          )}
          <Kpi
            label={snapshot === null ? t('kpiTestOnly') : t('kpiTestProfit')}
            value={money(test.profit)}
            testId="evaluation-profit"
            raw={test.profit}
            detail={
              <span
                data-testid="profit-interval"
                data-low={test.interval[0]}
                data-high={test.interval[1]}
              >
                {t('kpiTestInterval', {
                  rows: formatNumber(language, props.testRows),
                  low: money(test.interval[0]),
                  high: money(test.interval[1]),
                })}
              </span>
            }
          >
            <Explained>
              <p>{t('testIntervalNote')}</p>
              <p data-testid="hindsight" data-value={props.hindsight}>
                {t('hindsight', { threshold: formatNumber(language, props.hindsight, 3) })}
              </p>
            </Explained>
          </Kpi>
        </div>
        <RuleSentence testId="rule" />
        {hand !== null && best !== null && best.contacted !== rule.contacted && (
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
          <ContactExports rule={rule} />
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
