/** One customer's churn probability and contributions, by ID. */
import type { CustomerKey } from '../../../../core/records';
import { densifyRow } from '../../../../core/snapshot';
import type { WorkerSession } from '../workerSession';

/**
 * Answers a lookup: while a shipped portfolio installs, from its parts; then from IndexedDB. A
 * text ID not in the portfolio as typed is looked for in capitals, then in small letters (typed
 * '7590-vhveg', the customer '7590-VHVEG' is answered under its own ID). An ID not in the
 * portfolio is answered found: false.
 */
export async function lookup(
  session: WorkerSession,
  requestId: number,
  id: CustomerKey,
): Promise<void> {
  const started = performance.now();
  const { model, lookups } = session.installed();
  const { engine } = model;
  const locate = (key: CustomerKey) =>
    session.early !== null ? session.early.locate(key) : lookups.locate(key);
  let located = await locate(id);
  let found = id;
  for (const other of otherCases(id)) {
    if (located !== null) break;
    located = await locate(other);
    found = other;
  }
  if (located === null) {
    session.post({
      kind: 'lookup-result',
      requestId,
      id,
      found: false,
      probability: Number.NaN,
      contributions: [],
      milliseconds: performance.now() - started,
    });
    return;
  }
  const { chunk, row } = located;
  const values = densifyRow(chunk, row, new Float64Array(engine.columns.length));
  session.post({
    kind: 'lookup-result',
    requestId,
    id: found,
    found: true,
    probability: engine.scoreValues(values, chunk.texts),
    contributions: engine.contributions(values, chunk.texts),
    milliseconds: performance.now() - started,
  });
}

/** A text ID in capitals and in small letters, where they differ from it; none for a number. */
function otherCases(id: CustomerKey): string[] {
  if (typeof id !== 'string') return [];
  return [...new Set([id.toUpperCase(), id.toLowerCase()])].filter((other) => other !== id);
}
