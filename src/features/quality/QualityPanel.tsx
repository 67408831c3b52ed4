/** Model quality: ROC, precision–recall, calibration, score histogram and gains, with their source. */
import { useMemo } from 'react';
import { qualityCurves, scoreHistogram } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber, formatPercent } from '../../shared/i18n';
import { OutOfSampleStatus } from '../../shared/ui/OutOfSampleStatus';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';
import { ModelCard } from './ModelCard';
import { PALETTE } from '../../shared/ui/palette';
import { Chart } from '../../shared/ui/Chart';

export function QualityPanel() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const rows = useOutOfSampleRows();
  const charts = useMemo(() => {
    if (metrics === null || rows === null) return null;
    const { scores, labels } = rows;
    const curves = qualityCurves(scores, labels);
    const histogram = scoreHistogram(scores, labels, 40);
    // Each class as a share of its own customers, so that the few churners read beside the many.
    const share = (counts: ArrayLike<number>) => {
      const total = Array.from(counts).reduce((sum, n) => sum + n, 0);
      return Array.from(counts, (n) => (total > 0 ? n / total : 0));
    };
    return {
      curves,
      histogram: {
        edges: histogram.edges,
        others: share(histogram.others),
        churners: share(histogram.churners),
      },
      calibration: metrics.test.calibration,
    };
  }, [metrics, rows]);
  if (metrics === null) return null;
  const percent = (value: number) => formatPercent(language, value, 0);
  // Calibration ticks are close together (most customers are below 20%): one decimal.
  const percentFine = (value: number) => formatPercent(language, value, 1);
  const test = metrics.test;
  return (
    <section aria-labelledby="quality-title" className="panel">
      <h2 id="quality-title">{t('qualityTitle')}</h2>
      <p>
        {t(`qualitySource_${metrics.outOfSample.source}`, {
          rows: formatNumber(language, test.rows),
        })}
      </p>
      <dl className="figures">
        <div>
          <dt>{t('metricAuc')}</dt>
          <dd>{formatNumber(language, test.auc, 4)}</dd>
        </div>
        <div>
          <dt>{t('metricPrAuc')}</dt>
          <dd>{formatNumber(language, test.prAuc, 4)}</dd>
        </div>
        <div>
          <dt>{t('metricLogLoss')}</dt>
          <dd>{formatNumber(language, test.logLoss, 4)}</dd>
        </div>
        <div>
          <dt>{t('metricBrier')}</dt>
          <dd>{formatNumber(language, test.brier, 5)}</dd>
        </div>
      </dl>
      <OutOfSampleStatus />
      {charts !== null && (
        <div className="grid">
          <Chart
            title={t('roc')}
            data={[charts.curves.roc.x, charts.curves.roc.y, charts.curves.roc.x]}
            xLabel={t('rocX')}
            yLabel={t('rocY')}
            series={[
              { label: 'ROC', stroke: PALETTE.model, width: 2 },
              { label: t('referenceRandom'), stroke: PALETTE.reference, dash: [4, 4] },
            ]}
            xRange={[0, 1]}
            yRange={[0, 1]}
          />
          <Chart
            title={t('pr')}
            data={[charts.curves.pr.x, charts.curves.pr.y]}
            xLabel={t('recall')}
            yLabel={t('precision')}
            series={[{ label: t('precision'), stroke: PALETTE.model, width: 2 }]}
            xRange={[0, 1]}
            yRange={[0, 1]}
          />
          <Chart
            title={t('calibration')}
            data={[
              charts.calibration.map((b) => b.meanPredicted),
              charts.calibration.map((b) => b.observedRate),
              charts.calibration.map((b) => b.meanPredicted),
            ]}
            xLabel={t('predictedProbability')}
            yLabel={t('observedChurnRate')}
            xFormat={percentFine}
            yFormat={percentFine}
            series={[
              { label: t('calibration'), stroke: PALETTE.model, width: 2, points: { show: true } },
              { label: t('referencePerfect'), stroke: PALETTE.reference, dash: [4, 4] },
            ]}
          />
          <Chart
            title={t('histogram')}
            data={[charts.histogram.edges, charts.histogram.others, charts.histogram.churners]}
            xLabel={t('predictedProbability')}
            yLabel={t('shareOfClass')}
            xFormat={percent}
            yFormat={percent}
            series={[
              { label: t('actualLoyal'), stroke: PALETTE.loyal },
              { label: t('actualChurner'), stroke: PALETTE.churner },
            ]}
            xRange={[0, 1]}
          />
          <Chart
            title={t('gains')}
            data={[charts.curves.gains.x, charts.curves.gains.y, charts.curves.gains.x]}
            xLabel={t('contacted')}
            yLabel={t('recall')}
            series={[
              { label: t('gains'), stroke: PALETTE.model, width: 2 },
              { label: t('referenceRandom'), stroke: PALETTE.reference, dash: [4, 4] },
            ]}
            xRange={[0, 1]}
            yRange={[0, 1]}
          />
        </div>
      )}
      <ModelCard />
    </section>
  );
}
