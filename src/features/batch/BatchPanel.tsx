/** Batch scoring: upload a CSV, watch it parse and score in the worker, review problems, export. */
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { useMemo, useRef } from 'react';
import { FilePicker } from '../../shared/ui/FilePicker';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';
import { useDecisionRule } from '../decision/useDecisionRule';
import { fileRefusal, formatNumber } from '../../shared/i18n';
import { decisionsCsv, rankDecisions } from './decisions';
import { ExpectedColumns } from './ExpectedColumns';
import { RowProblemsTable } from '../../shared/ui/RowProblemsTable';
import { ScoredRowsTable } from './ScoredRowsTable';

/** How the upload's drift against the training rows is worded, by verdict. */
const DRIFT_WORDS = {
  shifted: 'driftWarning',
  stable: 'driftOk',
  'too-few-rows': 'driftTooFew',
} as const;

export function BatchPanel() {
  const t = useT();
  const client = useClient();
  const language = useAppStore((s) => s.language);
  const batch = useAppStore((s) => s.batch);
  const setBatch = useAppStore((s) => s.setBatch);
  const payoffs = useAppStore((s) => s.payoffs);
  const ready = useAppStore((s) => s.status === 'ready');
  const { threshold } = useDecisionRule();
  const abort = useRef<AbortController | null>(null);

  const rows = useMemo(
    () =>
      batch.result === null
        ? []
        : rankDecisions(batch.result.ids, batch.result.probabilities, threshold, payoffs),
    [batch.result, threshold, payoffs],
  );

  const choose = (files: File[]) => {
    const file = files[0];
    if (file === undefined || client === null) return;
    abort.current = new AbortController();
    setBatch({ status: 'running', fraction: 0, rows: 0, result: null, refusal: null, error: null });
    client
      .scoreFile(
        file,
        (fraction, count) => {
          setBatch({ fraction, rows: count });
        },
        abort.current.signal,
      )
      .then((outcome) => {
        if (outcome.kind === 'batch-refused')
          setBatch({ status: 'refused', refusal: outcome.problem });
        else setBatch({ status: 'done', fraction: 1, result: outcome });
      })
      .catch((error: unknown) => {
        setBatch({
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
      });
  };

  const exportCsv = () => {
    downloadCsv('retem-decisoes.csv', decisionsCsv(rows));
  };

  return (
    <section aria-labelledby="batch-title" className="panel">
      <h2 id="batch-title">{t('batchTitle')}</h2>
      <FilePicker
        label={t('chooseFile')}
        button={t('chooseFileButton')}
        accept=".csv,.gz,text/csv,application/gzip"
        onFiles={choose}
        disabled={!ready || batch.status === 'running'}
      />
      {batch.status === 'idle' && <ExpectedColumns />}
      {batch.status === 'running' && (
        <div>
          <progress
            aria-label={t('parsing', { rows: batch.rows })}
            max={1}
            value={batch.fraction}
          />
          <span>{t('parsing', { rows: formatNumber(language, batch.rows) })}</span>
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        </div>
      )}
      {batch.status === 'refused' && batch.refusal !== null && (
        <p role="alert" className="message">
          {fileRefusal(t, batch.refusal)}
        </p>
      )}
      {batch.status === 'failed' && <p role="alert">{batch.error}</p>}
      {batch.result !== null && (
        <>
          <p role="status">
            {t('batchSummary', {
              scored: formatNumber(language, batch.result.ids.length),
              read: formatNumber(language, batch.result.rowsRead),
              issues: formatNumber(language, batch.result.issueCount),
            })}
            {batch.result.warningCount > 0 &&
              ' ' +
                t('batchWarnings', { warnings: formatNumber(language, batch.result.warningCount) })}
          </p>
          {batch.result.drift.columns.length > 0 && (
            <p className={batch.result.drift.verdict === 'shifted' ? 'note' : ''} role="note">
              {t(DRIFT_WORDS[batch.result.drift.verdict], {
                rows: formatNumber(language, batch.result.drift.rows),
              })}{' '}
              {batch.result.drift.columns
                .map((d) => `${d.column} ${formatNumber(language, d.psi, 2)}`)
                .join(' · ')}
            </p>
          )}
          <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
            {t('export')}
          </button>
          {batch.result.issues.length > 0 && (
            <RowProblemsTable
              issues={batch.result.issues}
              total={batch.result.issueCount + batch.result.warningCount}
            />
          )}
          <h3>{t('results')}</h3>
          <ScoredRowsTable rows={rows} />
        </>
      )}
    </section>
  );
}
