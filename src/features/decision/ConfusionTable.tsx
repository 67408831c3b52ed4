/** Contacted or not against churned or not, on the labelled evaluation rows at the threshold. */
import { useAppStore, useT } from '../../shared/context';
import { formatNumber } from '../../shared/i18n';

export function ConfusionTable(props: {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const cell = (key: 'tp' | 'fp' | 'fn' | 'tn') => (
    <td data-testid={key} data-value={props[key]}>
      {formatNumber(language, props[key])}
    </td>
  );
  return (
    <table aria-label={t('confusion')}>
      <thead>
        <tr>
          <td />
          <th scope="col">{t('actualChurner')}</th>
          <th scope="col">{t('actualLoyal')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t('contacted')}</th>
          {cell('tp')}
          {cell('fp')}
        </tr>
        <tr>
          <th scope="row">{t('notContacted')}</th>
          {cell('fn')}
          {cell('tn')}
        </tr>
      </tbody>
    </table>
  );
}
