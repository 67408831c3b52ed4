/** Each segment's profit curve on the evaluation rows by threshold, with its own threshold marked. */
import { useMemo } from 'react';
import { ProfitCurve } from '../../core/decision';
import type { SegmentData, SegmentReport } from '../../core/segments';
import { useAppStore, useT } from '../../shared/context';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';
import { formatMoney } from '../../shared/i18n';
import { Chart } from '../../shared/ui/Chart';
import { segmentColor, useSegmentWording } from './segmentWording';

export function SegmentsChart(props: {
  /** Which of the data's columns segments the view. */
  readonly column: number;
  readonly report: SegmentReport;
  readonly data: SegmentData;
}) {
  const { column, report, data } = props;
  const t = useT();
  const wording = useSegmentWording();
  const language = useAppStore((s) => s.language);
  const outOfSample = useOutOfSampleRows();
  const payoffs = useAppStore((s) => s.payoffs);
  const chart = useMemo(() => {
    if (outOfSample === null) return null;
    const codes = data.test.codes[column];
    if (codes === undefined) return null;
    const { scores, labels } = outOfSample;
    const shown = report.lines
      .map((line, code) => ({ line, code }))
      .filter(({ line }) => line.testRows > 0);
    const finite = report.lines.map((l) => l.threshold).filter((x) => x <= 1);
    const xMax = Math.min(1, Math.max(0.05, 2 * Math.max(report.ruleThreshold, ...finite)));
    const xs = Array.from({ length: 121 }, (_, i) => (xMax * i) / 120);
    const series = shown.map(({ code }) => {
      const rows = Array.from(codes.keys()).filter((i) => codes[i] === code);
      const curve = ProfitCurve.fromScores(
        rows.map((i) => scores[i] ?? 0),
        rows.map((i) => labels[i] ?? 0),
      );
      return xs.map((x) => curve.at(x, payoffs).profit);
    });
    // Framed as the decision charts are: from the best down to as far below zero as half of it.
    const top = Math.max(0, ...series.flat());
    const yRange: [number, number] | undefined = top > 0 ? [-0.5 * top, 1.1 * top] : undefined;
    return { xs, series, shown, xMax, yRange };
  }, [data, outOfSample, report, column, payoffs]);

  const money = (value: number) => formatMoney(language, value);
  if (chart === null) return null;
  return (
    <Chart
      // Another column or language: other series names, so a chart of its own.
      key={`${String(column)}-${language}`}
      title={t('segmentsChart')}
      data={[chart.xs, ...chart.series]}
      xLabel={t('threshold')}
      yLabel="R$"
      xRange={[0, chart.xMax]}
      {...(chart.yRange !== undefined ? { yRange: chart.yRange } : {})}
      yFormat={money}
      series={chart.shown.map(({ line, code }) => ({
        label: wording(line.name, language),
        stroke: segmentColor(code),
        width: 2,
      }))}
      markers={chart.shown
        .filter(({ line }) => line.threshold <= 1)
        .map(({ line, code }) => ({
          x: line.threshold,
          color: segmentColor(code),
          label: t('markerSegment', { segment: wording(line.name, language) }),
        }))}
    />
  );
}
