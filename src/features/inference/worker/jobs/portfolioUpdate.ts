/**
 * Portfolios that change while the session answers: a newer shipped one installed in the
 * background, and one that another tab switched in.
 */
import { headerOfManifest, installIdOf, type SnapshotManifest } from '../../../../core/snapshot';
import {
  isQuotaExceeded,
  SWITCH_CHANNEL,
  type InstallRecord,
} from '../../../snapshot/snapshotStore';
import { answersFrom } from '../lifecycle';
import type { WorkerSession } from '../workerSession';
import { answerFrom, noticeOf } from './answer';
import { installShipped } from './installShipped';

/**
 * Installs a newer shipped portfolio while the installed one answers, then answers from the new
 * one; out of quota, the installed one keeps answering and the app says so.
 */
export async function updateShipped(
  session: WorkerSession,
  shipped: SnapshotManifest,
  snapshotUrl: string,
): Promise<void> {
  const { store } = session.installed();
  // This tab's own switch, announced to every tab, is answered below, not by followSwitches.
  session.dispatch({ type: 'switch-started', to: installIdOf(headerOfManifest(shipped)) });
  let installed: InstallRecord | null;
  try {
    installed = await installShipped(session, shipped, snapshotUrl, false, null);
  } catch (error) {
    session.dispatch({ type: 'switch-abandoned' });
    if (!isQuotaExceeded(error)) throw error;
    const kept = await store.active();
    if (kept !== null) await answerFrom(session, kept, noticeOf('storage-full-kept', kept));
    return;
  }
  if (installed === null) {
    session.dispatch({ type: 'switch-abandoned' });
    return;
  }
  await answerFrom(session, installed, noticeOf('portfolio-updated', installed));
}

/** Answers from the portfolio another tab switched in, when it is of this model. */
export function followSwitches(session: WorkerSession): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SWITCH_CHANNEL);
  channel.onmessage = () => {
    void (async () => {
      const now = await session.store?.active();
      if (now === null || now === undefined || answersFrom(session.state, now.id)) return;
      if (now.header.schemaHash !== session.model?.spec.schemaHash) return;
      await answerFrom(session, now, noticeOf('snapshot-switched', now));
    })();
  };
}
