/**
 * The profit curves: by threshold (with its 90% bootstrap band), by share contacted, and the
 * portfolio's expected profit by customers contacted; the rule in force, the best cut and a
 * capacity as named dashed lines. They frame the decision region unless the analyst asks for the whole.
 */
import { useState } from 'react';
import type uPlot from 'uplot';
import type { AppliedRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';
import { PALETTE } from '../../shared/ui/palette';

/** The labelled evaluation rows' curves (see DecisionPanel). */
export interface EvaluationCurves {
  readonly byThreshold: uPlot.AlignedData;
  readonly byContacted: uPlot.AlignedData;
  /** The best cut on the evaluation rows: its threshold, rows contacted and profit, R$. */
  readonly best: {
    readonly threshold: number;
    readonly contacted: number;
    readonly profit: number;
  };
}

/**
 * The portfolio's expected-profit curve over customers contacted (in the rule's order), the
 * rule's cut, and the best cuts within the capacity and without.
 */
export interface PortfolioCurve {
  readonly data: uPlot.AlignedData;
  readonly contacted: number;
  readonly best: { readonly contacted: number; readonly expectedProfit: number };
  readonly unlimited: { readonly contacted: number; readonly expectedProfit: number };
}

/** A yRange prop, or none (the chart then ranges y on its data). */
function optionalRange(range: [number, number] | undefined): { yRange?: [number, number] } {
  return range === undefined ? {} : { yRange: range };
}

export function DecisionCharts(props: {
  readonly curves: EvaluationCurves;
  readonly portfolio: PortfolioCurve | null;
  readonly rule: AppliedRule;
  /** Evaluation rows contacted at the threshold, and evaluation rows in all. */
  readonly contacted: number;
  readonly total: number;
}) {
  const { curves, portfolio, rule, contacted, total } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const capacity = useAppStore((s) => s.capacity);
  const snapshot = useAppStore((s) => s.snapshot);
  const [whole, setWhole] = useState(false);
  const [zoomReset, setZoomReset] = useState(0);
  const { threshold } = rule;
  const markers = [
    { x: threshold, color: PALETTE.rule, label: t('markerRule') },
    { x: Math.min(curves.best.threshold, 1), color: PALETTE.best, label: t('markerBestTest') },
  ];
  const contactedMarkers = [
    { x: contacted / Math.max(total, 1), color: PALETTE.rule, label: t('markerRule') },
    {
      x: curves.best.contacted / Math.max(total, 1),
      color: PALETTE.best,
      label: t('markerBestTest'),
    },
  ];
  // The decision region: up to about twice the best cut and past the cut in force, and from the
  // top of what is drawn there (the band included) down to break-even or a little below.
  const frameY = (best: number, top = best, bottom = 0): [number, number] | undefined =>
    whole || best <= 0
      ? undefined
      : [Math.min(-0.1 * best, Math.max(bottom, -0.5 * best)), 1.1 * Math.max(best, top)];
  const bestShare = curves.best.contacted / Math.max(total, 1);
  const thresholdFrame: [number, number] = whole
    ? [0, 1]
    : [0, Math.min(1, Math.max(2 * Math.min(curves.best.threshold, 1), 1.25 * threshold, 0.05))];
  const contactedFrame: [number, number] = whole
    ? [0, 1]
    : [0, Math.min(1, Math.max(2 * bestShare, (1.25 * contacted) / Math.max(total, 1), 0.02))];
  const [xs, , bandHigh, profits] = curves.byThreshold as unknown as number[][];
  const inFrame = (values: readonly number[] | undefined) =>
    (values ?? []).filter((_, i) => (xs?.[i] ?? 0) <= thresholdFrame[1]);
  const thresholdY = frameY(
    curves.best.profit,
    Math.max(...inFrame(bandHigh)),
    Math.min(...inFrame(profits)),
  );
  const portfolioMarkers =
    portfolio === null
      ? []
      : [
          { x: portfolio.contacted, color: PALETTE.rule, label: t('markerRule') },
          {
            x: portfolio.best.contacted,
            color: PALETTE.best,
            label: t('markerBestPortfolio'),
          },
          ...(capacity === null
            ? []
            : [{ x: capacity, color: PALETTE.capacity, label: t('markerCapacity') }]),
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
              Math.max(
                2 * portfolio.unlimited.contacted,
                1.25 * portfolio.contacted,
                capacity ?? 0,
                10,
              ) * 1.05,
            ),
          ];
  return (
    <>
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
        <span className="hint">{t('zoomHint')}</span>
      </div>

      <div className="grid">
        <Chart
          title={t('profitVsThreshold')}
          data={curves.byThreshold}
          xLabel={t('threshold')}
          yLabel="R$"
          series={[
            { label: t('band'), stroke: PALETTE.modelBandEdge },
            { label: t('band'), stroke: PALETTE.modelBandEdge, inLegend: false },
            { label: t('profitAtThreshold'), stroke: PALETTE.model, width: 2 },
          ]}
          bands={[{ series: [2, 1], fill: PALETTE.modelBand }]}
          markers={markers}
          xRange={thresholdFrame}
          {...optionalRange(thresholdY)}
          yFormat={(v) => formatMoney(language, v)}
          resetKey={zoomReset}
        />
        <Chart
          title={t('profitVsContacted')}
          data={curves.byContacted}
          xLabel={t('contacted')}
          yLabel="R$"
          series={[{ label: t('profitAtThreshold'), stroke: PALETTE.model, width: 2 }]}
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
            series={[{ label: t('expectedProfit'), stroke: PALETTE.portfolio, width: 2 }]}
            markers={portfolioMarkers}
            {...(portfolioFrame === undefined ? {} : { xRange: portfolioFrame })}
            {...optionalRange(frameY(portfolio.unlimited.expectedProfit))}
            xFormat={(v) => formatNumber(language, v)}
            yFormat={(v) => formatMoney(language, v)}
            resetKey={zoomReset}
          />
        )}
      </div>
    </>
  );
}
