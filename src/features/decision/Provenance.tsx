/** Which model answers and which portfolio: the model's training date, file and data hash, its registry entry, and the portfolio's size and date. */
import { useAppStore, useT } from '../../shared/context';
import { formatDate, formatNumber } from '../../shared/i18n';

/**
 * With `plain` (the printed report), in words for a meeting: the training date and file, the
 * registry version when there is one, the portfolio; the data hash and the run stay in "Detalhes".
 */
export function Provenance(props: { readonly testId?: string; readonly plain?: boolean }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const metrics = useAppStore((s) => s.metrics);
  const registry = useAppStore((s) => s.registry);
  const count = useAppStore((s) => s.header?.count ?? 0);
  const createdAt = useAppStore((s) => s.header?.createdAt ?? null);
  if (metrics === null) return null;
  if (props.plain === true) {
    return (
      <p className="provenance" data-testid={props.testId}>
        {t('provenanceModelPlain', {
          date: formatDate(language, metrics.createdAt),
          file: metrics.data.file,
        })}{' '}
        {registry !== null &&
          `${t('provenanceRegistryPlain', { name: registry.name, version: registry.version })} `}
        {createdAt !== null &&
          t('provenancePortfolio', {
            count: formatNumber(language, count),
            date: formatDate(language, createdAt),
          })}
      </p>
    );
  }
  return (
    <p className="provenance" data-testid={props.testId}>
      {t('provenanceModel', {
        date: formatDate(language, metrics.createdAt),
        file: metrics.data.file,
        hash: metrics.data.hash,
      })}{' '}
      {registry === null
        ? t('provenanceLocal')
        : t('provenanceRegistry', {
            name: registry.name,
            version: registry.version,
            run: registry.runId ?? '—',
          })}{' '}
      {createdAt !== null &&
        t('provenancePortfolio', {
          count: formatNumber(language, count),
          date: formatDate(language, createdAt),
        })}
    </p>
  );
}
