/**
 * The model card in the interface's language, from metrics.json: the data it learnt from (and the
 * day its date columns count to), how its figures were measured and what they are; the training's
 * own card (English markdown, with every technical detail) folds away behind "Detalhes".
 */
import { useAppStore, useT } from '../../shared/context';
import { formatDate, formatDay, formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { Explained } from '../../shared/ui/Explained';

export function ModelCard() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const card = useAppStore((s) => s.card);
  const fileColumns = useAppStore((s) => s.fileColumns);
  if (metrics === null) return null;
  const { data, split, test, payoffs } = metrics;
  const money = (value: number) => formatMoney(language, value);
  const facts: [string, string][] = [
    [
      t('cardData'),
      t('cardDataValue', {
        file: data.file,
        date: formatDate(language, metrics.createdAt),
        rows: formatNumber(language, data.rowsUsed),
        churners: formatNumber(language, data.positives),
        share: formatPercent(language, data.positives / Math.max(data.rowsUsed, 1), 1),
        target: data.target.column,
        positive: data.target.positive,
      }),
    ],
    [
      t('cardTestRows'),
      t(`cardTestRowsValue_${metrics.outOfSample.source}`, {
        rows: formatNumber(language, metrics.outOfSample.rows),
        share: formatPercent(language, split.testFraction, 0),
      }),
    ],
    [
      t('cardQuality'),
      t('cardQualityValue', {
        auc: formatNumber(language, test.auc, 3),
        logLoss: formatNumber(language, test.logLoss, 3),
        calibration: formatPercent(language, test.expectedCalibrationError, 1),
      }),
    ],
    [
      t('cardThreshold'),
      t('cardThresholdValue', {
        threshold: formatNumber(language, metrics.threshold.threshold, 3),
      }),
    ],
    [t('cardPayoffs'), t('cardPayoffsValue', { tp: money(payoffs.tp), fp: money(0 - payoffs.fp) })],
  ];
  // Every date column of a model counts to the same day: the training file's latest date.
  const dates = fileColumns?.dates ?? [];
  const reference = dates[0]?.rule.reference;
  if (reference !== undefined)
    facts.splice(1, 0, [
      t('cardDates'),
      t('cardDatesValue', {
        columns: dates.map((date) => date.name).join(', '),
        reference: formatDay(language, reference),
      }),
    ]);
  return (
    <section aria-labelledby="card-title">
      <h3 id="card-title">{t('modelCard')}</h3>
      <dl className="model-card" data-testid="model-card">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Explained summary={t('details')}>
        <pre className="card">{card}</pre>
      </Explained>
    </section>
  );
}
