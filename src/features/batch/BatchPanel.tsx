/** Batch scoring: upload a CSV, watch it parse and score in the worker, review problems, export. */
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useAppStore, useClient, useDecisionRule, useT } from '../../shared/context';
import {
  fileRefusal,
  formatMoney,
  formatNumber,
  formatPercent,
  rowReason,
} from '../../shared/i18n';
import { isWarning } from '../../core/records';
import { decisionsCsv, rankDecisions } from './decisions';

const ROW_HEIGHT = 28;
const VISIBLE = 16;

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
  const [scrollTop, setScrollTop] = useState(0);

  const rows = useMemo(
    () =>
      batch.result === null
        ? []
        : rankDecisions(batch.result.ids, batch.result.probabilities, threshold, payoffs),
    [batch.result, threshold, payoffs],
  );

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
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

  const first = Math.floor(scrollTop / ROW_HEIGHT);
  const visible = rows.slice(first, first + VISIBLE + 2);
  return (
    <section aria-labelledby="batch-title" className="panel">
      <h2 id="batch-title">{t('batchTitle')}</h2>
      <label>
        {t('chooseFile')}
        <input
          type="file"
          accept=".csv,.gz,text/csv,application/gzip"
          onChange={choose}
          disabled={!ready || batch.status === 'running'}
        />
      </label>
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
          {batch.result.drift.length > 0 && (
            <p className={batch.result.drift.some((d) => d.psi > 0.25) ? 'note' : ''} role="note">
              {t(batch.result.drift.some((d) => d.psi > 0.25) ? 'driftWarning' : 'driftOk')}{' '}
              {batch.result.drift
                .map((d) => `${d.column} ${formatNumber(language, d.psi, 2)}`)
                .join(' · ')}
            </p>
          )}
          <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
            {t('export')}
          </button>
          {batch.result.issues.length > 0 && (
            <details open>
              <summary>{t('problems')}</summary>
              <table aria-label={t('problems')}>
                <thead>
                  <tr>
                    <th scope="col">{t('row')}</th>
                    <th scope="col" className="text">
                      {t('column')}
                    </th>
                    <th scope="col" className="text">
                      {t('outcome')}
                    </th>
                    <th scope="col" className="text">
                      {t('reason')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {batch.result.issues.slice(0, 200).map((issue, index) => (
                    <tr key={`${issue.row}-${issue.column ?? ''}-${index}`}>
                      <td>{issue.row}</td>
                      <td className="text">{issue.column ?? '—'}</td>
                      <td className="text">
                        {t(isWarning(issue.problem) ? 'outcomeWarning' : 'outcomeSkipped')}
                      </td>
                      <td className="text">{rowReason(t, issue.problem, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          <h3>{t('results')}</h3>
          <div
            className="virtual"
            style={{ height: ROW_HEIGHT * VISIBLE }}
            onScroll={(e) => {
              setScrollTop(e.currentTarget.scrollTop);
            }}
            tabIndex={0}
          >
            <table aria-label={t('results')} aria-rowcount={rows.length + 1}>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('id')}</th>
                  <th scope="col">{t('probability')}</th>
                  <th scope="col">{t('decision')}</th>
                  <th scope="col">{t('expectedValue')}</th>
                </tr>
              </thead>
              <tbody>
                <tr style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />
                {visible.map((row, i) => (
                  <tr key={row.id} style={{ height: ROW_HEIGHT }} aria-rowindex={first + i + 2}>
                    <td>{first + i + 1}</td>
                    <td>{row.id}</td>
                    <td>{formatPercent(language, row.probability, 2)}</td>
                    <td>{row.contact ? t('contact') : t('skip')}</td>
                    <td>{formatMoney(language, row.expectedValue, 2)}</td>
                  </tr>
                ))}
                <tr
                  style={{ height: Math.max(0, rows.length - first - visible.length) * ROW_HEIGHT }}
                  aria-hidden="true"
                />
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
