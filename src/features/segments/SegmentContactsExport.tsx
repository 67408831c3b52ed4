/** The installed portfolio's contacts under the per-segment thresholds, exported by the worker as CSV. */
import { useState } from 'react';
import type { SegmentColumn } from '../../core/segments';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { useClient } from '../inference/clientContext';

export function SegmentContactsExport(props: {
  readonly definition: SegmentColumn;
  /** Each segment's threshold, by segment code. */
  readonly thresholds: readonly number[];
}) {
  const { definition } = props;
  const t = useT();
  const client = useClient();
  const language = useAppStore((s) => s.language);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const portfolioCount = useAppStore((s) => s.snapshot?.probabilities.length ?? 0);
  const [exported, setExported] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; count: number } | { status: 'failed' }
  >({ status: 'idle' });
  if (client === null) return null;
  const rowsOf = (n: number) => formatNumber(language, n);
  return (
    <p className="row">
      <button
        type="button"
        disabled={exported.status === 'running'}
        onClick={() => {
          setExported({ status: 'running' });
          client
            .segmentContacts(definition, props.thresholds, payoffs, capacity)
            .then((result) => {
              downloadCsv(`retem-contatos-${definition.column}.csv`, result.csv);
              setExported({ status: 'done', count: result.count });
            })
            .catch(() => {
              setExported({ status: 'failed' });
            });
        }}
      >
        {t('segmentsExportContacts', { count: rowsOf(portfolioCount) })}
      </button>
      <span role="status" data-testid="segments-contacts">
        {exported.status === 'done' && t('segmentsExported', { count: rowsOf(exported.count) })}
        {exported.status === 'failed' && t('segmentsExportFailed')}
      </span>
    </p>
  );
}
