/** One customer's churn probability and contributions, by ID. */
import type { CustomerKey } from '../../../../core/records';
import { densifyRow } from '../../../../core/snapshot';
import type { WorkerSession } from '../workerSession';

/**
 * Answers a lookup: while a shipped portfolio installs, from its parts; then from IndexedDB. An ID
 * not in the portfolio is answered found: false.
 */
export async function lookup(
  session: WorkerSession,
  requestId: number,
  id: CustomerKey,
): Promise<void> {
  const started = performance.now();
  const { model, lookups } = session.installed();
  const { engine } = model;
  const located =
    session.early !== null ? await session.early.locate(id) : await lookups.locate(id);
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
    id,
    found: true,
    probability: engine.scoreValues(values, chunk.texts),
    contributions: engine.contributions(values, chunk.texts),
    milliseconds: performance.now() - started,
  });
}
