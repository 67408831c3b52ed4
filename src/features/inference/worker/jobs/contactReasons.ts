/** The main reason of each customer on a contact list, in one pass over the stored portfolio. */
import { densifyRow } from '../../../../core/snapshot';
import { SCORING_WINDOW } from '../../portfolioPasses';
import type { WorkerSession } from '../workerSession';

/**
 * Answers with each listed customer's main reason to be contacted: the column that raises their
 * probability most (of the lookup's contributions, the first with a positive change; a column that
 * lowers the risk is no reason to call), by portfolio index in the scores' order. An index beyond
 * the portfolio, or a customer whom no column puts at more risk than the training's typical
 * values, gets null. Without an installed portfolio every reason is null.
 */
export async function contactReasons(
  session: WorkerSession,
  requestId: number,
  rows: readonly number[],
): Promise<void> {
  const { model, store } = session.installed();
  const { engine } = model;
  const reasons: (string | null)[] = rows.map(() => null);
  const wanted = new Map<number, number[]>();
  rows.forEach((row, at) => {
    wanted.set(row, [...(wanted.get(row) ?? []), at]);
  });
  const values = new Float64Array(engine.columns.length);
  let offset = 0;
  if ((await store.active()) !== null && wanted.size > 0) {
    for await (const window of store.chunkWindows(SCORING_WINDOW)) {
      for (const chunk of window) {
        for (let row = 0; row < chunk.ids.length; row++) {
          const places = wanted.get(offset + row);
          if (places === undefined) continue;
          densifyRow(chunk, row, values);
          const column =
            engine
              .contributions(values, chunk.texts, Number.POSITIVE_INFINITY)
              .find((contribution) => contribution.delta > 0)?.column ?? null;
          for (const place of places) reasons[place] = column;
        }
        offset += chunk.ids.length;
      }
    }
  }
  session.post({ kind: 'contact-reasons-result', requestId, reasons });
}
