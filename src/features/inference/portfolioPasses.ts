/**
 * Passes over the installed portfolio's stored chunks, a window at a time (memory bounded by the
 * window, not the portfolio): a challenger's probabilities, and the contact list under
 * per-segment thresholds.
 */
import { type HeaderProblem, textOfCode } from '../../core/records';
import type { SnapshotHeader } from '../../core/snapshot';
import { SegmentContactList, segmentOfCell, type SegmentColumn } from '../../core/segments';
import type { Payoffs } from '../../core/decision';
import { type Result, failure, success } from '../../core/result';
import type { SnapshotStore } from '../snapshot/snapshotStore';
import { ScoringEngine, type ModelBundle } from './engine';

/** Chunks read from IndexedDB at a time when a pass walks the portfolio. */
export const SCORING_WINDOW = 64;

/**
 * Every customer's probability under another model, in the portfolio's order, read through the
 * portfolio's own columns; refused (HeaderProblem) when the model reads a column the portfolio
 * lacks or holds as the other kind. The model is let go afterwards.
 */
export async function portfolioScoresOf(
  store: SnapshotStore,
  header: SnapshotHeader,
  bundle: ModelBundle,
): Promise<Result<Float32Array, HeaderProblem>> {
  const engine = await ScoringEngine.forColumns(bundle, header.columns, header.textColumns ?? []);
  if (!engine.ok) return failure(engine.problem);
  const scores = new Float32Array(header.count);
  let offset = 0;
  try {
    for await (const window of store.chunkWindows(SCORING_WINDOW)) {
      const batch = engine.value.scoreChunks(window);
      scores.set(batch.subarray(0, Math.max(0, header.count - offset)), offset);
      offset += batch.length;
    }
  } finally {
    engine.value.model.dispose();
  }
  return success(scores);
}

/** What a contact list under per-segment thresholds is made of. */
export interface SegmentContactsRequest {
  readonly column: SegmentColumn;
  readonly thresholds: readonly number[];
  readonly payoffs: Payoffs;
  readonly capacity: number | null;
}

/**
 * The portfolio's contacts under per-segment thresholds: each customer's segment from its own cell
 * of the column (`columns` are the portfolio's), its probability from `probabilities` (the
 * portfolio's order).
 */
export async function segmentContactsOf(
  store: SnapshotStore,
  columns: readonly string[],
  probabilities: ArrayLike<number>,
  request: SegmentContactsRequest,
): Promise<SegmentContactList> {
  const { column, thresholds, payoffs, capacity } = request;
  const list = new SegmentContactList(column, thresholds, payoffs, capacity);
  const c = columns.indexOf(column.column);
  let offset = 0;
  for await (const window of store.chunkWindows(SCORING_WINDOW)) {
    for (const chunk of window) {
      for (let r = 0; r < chunk.ids.length; r++, offset++) {
        let value = 0;
        const end = chunk.rowStart[r + 1] ?? 0;
        for (let k = chunk.rowStart[r] ?? 0; k < end; k++) {
          if (chunk.cellColumn[k] === c) value = chunk.cellValue[k] ?? 0;
        }
        const text = column.kind === 'categories' ? textOfCode(chunk.texts, c, value) : null;
        const id = chunk.labels?.[r] ?? String(chunk.ids[r] ?? '');
        list.add(id, probabilities[offset] ?? Number.NaN, segmentOfCell(column, value, text));
      }
    }
  }
  return list;
}
