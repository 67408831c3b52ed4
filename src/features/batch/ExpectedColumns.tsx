/**
 * The scoring tab before any file: what file it expects (the ID column and the columns the model
 * reads, listed behind a disclosure) and a header template to fill in.
 */
import { csvField } from '../../core/records';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';

export function ExpectedColumns() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const columns = useAppStore((s) => s.fileColumns);
  if (columns === null) return null;
  const header = [columns.id, ...columns.inputs];
  return (
    <div className="empty-state">
      <p>
        {t('batchExpects', {
          id: columns.id,
          count: formatNumber(language, columns.inputs.length),
        })}
      </p>
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
