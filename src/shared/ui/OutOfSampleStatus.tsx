/**
 * Where the out-of-sample rows stand, in place of what is drawn from them: on their way, or why
 * there are none. Nothing once they are read.
 */
import { useAppStore, useT } from '../context';
import { formatNumber } from '../i18n';

export function OutOfSampleStatus() {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const outOfSample = useAppStore((s) => s.outOfSample);
  const rows = useAppStore((s) => s.metrics?.outOfSample.rows ?? 0);
  if (outOfSample.status === 'ready') return null;
  if (outOfSample.status === 'loading') {
    return (
      <p className="note" role="status" data-testid="out-of-sample-status">
        {t('outOfSampleLoading', { rows: formatNumber(language, rows) })}
      </p>
    );
  }
  const { problem } = outOfSample;
  return (
    <p className="note" role="note" data-testid="out-of-sample-status">
      {problem.code === 'inconsistent'
        ? t('outOfSample_inconsistent', { field: problem.field })
        : t(`outOfSample_${problem.code}`)}
    </p>
  );
}
