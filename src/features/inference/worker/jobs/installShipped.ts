/**
 * The shipped portfolio's install: its parts downloaded, written to IndexedDB part after part and
 * scored as they come (with a second worker where cores allow), lookups answered from its parts
 * meanwhile on a first install. The scores are cached when every customer was scored here.
 */
import { headerOfManifest, installIdOf, type SnapshotManifest } from '../../../../core/snapshot';
import type { InstallRecord } from '../../../snapshot/snapshotStore';
import { PartLookup } from '../../partLookup';
import { portfolioOfManifest } from '../../portfolioDownload';
import { ScoresInProgress } from '../../scoresInProgress';
import { ScoringHelperClient } from '../../scoringHelperClient';
import type { WorkerSession } from '../workerSession';

/** A first visit's portfolio download and scoring helper, started while the model loads. */
export interface FirstVisit {
  readonly manifest: SnapshotManifest;
  readonly download: ReturnType<typeof portfolioOfManifest>;
  readonly helper: ScoringHelperClient | null;
}

/**
 * Starts a first visit's download (its first part) and scoring helper at once; progress is
 * reported only once `reporting()` is true (the model has loaded).
 */
export function startFirstVisit(
  session: WorkerSession,
  manifest: SnapshotManifest,
  snapshotUrl: string,
  reporting: () => boolean,
): FirstVisit {
  const download = portfolioOfManifest(manifest, snapshotUrl, (f) => {
    if (reporting()) session.progress('download', f);
  });
  // A failed fetch fails the install that reads it, not this.
  download.partBytes(0).catch(() => undefined);
  return { manifest, download, helper: ScoringHelperClient.spawn() };
}

/**
 * Installs `shipped`, with the first visit's download and helper when they are of that very
 * portfolio; opens lookups on its parts when `openLookups`. Null when the store wrote nothing.
 * Quota errors throw (the half-written install is gone).
 */
export async function installShipped(
  session: WorkerSession,
  shipped: SnapshotManifest,
  snapshotUrl: string,
  openLookups: boolean,
  prepared: FirstVisit | null,
): Promise<InstallRecord | null> {
  const { model, store, lookups } = session.installed();
  const helper = prepared !== null ? prepared.helper : ScoringHelperClient.spawn();
  helper?.load(model.bundle);
  const scored = new ScoresInProgress(model.engine, shipped.count, helper);
  const installId = installIdOf(headerOfManifest(shipped));
  try {
    const download =
      prepared?.download ??
      portfolioOfManifest(shipped, snapshotUrl, (f) => {
        session.progress('download', f);
      });
    if (openLookups) {
      session.early = new PartLookup(shipped, download.partBytes);
      session.dispatch({ type: 'lookups-opened' });
      session.post({ kind: 'lookups-open', idKind: model.spec.idKind ?? 'text' });
    }
    const done = await store.installPortfolio(
      download.portfolio,
      (f) => {
        session.progress('install', f);
      },
      'shipped',
      (chunks) => {
        scored.add(chunks);
        // A first install answers lookups from these very chunks once it is in.
        if (openLookups) lookups.keep(installId, chunks);
      },
    );
    await scored.settled();
    if (scored.complete(done)) {
      await store.cacheScores(model.digest, {
        ids: scored.ids,
        probabilities: scored.probabilities,
        labels: scored.labels,
      });
    }
    return done;
  } finally {
    session.scoredWhileInstalling += scored.milliseconds;
    helper?.dispose();
  }
}
