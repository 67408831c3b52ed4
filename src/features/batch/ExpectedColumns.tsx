/**
 * The scoring tab before any file: what file it expects (the ID column and the columns the model
 * reads, listed behind a disclosure; its date columns and how their cells must be written) and a
 * header template to fill in.
 */
import { csvField } from '../../core/records';
import { useAppStore, useT } from '../../shared/context';
import { dateFormatWords, formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';

export function ExpectedColumns() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const columns = useAppStore((s) => s.fileColumns);
  if (columns === null) return null;
  const header = [columns.id, ...columns.inputs];
  // One line per format, the columns in the file's order.
  const formats = [...new Set(columns.dates.map((date) => date.rule.format))];
  return (
    <div className="empty-state">
      <p>
        {t('batchExpects', {
          id: columns.id,
          count: formatNumber(language, columns.inputs.length),
        })}
      </p>
      {formats.map((format) => (
        <p key={format} data-testid="expected-dates">
          {t('batchDates', {
            columns: columns.dates
              .filter((date) => date.rule.format === format)
              .map((date) => date.name)
              .join(', '),
            format: dateFormatWords(format, language),
          })}
        </p>
      ))}
      <details>
        <summary>{t('batchColumnsList', { count: formatNumber(language, header.length) })}</summary>
        <p className="column-list">{header.join(', ')}</p>
      </details>
      <button
        type="button"
        onClick={() => {
          downloadCsv(
            t('headerTemplateFile'),
            header.map((name) => csvField(name)).join(',') + '\n',
          );
        }}
      >
        {t('headerTemplate')}
      </button>
    </div>
  );
}
