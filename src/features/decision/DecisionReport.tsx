/**
 * The report for the meeting: one printable A4 page in the interface's language with the
 * portfolio's answer, the rule and the payoffs, the profit curve with the chosen point, the
 * evidence on the evaluation rows with its interval, the model's and the portfolio's provenance, and the date.
 * It is in the page only for print (print CSS); "Baixar relatório" opens the browser's print,
 * whose "save as PDF" makes the file.
 */
import { useAppStore, useT } from '../../shared/context';
import { formatDate, formatMoney, formatNumber } from '../../shared/i18n';
import { Provenance } from './Provenance';
import { ReportCurve } from './ReportCurve';
import { RuleSentence } from './RuleSentence';
import type { PortfolioAnswerFigures } from './usePortfolioAnswer';
import { useValueEvidence } from './useValueEvidence';
import { ValueRuleSentence } from './ValueRuleSentence';

export function DecisionReport(props: {
  /** The portfolio's answer under the rule in force; null without a portfolio. */
  readonly answer: PortfolioAnswerFigures | null;
  readonly test: { readonly profit: number; readonly interval: readonly [number, number] };
  readonly testRows: number;
}) {
  const { answer, test } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const money = (value: number) => formatMoney(language, value);
  const evidence = useValueEvidence();
  return (
    <article className="report">
      <header className="report-header">
        <h1>{t('reportTitle')}</h1>
        <p>{formatDate(language, new Date().toISOString())}</p>
      </header>
      {snapshot !== null && answer !== null && (
        <section>
          <h2>{t('answerTitle')}</h2>
          <dl className="report-figures">
            <div>
              <dt>{t('kpiContacts')}</dt>
              <dd>
                {formatNumber(language, answer.contacted)}{' '}
                <small>
                  {t('kpiContactsOf', { count: formatNumber(language, snapshot.curve.count) })}
                </small>
              </dd>
            </div>
            <div>
              <dt>{t('kpiExpectedProfit')}</dt>
              <dd>
                {money(answer.expectedProfit)}{' '}
                <small>
                  {t('kpiExpectedInterval', {
                    low: money(answer.interval[0]),
                    high: money(answer.interval[1]),
                  })}
                </small>
              </dd>
            </div>
          </dl>
        </section>
      )}
      {answer?.byValue === true ? <ValueRuleSentence /> : <RuleSentence />}
      <p>
        {t('reportPayoffs', {
          tp: money(payoffs.tp),
          fp: money(0 - payoffs.fp),
          fn: money(0 - payoffs.fn),
          tn: money(payoffs.tn),
        })}{' '}
        {capacity === null
          ? t('reportNoCapacity')
          : t('reportCapacity', { capacity: formatNumber(language, capacity) })}
      </p>
      {answer !== null && (
        <ReportCurve
          contacted={answer.data[0] as number[]}
          profit={answer.data[1] as number[]}
          chosen={answer.contacted}
          chosenProfit={answer.expectedProfit}
          xEnd={Math.min(
            answer.data[0].length === 0 ? 1 : Math.max(...(answer.data[0] as number[])),
            Math.max(2 * answer.unlimited.contacted, answer.contacted, capacity ?? 0, 10) * 1.05,
          )}
          xLabel={t('toContact')}
          label={t('portfolioCurve')}
          formatX={(v) => formatNumber(language, v)}
          formatY={money}
        />
      )}
      <section>
        <h2>{t('evidenceTitle')}</h2>
        <p>
          {t('reportEvidence', {
            profit: money(test.profit),
            rows: formatNumber(language, props.testRows),
            low: money(test.interval[0]),
            high: money(test.interval[1]),
          })}
        </p>
        {answer?.byValue === true && evidence !== null && (
          <p>
            {t('reportValueEvidence', {
              count: formatNumber(language, evidence.contacted),
              byValue: money(evidence.byValue),
              byProbability: money(evidence.byProbability),
              low: money(evidence.difference.interval[0]),
              high: money(evidence.difference.interval[1]),
            })}
          </p>
        )}
      </section>
      <section>
        <h2>{t('reportProvenance')}</h2>
        <Provenance plain />
      </section>
    </article>
  );
}
