/**
 * Threshold and profit: the controls, the profit curves with a bootstrap band, the confusion
 * matrix, an uncertain churner value and the portfolio's expected figures under the rule in force.
 * Every number follows the slider as it moves.
 */
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import {
  bootstrapProfitBand,
  applyDecisionRule,
  expectedMaximumProfit,
  expectedProfitAt,
} from '../../core/decision';
import { useAppStore, useDecisionRule, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';
import { contactListCsv } from './contactList';
import { DecisionControls } from './DecisionControls';
import { NumberField } from '../../shared/ui/NumberField';

export function DecisionPanel() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const evaluation = useAppStore((s) => s.evaluation);
  const metrics = useAppStore((s) => s.metrics);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const hand = useAppStore((s) => s.handThreshold);
  const shares = useAppStore((s) => s.churnerValueShares);
  const setShares = useAppStore((s) => s.setChurnerValueShares);
  const rule = useDecisionRule();
  const threshold = rule.threshold;
  // The uncertain value follows the TP payoff: the range is kept as multiples of it.
  const valueRange = useMemo(
    () => [shares[0] * payoffs.tp, shares[1] * payoffs.tp] as [number, number],
    [shares, payoffs.tp],
  );
  // The charts frame the decision region unless the analyst asks for the whole curve.
  const [whole, setWhole] = useState(false);
  const [zoomReset, setZoomReset] = useState(0);

  // EMPC does not depend on the threshold: recomputed only with the payoffs or the range.
  const empc = useMemo(
    () => (evaluation === null ? null : expectedMaximumProfit(evaluation, payoffs, valueRange)),
    [evaluation, payoffs, valueRange],
  );

  const portfolio = useMemo(() => {
    if (snapshot === null) return null;
    const points = snapshot.curve.points(payoffs, 600);
    return {
      data: [points.contacted, points.profit] as uPlot.AlignedData,
      best: applyDecisionRule(snapshot.curve, payoffs, capacity, null),
      // The best cut with no capacity: the chart frames it too, so a capacity is seen against it.
      unlimited: applyDecisionRule(snapshot.curve, payoffs, null, null),
    };
  }, [snapshot, payoffs, capacity]);

  const curves = useMemo(() => {
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
    const byContacted: uPlot.AlignedData = [
      points.map((p) => p.contacted / Math.max(evaluation.total, 1)),
      points.map((p) => p.profit),
    ];
    return {
      band: { xs, low: band.low, high: band.high },
      byThreshold: [xs, band.low, band.high, ys] as uPlot.AlignedData,
      byContacted,
      best: evaluation.best(payoffs),
    };
  }, [evaluation, metrics, payoffs]);

  if (evaluation === null || curves === null) return null;
  const at = evaluation.at(threshold, payoffs);
  const precision = at.contacted === 0 ? Number.NaN : at.tp / at.contacted;
  const recall = at.tp + at.fn === 0 ? Number.NaN : at.tp / (at.tp + at.fn);
  const expected = snapshot === null ? null : rule;
  // The profit's 90% bootstrap interval at the threshold: the band's grid point nearest to it.
  let nearest = 0;
  curves.band.xs.forEach((x, i) => {
    if (Math.abs(x - threshold) < Math.abs((curves.band.xs[nearest] ?? 0) - threshold)) nearest = i;
  });
  const interval = [
    curves.band.low[nearest] ?? Number.NaN,
    curves.band.high[nearest] ?? Number.NaN,
  ] as const;
  const uncertainAt = expectedProfitAt(evaluation, payoffs, valueRange, threshold);
  const markers = [
    { x: threshold, color: '#c0392b' },
    { x: Math.min(curves.best.threshold, 1), color: '#0b6e4f' },
  ];
  const contactedMarkers = [
    { x: at.contacted / Math.max(evaluation.total, 1), color: '#c0392b' },
    { x: curves.best.contacted / Math.max(evaluation.total, 1), color: '#0b6e4f' },
  ];
  // The decision region: up to about twice the best cut, and from the best down to break-even.
  const frameY = (best: number): [number, number] | undefined =>
    whole || best <= 0 ? undefined : [-0.1 * best, 1.1 * best];
  const bestShare = curves.best.contacted / Math.max(evaluation.total, 1);
  const thresholdFrame: [number, number] = whole
    ? [0, 1]
    : [0, Math.min(1, Math.max(2 * Math.min(curves.best.threshold, 1), 0.05))];
  const contactedFrame: [number, number] = whole
    ? [0, 1]
    : [0, Math.min(1, Math.max(2 * bestShare, 0.02))];
  const portfolioMarkers =
    portfolio === null || expected === null
      ? []
      : [
          { x: expected.contacted, color: '#c0392b' },
          { x: portfolio.best.contacted, color: '#0b6e4f' },
          ...(capacity === null ? [] : [{ x: capacity, color: '#d68910' }]),
        ];
  const portfolioFrame: [number, number] | undefined =
    portfolio === null || snapshot === null
      ? undefined
      : whole
        ? [0, snapshot.curve.count]
        : [
            0,
            Math.min(
              snapshot.curve.count,
              Math.max(2 * portfolio.unlimited.contacted, capacity ?? 0, 10) * 1.05,
            ),
          ];
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
          <fieldset className="uncertain-value">
            <legend>{t('uncertainValue')}</legend>
            {([0, 1] as const).map((end) => (
              <NumberField
                key={end}
                label={t(end === 0 ? 'valueFrom' : 'valueTo')}
                value={payoffs.tp > 0 ? valueRange[end] : null}
                digits={2}
                disabled={!(payoffs.tp > 0)}
                onCommit={(value) => {
                  if (value === null || !(payoffs.tp > 0)) return;
                  const share = value / payoffs.tp;
                  setShares(end === 0 ? [share, shares[1]] : [shares[0], share]);
                }}
              />
            ))}
            {!(payoffs.tp > 0) && <p className="note">{t('valueNeedsGain')}</p>}
            <dl className="figures">
              <div>
                <dt>{t('expectedAtThreshold')}</dt>
                <dd data-testid="uncertain-expected" data-value={uncertainAt}>
                  {formatMoney(language, uncertainAt)}
                </dd>
              </div>
              <div>
                <dt>{t('empc')}</dt>
                <dd data-testid="empc" data-value={empc?.expectedMaximum ?? Number.NaN}>
                  {formatMoney(language, empc?.expectedMaximum ?? Number.NaN)}
                </dd>
              </div>
            </dl>
            <p className="note">{t('empcNote')}</p>
          </fieldset>
          <table aria-label={t('confusion')}>
            <thead>
              <tr>
                <td />
                <th scope="col">{t('actualChurner')}</th>
                <th scope="col">{t('actualLoyal')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('contacted')}</th>
                <td data-testid="tp">{at.tp}</td>
                <td data-testid="fp">{at.fp}</td>
              </tr>
              <tr>
                <th scope="row">{t('notContacted')}</th>
                <td data-testid="fn">{at.fn}</td>
                <td data-testid="tn">{at.tn}</td>
              </tr>
            </tbody>
          </table>
        </div>
        {expected !== null && snapshot !== null && (
          <div>
            <h3>{t('snapshotTitle', { count: formatNumber(language, snapshot.curve.count) })}</h3>
            <dl className="figures">
              <div>
                <dt>{t('toContact')}</dt>
                <dd data-testid="snapshot-contacts" data-value={expected.contacted}>
                  {formatNumber(language, expected.contacted)}
                </dd>
              </div>
              <div>
                <dt>{t('expectedProfit')}</dt>
                <dd data-testid="snapshot-profit" data-value={expected.expectedProfit}>
                  {formatMoney(language, expected.expectedProfit)}
                </dd>
              </div>
              {portfolio !== null &&
                hand !== null &&
                portfolio.best.contacted !== rule.contacted && (
                  <div>
                    <dt>{t('recommendedTitle')}</dt>
                    <dd data-testid="recommended-profit" data-value={portfolio.best.expectedProfit}>
                      {t('recommendedAt', {
                        profit: formatMoney(language, portfolio.best.expectedProfit),
                        contacted: formatNumber(language, portfolio.best.contacted),
                        threshold: formatNumber(language, Math.min(portfolio.best.threshold, 1), 4),
                      })}
                    </dd>
                  </div>
                )}
            </dl>
            <p className="note">{t('portfolioCalibration')}</p>
            <button
              type="button"
              onClick={() => {
                const csv = contactListCsv(
                  snapshot.ids,
                  snapshot.probabilities,
                  threshold,
                  payoffs,
                  snapshot.labels,
                );
                downloadCsv(t('contactListFile'), csv);
              }}
            >
              {t('exportContacts', { count: formatNumber(language, expected.contacted) })}
            </button>
          </div>
        )}
      </div>

      <div className="controls">
        <button
          type="button"
          aria-pressed={whole}
          onClick={() => {
            setWhole(!whole);
          }}
        >
          {whole ? t('frameDecision') : t('showWhole')}
        </button>
        <button
          type="button"
          onClick={() => {
            setZoomReset(zoomReset + 1);
          }}
        >
          {t('resetZoom')}
        </button>
        <span className="note">
          {t('zoomHint')} {t('markersNote')}
        </span>
      </div>

      <div className="grid">
        <Chart
          title={t('profitVsThreshold')}
          data={curves.byThreshold}
          xLabel={t('threshold')}
          yLabel="R$"
          series={[
            { label: `${t('band')} (5%)`, stroke: 'rgba(11,110,79,0.25)' },
            { label: `${t('band')} (95%)`, stroke: 'rgba(11,110,79,0.25)' },
            { label: t('profitAtThreshold'), stroke: '#0b6e4f', width: 2 },
          ]}
          bands={[{ series: [2, 1], fill: 'rgba(11,110,79,0.12)' }]}
          markers={markers}
          xRange={thresholdFrame}
          {...optionalRange(frameY(curves.best.profit))}
          yFormat={(v) => formatMoney(language, v)}
          resetKey={zoomReset}
        />
        <Chart
          title={t('profitVsContacted')}
          data={curves.byContacted}
          xLabel={t('contacted')}
          yLabel="R$"
          series={[{ label: t('profitAtThreshold'), stroke: '#1f4e79', width: 2 }]}
          markers={contactedMarkers}
          xRange={contactedFrame}
          {...optionalRange(frameY(curves.best.profit))}
          xFormat={(v) => formatPercent(language, v, 0)}
          yFormat={(v) => formatMoney(language, v)}
          resetKey={zoomReset}
        />
        {portfolio !== null && (
          <Chart
            title={t('portfolioCurve')}
            data={portfolio.data}
            xLabel={t('toContact')}
            yLabel="R$"
            series={[{ label: t('expectedProfit'), stroke: '#6c3483', width: 2 }]}
            markers={portfolioMarkers}
            {...(portfolioFrame === undefined ? {} : { xRange: portfolioFrame })}
            {...optionalRange(frameY(portfolio.unlimited.expectedProfit))}
            xFormat={(v) => formatNumber(language, v)}
            yFormat={(v) => formatMoney(language, v)}
            resetKey={zoomReset}
          />
        )}
      </div>
    </section>
  );
}

/** A yRange prop, or none (the chart then ranges y on its data). */
function optionalRange(range: [number, number] | undefined): { yRange?: [number, number] } {
  return range === undefined ? {} : { yRange: range };
}
