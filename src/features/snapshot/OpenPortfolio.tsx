/**
 * Opening a portfolio from the analyst's disk: a snapshot file made by `npm run snapshot` is
 * installed into this browser's IndexedDB and answers from then on; it never leaves the machine.
 */
import { useState, type ChangeEvent } from 'react';
import { useClient, useT } from '../../shared/context';
import type { PortfolioProblem } from '../inference/protocol';

export function OpenPortfolio() {
  const t = useT();
  const client = useClient();
  const [problem, setProblem] = useState<PortfolioProblem | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined || client === null) return;
    setBusy(true);
    setProblem(null);
    setFailure(null);
    client
      .openPortfolio(file)
      .then((outcome) => {
        setProblem(outcome.problem);
      })
      .catch((error: unknown) => {
        setFailure(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <div className="open-portfolio">
      <label>
        {t('openPortfolio')}{' '}
        <input type="file" accept=".snapshot,.gz" onChange={choose} disabled={busy} />
      </label>
      {problem !== null && (
        <p role="alert" className="message">
          {t(`portfolio_${problem.code}`, { ...problem })}
        </p>
      )}
      {failure !== null && (
        <p role="alert" className="message">
          {failure}
        </p>
      )}
    </div>
  );
}
