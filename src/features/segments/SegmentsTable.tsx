/** The per-segment plan on the evaluation rows: each segment's threshold, rows, churners, contacts and profit. */
import type { SegmentReport } from '../../core/segments';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber } from '../../shared/i18n';
import { segmentColor, useSegmentWording } from './segmentWording';

export function SegmentsTable(props: {
  /** The segmenting column's name. */
  readonly column: string;
  readonly lines: SegmentReport['lines'];
}) {
  const t = useT();
  const wording = useSegmentWording();
  const language = useAppStore((s) => s.language);
  const money = (value: number) => formatMoney(language, value);
  const rowsOf = (n: number) => formatNumber(language, n);
  const threshold = (value: number) => (value > 1 ? '—' : formatNumber(language, value, 4));
  return (
    // A region of its own: a keyboard can reach it and scroll it on a narrow screen.
    <div className="scroll-x" role="region" tabIndex={0} aria-label={t('segmentsTable')}>
      <table className="segments" aria-label={t('segmentsTable')} data-testid="segments-table">
        <thead>
          <tr>
            <th scope="col" className="text">
              {props.column}
            </th>
            <th scope="col">{t('segmentsThreshold')}</th>
            <th scope="col">{t('segmentsTestRows')}</th>
            <th scope="col">{t('segmentsChurners')}</th>
            <th scope="col">{t('segmentsContacts')}</th>
            <th scope="col">{t('segmentsProfitShort')}</th>
            <th scope="col">{t('segmentsRuleShort')}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((line, code) =>
            line.testRows === 0 && line.developmentRows === 0 ? null : (
              <tr key={code}>
                <th scope="row" className="text">
                  <span
                    className="swatch"
                    style={{ background: segmentColor(code) }}
                    aria-hidden="true"
                  />
                  {wording(line.name, language)}
                </th>
                <td>{threshold(line.threshold)}</td>
                <td>{rowsOf(line.testRows)}</td>
                <td>{rowsOf(line.testChurners)}</td>
                <td>{rowsOf(line.testContacts)}</td>
                <td>{money(line.testProfit)}</td>
                <td>{money(line.testProfitRule)}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
