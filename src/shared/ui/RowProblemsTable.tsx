/** The rows an upload skipped and the cells it warned of: row, column, outcome and reason. */
import type { RowIssue } from '../../core/records';
import { isWarning } from '../../core/records';
import { useAppStore, useT } from '../../shared/context';
import { rowReason } from '../../shared/i18n';

/** Rows shown: the first of the issues the worker lists. */
const SHOWN = 200;

export function RowProblemsTable({ issues }: { readonly issues: readonly RowIssue[] }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  return (
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
          {issues.slice(0, SHOWN).map((issue, index) => (
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
  );
}
