/** A second model, read and checked, scoring the installed portfolio before it is let go. */
import type { HeaderProblem } from '../../../../core/records';
import { readChallenger, type ChallengerSource } from '../../challenger';
import { portfolioScoresOf } from '../../portfolioPasses';
import type { WorkerSession } from '../workerSession';

/**
 * Answers with the challenger's metrics, and its scores of every installed customer when its
 * columns are in the portfolio (else the header problem); a file that is not a model is refused
 * with its problem.
 */
export async function loadChallenger(
  session: WorkerSession,
  requestId: number,
  source: ChallengerSource,
): Promise<void> {
  const read = await readChallenger(source);
  if (!read.ok) {
    session.post({
      kind: 'challenger-result',
      requestId,
      outcome: { ok: false, problem: read.problem },
    });
    return;
  }
  const { store } = session;
  const install = await store?.active();
  let portfolio: Float32Array | null = null;
  let portfolioProblem: HeaderProblem | null = null;
  if (install !== null && install !== undefined && store !== null) {
    const scored = await portfolioScoresOf(store, install.header, read.value.bundle);
    if (scored.ok) portfolio = scored.value;
    else portfolioProblem = scored.problem;
  }
  session.post(
    {
      kind: 'challenger-result',
      requestId,
      outcome: { ok: true, metrics: read.value.metrics, portfolio, portfolioProblem },
    },
    portfolio === null ? [] : [portfolio.buffer],
  );
}
