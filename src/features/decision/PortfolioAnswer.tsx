/**
 * The portfolio's answer under the rule in force: whom to contact, the expected profit, the
 * recommended cut when a hand-set threshold differs from it, and the contact list to export.
 */
import type { AppliedRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { contactListCsv } from './contactList';

export function PortfolioAnswer(props: {
  readonly rule: AppliedRule;
  /** The best cut within the capacity, whatever the threshold set by hand. */
  readonly best: AppliedRule;
}) {
  const { rule, best } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const hand = useAppStore((s) => s.handThreshold);
  if (snapshot === null) return null;
  return (
    <div>
      <h3>{t('snapshotTitle', { count: formatNumber(language, snapshot.curve.count) })}</h3>
      <dl className="figures">
        <div>
          <dt>{t('toContact')}</dt>
          <dd data-testid="snapshot-contacts" data-value={rule.contacted}>
            {formatNumber(language, rule.contacted)}
          </dd>
        </div>
        <div>
          <dt>{t('expectedProfit')}</dt>
          <dd data-testid="snapshot-profit" data-value={rule.expectedProfit}>
            {formatMoney(language, rule.expectedProfit)}
          </dd>
        </div>
        {hand !== null && best.contacted !== rule.contacted && (
          <div>
            <dt>{t('recommendedTitle')}</dt>
            <dd data-testid="recommended-profit" data-value={best.expectedProfit}>
              {t('recommendedAt', {
                profit: formatMoney(language, best.expectedProfit),
                contacted: formatNumber(language, best.contacted),
                threshold: formatNumber(language, Math.min(best.threshold, 1), 4),
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
            rule.threshold,
            payoffs,
            snapshot.labels,
          );
          downloadCsv(t('contactListFile'), csv);
        }}
      >
        {t('exportContacts', { count: formatNumber(language, rule.contacted) })}
      </button>
    </div>
  );
}
