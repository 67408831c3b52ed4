/** Customer lookup: an ID in, the churn probability, decision, value of acting and what drives it. */
import { useState, type SyntheticEvent } from 'react';
import { parseCustomerKey } from '../../core/records';
import { expectedGainOfContact } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';
import { useDecisionRule } from '../decision/useDecisionRule';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';
import { portfolioPosition } from './portfolioPosition';

export function LookupPanel() {
  const t = useT();
  const client = useClient();
  const language = useAppStore((s) => s.language);
  const lookup = useAppStore((s) => s.lookup);
  const setLookup = useAppStore((s) => s.setLookup);
  const payoffs = useAppStore((s) => s.payoffs);
  const snapshot = useAppStore((s) => s.snapshot);
  const ready = useAppStore((s) => s.lookupsOpen);
  const idKind = useAppStore((s) => s.idKind);
  const { threshold } = useDecisionRule();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const parsed = parseCustomerKey(text, idKind);
    if (!parsed.ok) {
      setMessage(t(`id_${parsed.problem}`));
      setLookup({ pending: false, result: null });
      return;
    }
    setMessage(null);
    if (client === null) return;
    setLookup({ pending: true, result: null });
    client
      .lookup(parsed.value)
      .then((result) => {
        setLookup({ pending: false, result });
        if (!result.found) setMessage(t('unknownId', { id: parsed.value }));
      })
      .catch((error: unknown) => {
        setLookup({ pending: false, result: null });
        setMessage(String(error));
      });
  };

  const result = lookup.result?.found === true ? lookup.result : null;
  // In the portfolio, the customer's portfolio probability decides and ranks, as in the contact list.
  const position =
    result !== null && snapshot !== null ? portfolioPosition(snapshot, result.id) : null;
  const probability = position?.probability ?? result?.probability ?? Number.NaN;
  const maxDelta = Math.max(1e-9, ...(result?.contributions ?? []).map((c) => Math.abs(c.delta)));
  return (
    <section aria-labelledby="lookup-title" className="panel">
      <h2 id="lookup-title">{t('lookupTitle')}</h2>
      <form onSubmit={submit} className="row" noValidate>
        <label>
          {t('customerId')}
          <input
            type="text"
            inputMode={idKind === 'integer' ? 'numeric' : 'text'}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
            aria-invalid={message !== null}
            aria-describedby="lookup-message"
          />
        </label>
        <button type="submit" disabled={!ready || lookup.pending}>
          {t('lookup')}
        </button>
      </form>
      <p id="lookup-message" role="alert" className="message">
        {message ?? ''}
      </p>
      {result !== null && (
        <div
          className="lookup-result"
          aria-live="polite"
          data-testid="lookup-result"
          data-id={result.id}
        >
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
        </div>
      )}
    </section>
  );
}
