/**
 * Champion against challenger: a second model, from the build or from disk, beside the one that
 * answers. On the test rows (when both split the same data the same way) both profit curves and
 * the paired difference of their decisions, each at its own threshold; on the portfolio, whom each
 * contacts and what each expects to earn by its own probabilities.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  compareOnTestRows,
  portfolioOverlap,
  testRowsProblem,
  METRICS_FORMAT,
} from '../../core/modelFiles';
import { expectedValueOfContact, ProfitCurve } from '../../core/decision';
import { useAppStore, useClient, useT } from '../../shared/context';
import {
  fileRefusal,
  formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';
import type { ChallengerSource } from '../inference/challenger';

const CHAMPION = '#0b6e4f';
const CHALLENGER = '#c0392b';
const BUNDLED_BASE = `${import.meta.env.BASE_URL}challenger/`;

/** R$ a portfolio is expected to earn when contacting at a threshold, by the model's own probabilities. */
function expectedProfit(
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Parameters<typeof expectedValueOfContact>[1],
) {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    if (p >= threshold) total += expectedValueOfContact(p, payoffs);
  }
  return total;
}

export function ComparePanel() {
  const t = useT();
  const client = useClient();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const payoffs = useAppStore((s) => s.payoffs);
  const snapshot = useAppStore((s) => s.snapshot);
  const challenger = useAppStore((s) => s.challenger);
  const setChallenger = useAppStore((s) => s.setChallenger);
  const [bundled, setBundled] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    // A static host may answer any path with the app's page: only metrics JSON counts.
    fetch(`${BUNDLED_BASE}metrics.json`)
      .then(async (response) => {
        const json = response.ok ? ((await response.json()) as { format?: unknown }) : null;
        if (live) setBundled(json?.format === METRICS_FORMAT);
      })
      .catch(() => {
        if (live) setBundled(false);
      });
    return () => {
      live = false;
    };
  }, []);

  const load = (source: ChallengerSource) => {
    if (client === null) return;
    setChallenger({ status: 'loading' });
    client
      .loadChallenger(source)
      .then(({ outcome }) => {
        setChallenger(
          outcome.ok
            ? {
                status: 'ready',
                source: source.kind === 'bundled' ? 'bundled' : 'disk',
                metrics: outcome.metrics,
                portfolio: outcome.portfolio,
                portfolioProblem: outcome.portfolioProblem,
              }
            : { status: 'failed', problem: outcome.problem },
        );
      })
      .catch(() => {
        setChallenger({ status: 'failed', problem: { code: 'unreadable', file: 'model.json' } });
      });
  };

  const other = challenger.status === 'ready' ? challenger : null;
  const comparison = useMemo(() => {
    if (metrics === null || other === null) return null;
    const problem = testRowsProblem(metrics, other.metrics);
    if (problem !== null) return { problem, result: null, chart: null };
    const result = compareOnTestRows(metrics, other.metrics, payoffs);
    const labels = metrics.outOfSample.labels;
    const curveA = ProfitCurve.fromScores(metrics.outOfSample.scores, labels);
    const curveB = ProfitCurve.fromScores(other.metrics.outOfSample.scores, labels);
    const xMax = Math.min(
      1,
      2.5 * Math.max(result.champion.threshold, result.challenger.threshold),
    );
    const xs = Array.from({ length: 161 }, (_, i) => (xMax * i) / 160);
    const a = xs.map((x) => curveA.at(x, payoffs).profit);
    const b = xs.map((x) => curveB.at(x, payoffs).profit);
    const top = Math.max(0, ...a, ...b);
    return { problem: null, result, chart: { xs, a, b, xMax, top } };
  }, [metrics, other, payoffs]);
  const portfolio = useMemo(() => {
    if (metrics === null || other?.portfolio == null || snapshot === null) return null;
    const tA = metrics.threshold.threshold;
    const tB = other.metrics.threshold.threshold;
    return {
      overlap: portfolioOverlap(snapshot.probabilities, tA, other.portfolio, tB),
      expectedA: expectedProfit(snapshot.probabilities, tA, payoffs),
      expectedB: expectedProfit(other.portfolio, tB, payoffs),
    };
  }, [metrics, other, snapshot, payoffs]);

  if (metrics === null) return null;
  const money = (value: number) => formatMoney(language, value);
  const count = (value: number) => formatNumber(language, value);
  return (
    <section aria-labelledby="compare-title" className="panel">
      <h2 id="compare-title">{t('compareTitle')}</h2>
      <p className="note">{t('compareIntro')}</p>
      <div className="row">
        {bundled === true && (
          <button
            type="button"
            disabled={challenger.status === 'loading'}
            onClick={() => {
              load({ kind: 'bundled', base: BUNDLED_BASE });
            }}
          >
            {t('compareBundled')}
          </button>
        )}
        <label>
          {t('compareFromDisk')}{' '}
          <input
            type="file"
            multiple
            accept=".json,.bin"
            disabled={challenger.status === 'loading'}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              if (files.length > 0) load({ kind: 'files', files });
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {challenger.status === 'loading' && <p role="status">{t('compareLoading')}</p>}
      {challenger.status === 'failed' && (
        <p role="alert" className="message">
          {challenger.problem.code === 'missing-files'
            ? t('challenger_missing-files', { files: challenger.problem.files.join(', ') })
            : challenger.problem.code === 'unreadable'
              ? t('challenger_unreadable', { file: challenger.problem.file })
              : challenger.problem.code === 'model-files'
                ? t(`modelFiles_${challenger.problem.problem.code}`, {
                    ...challenger.problem.problem,
                  })
                : t('challenger_absent')}
        </p>
      )}
      {other !== null && (
        <>
          <p className="note provenance" data-testid="challenger-provenance">
            {t('challengerProvenance', {
              source: t(other.source === 'bundled' ? 'challengerBundled' : 'challengerDisk'),
              date: formatDate(language, other.metrics.createdAt),
              file: other.metrics.data.file,
              hash: other.metrics.data.hash,
            })}
          </p>
          <h3>{t('compareTestRows', { rows: count(metrics.outOfSample.scores.length) })}</h3>
          {comparison?.problem != null && (
            <p className="note" role="note">
              {t(`compareRows_${comparison.problem.code}`)}
            </p>
          )}
          {comparison?.result != null && (
            <>
              <div className="scroll-x">
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
                      <td
                        data-testid="champion-profit"
                        data-value={comparison.result.champion.profit}
                      >
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
                  <dd>
                    {formatPercent(language, comparison.result.difference.probabilityAWins, 0)}
                  </dd>
                </div>
              </dl>
            </>
          )}
          {comparison?.result != null && (
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
                { x: comparison.result.champion.threshold, color: CHAMPION },
                { x: comparison.result.challenger.threshold, color: CHALLENGER },
              ]}
            />
          )}
          <h3>{t('comparePortfolio')}</h3>
          {other.portfolioProblem !== null && (
            <p className="note" role="note">
              {t('comparePortfolioProblem', { reason: fileRefusal(t, other.portfolioProblem) })}
            </p>
          )}
          {portfolio !== null && (
            <dl className="figures" data-testid="compare-portfolio">
              <div>
                <dt>{t('compareBoth')}</dt>
                <dd data-testid="overlap-both" data-value={portfolio.overlap.both}>
                  {count(portfolio.overlap.both)}
                </dd>
              </div>
              <div>
                <dt>{t('compareChampionOnly')}</dt>
                <dd data-testid="overlap-champion" data-value={portfolio.overlap.championOnly}>
                  {count(portfolio.overlap.championOnly)}
                </dd>
              </div>
              <div>
                <dt>{t('compareChallengerOnly')}</dt>
                <dd data-testid="overlap-challenger" data-value={portfolio.overlap.challengerOnly}>
                  {count(portfolio.overlap.challengerOnly)}
                </dd>
              </div>
              <div>
                <dt>{t('compareExpectedChampion')}</dt>
                <dd>{money(portfolio.expectedA)}</dd>
              </div>
              <div>
                <dt>{t('compareExpectedChallenger')}</dt>
                <dd>{money(portfolio.expectedB)}</dd>
              </div>
            </dl>
          )}
          {portfolio !== null && <p className="note">{t('compareExpectedNote')}</p>}
        </>
      )}
    </section>
  );
}
