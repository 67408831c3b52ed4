/**
 * The customer search in the page's header: an ID in (numeric or text, as the model's IDs are),
 * and why it cannot be looked up when it cannot. The answer shows in CustomerCard.
 */
import { useState, type SyntheticEvent } from 'react';
import { parseCustomerKey } from '../../core/records';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';

export function CustomerSearch() {
  const t = useT();
  const client = useClient();
  const lookup = useAppStore((s) => s.lookup);
  const setLookup = useAppStore((s) => s.setLookup);
  const ready = useAppStore((s) => s.lookupsOpen);
  const idKind = useAppStore((s) => s.idKind);
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

  return (
    <form onSubmit={submit} className="customer-search" role="search" noValidate>
      <input
        type="search"
        aria-label={t('customerId')}
        placeholder={t('searchPlaceholder')}
        inputMode={idKind === 'integer' ? 'numeric' : 'text'}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
        }}
        aria-invalid={message !== null}
        aria-describedby={message === null ? undefined : 'lookup-message'}
      />
      <button type="submit" disabled={!ready || lookup.pending}>
        {t('lookup')}
      </button>
      {message !== null && (
        <p id="lookup-message" role="alert" className="message">
          {message}
        </p>
      )}
    </form>
  );
}
