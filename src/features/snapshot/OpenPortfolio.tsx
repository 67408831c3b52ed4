/**
 * Opening a portfolio from the analyst's disk: a snapshot file made by `npm run snapshot` (or all
 * the part files of a large one, picked together), or a customer CSV turned into one in the worker, is installed into this browser's IndexedDB and
 * answers from then on; it never leaves the machine.
 */
import { useState } from 'react';
import { FilePicker } from '../../shared/ui/FilePicker';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';
import { fileRefusal, formatNumber } from '../../shared/i18n';
import { RowProblemsTable } from '../../shared/ui/RowProblemsTable';
import type { RowIssue } from '../../core/records';
import type { PortfolioProblem } from '../inference/protocol';

export function OpenPortfolio() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const client = useClient();
  const [problem, setProblem] = useState<PortfolioProblem | null>(null);
  const [rows, setRows] = useState<{
    skipped: number;
    warnings: number;
    issues: readonly RowIssue[];
  } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [valueColumn, setValueColumn] = useState('');

  const choose = (files: File[]) => {
    if (client === null) return;
    setBusy(true);
    setProblem(null);
    setRows(null);
    setFailure(null);
    client
      .openPortfolio(files, valueColumn.trim() === '' ? null : valueColumn.trim())
      .then((outcome) => {
        setProblem(outcome.problem);
        setRows({ skipped: outcome.skipped, warnings: outcome.warnings, issues: outcome.issues });
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
      <FilePicker
        label={t('openPortfolio')}
        button={t('openPortfolioButton')}
        accept=".snapshot,.gz,.csv,text/csv"
        multiple
        onFiles={choose}
        disabled={busy}
        sayNoneChosen={false}
      />
      <input
        type="text"
        className="value-column"
        aria-label={t('portfolioValueColumn')}
        placeholder={t('portfolioValueColumnHint')}
        value={valueColumn}
        disabled={busy}
        onChange={(e) => {
          setValueColumn(e.target.value);
        }}
      />
      {problem !== null && (
        <p role="alert" className="message">
          {problem.code === 'file'
            ? fileRefusal(t, problem.problem)
            : t(`portfolio_${problem.code}`, { ...problem })}
        </p>
      )}
      {problem === null && rows !== null && rows.skipped + rows.warnings > 0 && (
        <>
          <p role="status">
            {t('portfolioRows', {
              skipped: formatNumber(language, rows.skipped),
              warnings: formatNumber(language, rows.warnings),
            })}
          </p>
          {rows.issues.length > 0 && (
            <RowProblemsTable issues={rows.issues} total={rows.skipped + rows.warnings} />
          )}
        </>
      )}
      {failure !== null && (
        <p role="alert" className="message">
          {failure}
        </p>
      )}
    </div>
  );
}
