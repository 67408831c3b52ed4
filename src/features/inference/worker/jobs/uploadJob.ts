/** An uploaded file scored as a job of the session: its progress, its result or its refusal. */
import { isCancelled } from '../lifecycle';
import type { WorkerSession } from '../workerSession';
import { scoreUpload, uploadScorerOf } from './uploadScoring';

/** Scores an uploaded file and posts its result (or its refusal), progress on the way. */
export async function scoreFile(
  session: WorkerSession,
  requestId: number,
  file: File,
): Promise<void> {
  const { engine } = session.loaded();
  session.dispatch({ type: 'upload-started', requestId });
  try {
    const outcome = await scoreUpload(uploadScorerOf(engine), file, {
      progress: (fraction, rows) => {
        session.post({ kind: 'batch-progress', requestId, fraction, rows });
      },
      cancelled: () => isCancelled(session.state, requestId),
    });
    if (outcome.kind === 'refused') {
      session.post({ kind: 'batch-refused', requestId, problem: outcome.problem });
      return;
    }
    session.post({ ...outcome, kind: 'batch-result', requestId }, [outcome.probabilities.buffer]);
  } finally {
    session.dispatch({ type: 'upload-ended', requestId });
  }
}
