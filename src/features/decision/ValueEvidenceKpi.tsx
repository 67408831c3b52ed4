/**
 * The evidence on the evaluation rows when ranking by value: what contacting by each customer's value earned
 * against contacting the most likely churners, as many of each, on the rows no part of the model
 * saw, with the paired-bootstrap interval of the difference. Shown when training recorded each
 * evaluation row's value (`npm run train -- --value-column`).
 */
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber } from '../../shared/i18n';
import { Explained } from '../../shared/ui/Explained';
import { Kpi } from '../../shared/ui/Kpi';
import { useValueEvidence } from './useValueEvidence';

export function ValueEvidenceKpi() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const evidence = useValueEvidence();
  if (evidence === null) return null;
  const money = (value: number) => formatMoney(language, value);
  const { difference } = evidence;
  return (
    <Kpi
      label={t('kpiValueEvidence', { count: formatNumber(language, evidence.contacted) })}
      value={(difference.observed > 0 ? '+' : '') + money(difference.observed)}
      testId="value-evidence"
      raw={difference.observed}
      detail={
        <span
          data-testid="value-evidence-detail"
          data-by-value={evidence.byValue}
          data-by-probability={evidence.byProbability}
          data-low={difference.interval[0]}
          data-high={difference.interval[1]}
        >
          {t('kpiValueEvidenceDetail', {
            byValue: money(evidence.byValue),
            byProbability: money(evidence.byProbability),
            low: money(difference.interval[0]),
            high: money(difference.interval[1]),
          })}
        </span>
      }
    >
      <Explained>
        <p>{t('valueEvidenceNote', { column: metrics?.outOfSample.valueColumn ?? '' })}</p>
      </Explained>
    </Kpi>
  );
}
