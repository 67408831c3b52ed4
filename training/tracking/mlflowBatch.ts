/** Batched logging within MLflow's per-call limits: keys, cut values, and batches split to fit. */
import { LOG_BATCH_LIMITS, type KeyValue, type Metric } from './mlflowTypes';

export const KEY_PATTERN = /^[/\w.\- :]*$/;

const TRUNCATED = '…[truncated]';

/** Cuts a value to exactly max characters, marking the cut. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - TRUNCATED.length) + TRUNCATED;
}

/**
 * Splits a batch into payloads that respect every per-call limit: 1000 metrics, 100 params,
 * 100 tags, 1000 items and about 1 MB each. Order is kept.
 */
export function chunkBatch(
  metrics: readonly Metric[],
  params: readonly KeyValue[],
  tags: readonly KeyValue[],
): { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] }[] {
  const chunks: { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] }[] = [];
  let current = { metrics: [] as Metric[], params: [] as KeyValue[], tags: [] as KeyValue[] };
  let bytes = 0;
  const budget = LOG_BATCH_LIMITS.bytes - 10_000;
  const flush = () => {
    if (current.metrics.length + current.params.length + current.tags.length > 0)
      chunks.push(current);
    current = { metrics: [], params: [], tags: [] };
    bytes = 0;
  };
  const add = (kind: 'metrics' | 'params' | 'tags', item: Metric | KeyValue, limit: number) => {
    const size = JSON.stringify(item).length + 1;
    const items = current.metrics.length + current.params.length + current.tags.length;
    if (current[kind].length >= limit || items >= LOG_BATCH_LIMITS.total || bytes + size > budget)
      flush();
    (current[kind] as (Metric | KeyValue)[]).push(item);
    bytes += size;
  };
  for (const item of params) add('params', item, LOG_BATCH_LIMITS.params);
  for (const item of tags) add('tags', item, LOG_BATCH_LIMITS.tags);
  for (const item of metrics) add('metrics', item, LOG_BATCH_LIMITS.metrics);
  flush();
  return chunks;
}
