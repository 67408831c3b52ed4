/**
 * The rows a customer file's reading skipped and the cells it warned of (an upload to score, or a
 * portfolio opened from CSV): row, customer ID, column, outcome and reason, the skipped rows first; a longer
 * list says how much of it is shown, and what a row number counts.
 */
import type { RowIssue } from '../../core/records';
import { isWarning } from '../../core/records';
import { useAppStore, useT } from '../context';
import { formatNumber, rowReason } from '../i18n';

/** Rows shown: the first of the issues the worker lists. */
const SHOWN = 200;

export function RowProblemsTable({
  issues,
  total,
}: {
  /** The issues the worker listed, skipped rows first. */
  readonly issues: readonly RowIssue[];
  /** Every skipped row and warned cell of the upload, listed or not. */
  readonly total: number;
}) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const shown = Math.min(issues.length, SHOWN);
  return (
    <details open>
      <summary>{t('problems')}</summary>
      <p className="hint" data-testid="problems-shown">
        {shown < total
          ? t('problemsShownOf', {
              shown: formatNumber(language, shown),
              total: formatNumber(language, total),
            })
          : ''}
        {t('problemsRowCount')}
      </p>
      <table aria-label={t('problems')}>
        <thead>
          <tr>
            <th scope="col">{t('row')}</th>
            <th scope="col" className="text">
              {t('customerId')}
            </th>
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
          {issues.slice(0, SHOWN).map((issue, index) => (
            <tr key={`${issue.row}-${issue.column ?? ''}-${index}`}>
              <td>{issue.row}</td>
              <td className="text">{issue.id === '' ? '—' : issue.id}</td>
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
  );
}
