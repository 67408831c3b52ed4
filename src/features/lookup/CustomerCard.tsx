/**
 * One customer's answer: the churn probability, the decision at the rule in force, the value of
 * acting, the rank in the portfolio and what drives the probability. Shown above every tab while
 * a customer is looked up; closing it forgets the lookup.
 */
import { expectedGainOfContact, expectedGainWithValue } from '../../core/decision';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { useDecisionRule } from '../decision/useDecisionRule';
import { usePortfolioAnswer } from '../decision/usePortfolioAnswer';
import { useColumnLabel } from '../inference/columnLabels';
import {
  formatCellValue,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPercentApart,
} from '../../shared/i18n';
import { portfolioIndexOf, portfolioPosition } from './portfolioPosition';

export function CustomerCard() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const lookup = useAppStore((s) => s.lookup);
  const setLookup = useAppStore((s) => s.setLookup);
  const payoffs = useAppStore((s) => s.payoffs);
  const snapshot = useAppStore((s) => s.snapshot);
  const rule = useDecisionRule();
  const answer = usePortfolioAnswer(rule);
  const valueShare = useAppStore((s) => s.valueShare);
  const label = useColumnLabel();

  const result = lookup.result?.found === true ? lookup.result : null;
  // In the portfolio, the customer's portfolio probability decides and ranks, as in the contact list.
  const position =
    result !== null && snapshot !== null ? portfolioPosition(snapshot, result.id) : null;
  const probability = position?.probability ?? result?.probability ?? Number.NaN;
  const maxDelta = Math.max(1e-9, ...(result?.contributions ?? []).map((c) => Math.abs(c.delta)));
  if (result === null) return null;
  // By value: the customer's own value and gain, contacted when among the rule's first contacts.
  const index =
    answer?.ranking != null && snapshot !== null ? portfolioIndexOf(snapshot, result.id) : -1;
  const value = index >= 0 ? (snapshot?.values?.[index] ?? Number.NaN) : Number.NaN;
  const byValue = index >= 0 && answer?.ranking != null;
  const contact = byValue
    ? answer.ranking.order.indexOf(index) < answer.contacted
    : probability >= rule.threshold;
  const gain = byValue
    ? expectedGainWithValue(probability, value, payoffs, valueShare)
    : expectedGainOfContact(probability, payoffs);
  return (
    <section
      className="panel lookup-result"
      aria-labelledby="customer-title"
      aria-live="polite"
      data-testid="lookup-result"
      data-id={result.id}
    >
      <div className="card-heading">
        <h2 id="customer-title">{t('customerTitle', { id: String(result.id) })}</h2>
        <button
          type="button"
          onClick={() => {
            setLookup({ pending: false, result: null });
          }}
        >
          {t('close')}
        </button>
      </div>
      <dl className="figures">
        <div>
          <dt>{t('probability')}</dt>
          <dd data-testid="lookup-probability" data-value={probability}>
            {byValue
              ? formatPercent(language, probability, 2)
              : formatPercentApart(language, probability, rule.threshold, 2)}
          </dd>
        </div>
        <div>
          <dt>{t('decision')}</dt>
          <dd data-testid="lookup-decision">{contact ? t('contact') : t('skip')}</dd>
        </div>
        <div>
          <dt>{t('valueOfActing')}</dt>
          <dd data-testid="lookup-gain" data-value={gain}>
            {formatMoney(language, gain, 2)}
          </dd>
        </div>
        {byValue && (
          <div>
            <dt>{t('customerValue')}</dt>
            <dd data-testid="lookup-value" data-value={value}>
              {Number.isFinite(value) ? formatMoney(language, value, 2) : t('missingValue')}
            </dd>
          </div>
        )}
        {position !== null && snapshot !== null && (
          <div>
            <dt>{t('rank')}</dt>
            <dd data-testid="lookup-rank" data-value={position.rank}>
              {t('rankValue', {
                rank: formatNumber(language, position.rank),
                count: formatNumber(language, snapshot.curve.count),
                percentile: formatNumber(language, position.percentile, 1),
              })}
            </dd>
          </div>
        )}
      </dl>
      <h3>{t('contributions')}</h3>
      <Explained>
        <p>{t('contributionsHow')}</p>
      </Explained>
      <ul className="contributions">
        {result.contributions.map((c) => (
          <li key={c.column}>
            <span className="name" title={c.column}>
              {label(c.column)} ={' '}
              {typeof c.value === 'number' && !Number.isNaN(c.value)
                ? formatCellValue(language, c.value)
                : typeof c.value === 'string'
                  ? c.value
                  : t('missingValue')}
            </span>
            <span
              className={`bar ${c.delta >= 0 ? 'up' : 'down'}`}
              style={{ width: `${(Math.abs(c.delta) / maxDelta) * 100}%` }}
            />
            <span className="delta">
              {c.delta > 0 ? '+' : c.delta < 0 ? '−' : ''}
              {formatNumber(language, Math.abs(c.delta) * 100, 2)} p.p.
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
