/**
 * Answering from a portfolio: every customer scored (or their cached scores read), sorted, and
 * handed to the app as the ready event.
 */
import { chunkColumnValues } from '../../../../core/snapshot';
import { SCORING_WINDOW } from '../../portfolioPasses';
import type { InstallRecord, PortfolioScores } from '../../../snapshot/snapshotStore';
import type { StorageNotice } from '../../protocol';
import type { WorkerSession } from '../workerSession';

/**
 * Every customer's probability under the loaded model. Scores are cached per snapshot install and
 * model: a reload with both unchanged skips scoring, and a new model or a new snapshot never reads
 * another's scores.
 */
export async function scoreInstall(
  session: WorkerSession,
  install: InstallRecord,
): Promise<PortfolioScores> {
  const { model, store } = session.installed();
  const { count } = install.header;
  const cached = await store.cachedScores(model.digest);
  if (cached !== null && cached.ids.length === count) return cached;
  const ids = new Float64Array(count);
  const probabilities = new Float32Array(count);
  const textIds: string[] | null = install.header.idKind === 'text' ? [] : null;
  let offset = 0;
  // A window of chunks at a time: memory bounded by the window, not by the portfolio.
  for await (const window of store.chunkWindows(SCORING_WINDOW)) {
    probabilities.set(model.engine.scoreChunks(window), offset);
    for (const chunk of window) {
      ids.set(chunk.ids, offset);
      offset += chunk.ids.length;
      if (textIds !== null) for (const label of chunk.labels ?? []) textIds.push(label);
    }
    session.progress('scoring', offset / count);
  }
  const scores = { ids, probabilities, labels: textIds };
  await store.cacheScores(model.digest, scores);
  return scores;
}

/**
 * Each customer's value (R$) in the scores' order, from the column the portfolio was built with;
 * null when it has none. One pass over the stored chunks, a window at a time.
 */
export async function portfolioValues(
  session: WorkerSession,
  install: InstallRecord,
): Promise<Float64Array | null> {
  const { valueColumn, columns, count } = install.header;
  if (valueColumn === undefined) return null;
  const column = columns.indexOf(valueColumn);
  const values = new Float64Array(count);
  let offset = 0;
  for await (const window of session.installed().store.chunkWindows(SCORING_WINDOW)) {
    for (const chunk of window) {
      chunkColumnValues(chunk, column, values, offset);
      offset += chunk.ids.length;
    }
  }
  return values;
}

/** The notice that names an install's portfolio. */
export function noticeOf(code: StorageNotice['code'], install: InstallRecord): StorageNotice {
  return { code, count: install.header.count, createdAt: install.header.createdAt };
}

/** Scores the portfolio (or none) and tells the app it answers from it. */
export async function answerFrom(
  session: WorkerSession,
  install: InstallRecord | null,
  notice: StorageNotice | null,
): Promise<void> {
  const model = session.loaded();
  // Before any wait: this tab's own switch, announced to every tab, must not be answered twice.
  session.dispatch({ type: 'scoring', installId: install?.id ?? null });
  const { ids, probabilities, labels } =
    install === null
      ? { ids: new Float64Array(0), probabilities: new Float32Array(0), labels: null }
      : await scoreInstall(session, install);
  const values = install === null ? null : await portfolioValues(session, install);
  // Sorted here, so that the main thread only sums (sorting a million takes ~0.1 s).
  const descending = Float64Array.from(probabilities).sort().reverse();
  if (install !== null) await session.lookups?.follow(install.id);
  session.early = null;
  session.timer.lap('scoring');
  session.timer.add('scoring', session.scoredWhileInstalling);
  session.scoredWhileInstalling = 0;
  session.dispatch({ type: 'answered' });
  session.post(
    {
      kind: 'ready',
      backend: model.backend,
      header: install?.header ?? null,
      metrics: model.metrics,
      inlineRows: model.inlineRows,
      card: model.card,
      registry: model.registry,
      idKind: model.spec.idKind ?? 'text',
      fileColumns: {
        id: model.spec.idColumn,
        inputs: model.spec.inputColumns.map((input) => input.name),
        dates: model.spec.inputColumns.flatMap((input) =>
          input.date === undefined ? [] : [{ name: input.name, rule: input.date }],
        ),
      },
      ids,
      labels,
      probabilities,
      values,
      descending,
      timings: session.timer.timings,
      install: install === null ? null : { id: install.id, resumedFrom: install.resumedFrom ?? 0 },
      notice,
    },
    [
      ids.buffer,
      probabilities.buffer,
      descending.buffer,
      ...(values === null ? [] : [values.buffer]),
    ],
  );
}
