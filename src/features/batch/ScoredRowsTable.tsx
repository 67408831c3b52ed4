/**
 * The scored rows, most valuable contact first, as a virtual table: only the rows in view are in
 * the page, whatever the file's size.
 */
import { useState } from 'react';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatPercent } from '../../shared/i18n';
import type { DecisionRow } from './decisions';

const ROW_HEIGHT = 28;
const VISIBLE = 16;

export function ScoredRowsTable({ rows }: { readonly rows: readonly DecisionRow[] }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.floor(scrollTop / ROW_HEIGHT);
  const visible = rows.slice(first, first + VISIBLE + 2);
  return (
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
            <th scope="col">{t('decisionShort')}</th>
            <th scope="col" title={t('expectedValueHint')}>
              {t('expectedValue')}
            </th>
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
  );
}
