/** The per-segment plan's figures on the test rows, against one threshold for everybody. */
import type { SegmentReport } from '../../core/segments';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';

export function SegmentsFigures({ report }: { report: SegmentReport }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const money = (value: number) => formatMoney(language, value);
  const threshold = (value: number) => (value > 1 ? '—' : formatNumber(language, value, 4));
  const { gain } = report;
  return (
    <dl className="figures">
      <div>
        <dt>{t('segmentsProfit')}</dt>
        <dd data-testid="segments-profit" data-value={report.testProfit}>
          {money(report.testProfit)}
        </dd>
      </div>
      <div>
        <dt>{t('segmentsRuleProfit', { threshold: threshold(report.ruleThreshold) })}</dt>
        <dd data-testid="segments-rule-profit" data-value={report.testProfitRule}>
          {money(report.testProfitRule)}
        </dd>
      </div>
      <div>
        <dt>{t('segmentsGain')}</dt>
        <dd data-testid="segments-gain" data-value={gain.observed}>
          {money(gain.observed)}
        </dd>
      </div>
      <div>
        <dt>{t('segmentsGainInterval')}</dt>
        <dd data-testid="segments-gain-interval">
          {money(gain.interval[0])} – {money(gain.interval[1])}
        </dd>
      </div>
      <div>
        <dt>{t('segmentsGainChance')}</dt>
        <dd>{formatPercent(language, gain.probabilityAWins, 0)}</dd>
      </div>
    </dl>
  );
}
