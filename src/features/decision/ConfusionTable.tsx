/** Contacted or not against churned or not, on the labelled test rows at the threshold. */
import { useT } from '../../shared/context';

export function ConfusionTable(props: {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}) {
  const t = useT();
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
          <td data-testid="tp">{props.tp}</td>
          <td data-testid="fp">{props.fp}</td>
        </tr>
        <tr>
          <th scope="row">{t('notContacted')}</th>
          <td data-testid="fn">{props.fn}</td>
          <td data-testid="tn">{props.tn}</td>
        </tr>
      </tbody>
    </table>
  );
}
