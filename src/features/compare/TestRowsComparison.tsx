/**
 * Champion and challenger on the labelled evaluation rows, when both measured the same data's same rows:
 * AUC, each model's own threshold, contacts and profit, the paired bootstrap difference of their
 * decisions, and both profit curves.
 */
import { useMemo } from 'react';
import { ProfitCurve } from '../../core/decision';
import { compareOnTestRows, testRowsProblem, type ModelMetrics } from '../../core/modelFiles';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';

const CHAMPION = '#0b6e4f';
// Not the churner red: a colour means one thing in every chart.
const CHALLENGER = '#b9770e';

export function TestRowsComparison(props: {
  readonly champion: ModelMetrics;
  readonly challenger: ModelMetrics;
}) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const payoffs = useAppStore((s) => s.payoffs);
  const { champion, challenger } = props;
  const comparison = useMemo(() => {
    const problem = testRowsProblem(champion, challenger);
    if (problem !== null) return { problem, result: null, chart: null };
    const result = compareOnTestRows(champion, challenger, payoffs);
    const labels = champion.outOfSample.labels;
    const curveA = ProfitCurve.fromScores(champion.outOfSample.scores, labels);
    const curveB = ProfitCurve.fromScores(challenger.outOfSample.scores, labels);
    const xMax = Math.min(
      1,
      2.5 * Math.max(result.champion.threshold, result.challenger.threshold),
    );
    const xs = Array.from({ length: 161 }, (_, i) => (xMax * i) / 160);
    const a = xs.map((x) => curveA.at(x, payoffs).profit);
    const b = xs.map((x) => curveB.at(x, payoffs).profit);
    const top = Math.max(0, ...a, ...b);
    return { problem: null, result, chart: { xs, a, b, xMax, top } };
  }, [champion, challenger, payoffs]);
  const money = (value: number) => formatMoney(language, value);
  const count = (value: number) => formatNumber(language, value);
  return (
    <>
      {comparison.problem != null && (
        <p className="note" role="note">
          {t(`compareRows_${comparison.problem.code}`)}
        </p>
      )}
      {comparison.result != null && (
        <>
          <div className="scroll-x" role="region" tabIndex={0} aria-label={t('compareTable')}>
            <table aria-label={t('compareTable')} data-testid="compare-table">
              <thead>
                <tr>
                  <td />
                  <th scope="col">{t('champion')}</th>
                  <th scope="col">{t('challenger')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row" className="text">
                    ROC AUC
                  </th>
                  <td>{formatNumber(language, comparison.result.champion.auc, 4)}</td>
                  <td>{formatNumber(language, comparison.result.challenger.auc, 4)}</td>
                </tr>
                <tr>
                  <th scope="row" className="text">
                    {t('compareOwnThreshold')}
                  </th>
                  <td>{formatNumber(language, comparison.result.champion.threshold, 4)}</td>
                  <td>{formatNumber(language, comparison.result.challenger.threshold, 4)}</td>
                </tr>
                <tr>
                  <th scope="row" className="text">
                    {t('contacted')}
                  </th>
                  <td>{count(comparison.result.champion.contacted)}</td>
                  <td>{count(comparison.result.challenger.contacted)}</td>
                </tr>
                <tr>
                  <th scope="row" className="text">
                    {t('compareProfit')}
                  </th>
                  <td data-testid="champion-profit" data-value={comparison.result.champion.profit}>
                    {money(comparison.result.champion.profit)}
                  </td>
                  <td
                    data-testid="challenger-profit"
                    data-value={comparison.result.challenger.profit}
                  >
                    {money(comparison.result.challenger.profit)}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <dl className="figures">
            <div>
              <dt>{t('compareDifference')}</dt>
              <dd
                data-testid="compare-difference"
                data-value={comparison.result.difference.observed}
              >
                {money(comparison.result.difference.observed)}
              </dd>
            </div>
            <div>
              <dt>{t('compareInterval')}</dt>
              <dd>
                {money(comparison.result.difference.interval[0])} –{' '}
                {money(comparison.result.difference.interval[1])}
              </dd>
            </div>
            <div>
              <dt>{t('compareChance')}</dt>
              <dd>{formatPercent(language, comparison.result.difference.probabilityAWins, 0)}</dd>
            </div>
          </dl>
        </>
      )}
      {comparison.result != null && (
        <Chart
          key={language}
          title={t('compareChart')}
          data={[comparison.chart.xs, comparison.chart.a, comparison.chart.b]}
          xLabel={t('threshold')}
          yLabel="R$"
          xRange={[0, comparison.chart.xMax]}
          {...(comparison.chart.top > 0
            ? {
                yRange: [-0.5 * comparison.chart.top, 1.1 * comparison.chart.top] as [
                  number,
                  number,
                ],
              }
            : {})}
          yFormat={money}
          series={[
            { label: t('champion'), stroke: CHAMPION, width: 2 },
            { label: t('challenger'), stroke: CHALLENGER, width: 2 },
          ]}
          markers={[
            {
              x: comparison.result.champion.threshold,
              color: CHAMPION,
              label: t('markerChampion'),
            },
            {
              x: comparison.result.challenger.threshold,
              color: CHALLENGER,
              label: t('markerChallenger'),
            },
          ]}
        />
      )}
    </>
  );
}
