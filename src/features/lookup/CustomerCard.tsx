/**
 * One customer's answer: the churn probability, the decision at the rule in force, the value of
 * acting, the rank in the portfolio and what drives the probability. Shown above every tab while
 * a customer is looked up; closing it forgets the lookup.
 */
import { expectedGainOfContact } from '../../core/decision';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { useDecisionRule } from '../decision/useDecisionRule';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { portfolioPosition } from './portfolioPosition';

export function CustomerCard() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const lookup = useAppStore((s) => s.lookup);
  const setLookup = useAppStore((s) => s.setLookup);
  const payoffs = useAppStore((s) => s.payoffs);
  const snapshot = useAppStore((s) => s.snapshot);
  const { threshold } = useDecisionRule();

  const result = lookup.result?.found === true ? lookup.result : null;
  // In the portfolio, the customer's portfolio probability decides and ranks, as in the contact list.
  const position =
    result !== null && snapshot !== null ? portfolioPosition(snapshot, result.id) : null;
  const probability = position?.probability ?? result?.probability ?? Number.NaN;
  const maxDelta = Math.max(1e-9, ...(result?.contributions ?? []).map((c) => Math.abs(c.delta)));
  if (result === null) return null;
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
            {formatPercent(language, probability, 2)}
          </dd>
        </div>
        <div>
          <dt>{t('decision')}</dt>
          <dd data-testid="lookup-decision">
            {probability >= threshold ? t('contact') : t('skip')}
          </dd>
        </div>
        <div>
          <dt>{t('valueOfActing')}</dt>
          <dd>{formatMoney(language, expectedGainOfContact(probability, payoffs), 2)}</dd>
        </div>
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
            <span className="name">
              {c.column} ={' '}
              {typeof c.value === 'number' && !Number.isNaN(c.value)
                ? formatNumber(language, c.value, 2)
                : typeof c.value === 'string'
                  ? c.value
                  : t('missingValue')}
            </span>
            <span
              className={`bar ${c.delta >= 0 ? 'up' : 'down'}`}
              style={{ width: `${(Math.abs(c.delta) / maxDelta) * 100}%` }}
            />
            <span className="delta">
              {c.delta >= 0 ? '+' : '−'}
              {formatNumber(language, Math.abs(c.delta) * 100, 2)} p.p.
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
