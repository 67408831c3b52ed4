/**
 * The session's start: load the model → install the portfolio (or find it installed) → warm up →
 * score every customer → answer. On a first visit the portfolio's download and the scoring helper
 * start while the model loads; a warm start downloads nothing.
 */
import { checkModelFiles } from '../../../../core/modelFiles';
import { manifestPathOf, type SnapshotManifest } from '../../../../core/snapshot';
import { ChunkCache } from '../../../snapshot/chunkCache';
import {
  isQuotaExceeded,
  SnapshotStore,
  type InstallRecord,
} from '../../../snapshot/snapshotStore';
import { initBrowserBackend } from '../../backend';
import { ScoringEngine } from '../../engine';
import type { StorageNotice } from '../../protocol';
import {
  downloadSnapshot,
  fetchManifest,
  fetchShippedModel,
  modelDigest,
} from '../files/modelFetch';
import { StageTimer, type LoadedModel, type WorkerSession } from '../workerSession';
import { answerFrom, noticeOf } from './answer';
import { installShipped, startFirstVisit, type FirstVisit } from './installShipped';
import { followSwitches, updateShipped } from './portfolioUpdate';

/** Loads and checks the model; null (after posting 'failed') when its files do not agree. */
async function loadModel(session: WorkerSession, modelBase: string): Promise<LoadedModel | null> {
  const [backend, shipped] = await Promise.all([
    initBrowserBackend(),
    fetchShippedModel(modelBase),
  ]);
  const { modelJson, weights, spec, metrics, inlineRows, card, registry } = shipped;
  const modelProblem = checkModelFiles({
    spec,
    metrics,
    modelJson,
    weightBytes: weights.byteLength,
  });
  if (modelProblem !== null) {
    session.dispatch({ type: 'model-refused' });
    session.post({ kind: 'failed', message: modelProblem.code, modelProblem });
    return null;
  }
  const bundle = { modelJson, weights, spec, card };
  const engine = await ScoringEngine.create(bundle);
  const digest = await modelDigest(weights, spec.schemaHash);
  return { engine, bundle, spec, metrics, inlineRows, card, registry, digest, backend };
}

/** What the installed portfolio is, and what the start does about it. */
interface Standing {
  readonly installed: InstallRecord | null;
  readonly notice: StorageNotice | null;
  /** A newer shipped portfolio to install while the installed one answers. */
  readonly update: SnapshotManifest | null;
}

/** What the start found while the model loaded. */
interface Found {
  /** The shipped portfolio's manifest; null when the build ships none (or an older build). */
  readonly manifest: SnapshotManifest | null;
  /** The portfolio installed in this browser, if any. */
  readonly active: InstallRecord | null;
  readonly snapshotUrl: string;
  /** A first visit's download and helper, already under way. */
  readonly firstVisit: FirstVisit | null;
}

/**
 * The first install: the shipped portfolio part by part, or an older build's single file. Out of
 * quota, the previous install answers if there is one; null after posting 'failed' if none.
 */
async function firstInstall(session: WorkerSession, found: Found): Promise<Standing | null> {
  const { manifest, active, snapshotUrl, firstVisit } = found;
  const { store } = session.installed();
  session.dispatch({ type: 'install-started', lookupsOpen: false });
  session.progress('download', 0);
  try {
    if (manifest !== null) {
      // Parts download while earlier ones install: the whole is counted as the install.
      session.timer.lap('download');
      const prepared = firstVisit?.manifest === manifest ? firstVisit : null;
      const installed = await installShipped(session, manifest, snapshotUrl, true, prepared);
      return { installed, notice: null, update: null };
    }
    // No manifest (an older build): the snapshot file itself, if there is one.
    const bytes = await downloadSnapshot(snapshotUrl, (f) => {
      session.progress('download', f);
    });
    session.timer.lap('download');
    const installed =
      bytes === null
        ? active
        : await store.install(bytes, (f) => {
            session.progress('install', f);
          });
    return { installed, notice: null, update: null };
  } catch (error) {
    // Out of quota: the half-written install is gone; keep answering from the previous one.
    if (!isQuotaExceeded(error)) throw error;
    const kept = await store.active();
    session.dispatch({ type: 'quota-exceeded', kept: kept?.id ?? null });
    if (kept === null) {
      session.post({ kind: 'failed', message: 'storage-full', storageFull: true });
      return null;
    }
    return { installed: kept, notice: noticeOf('storage-full-kept', kept), update: null };
  }
}

/** Starts the session on the build's model and portfolio. */
export async function startSession(
  session: WorkerSession,
  modelBase: string,
  snapshotUrl: string,
): Promise<void> {
  session.timer = new StageTimer();
  session.dispatch({ type: 'start' });
  session.progress('model', 0);
  // Where the portfolio stands, found while the model loads. On a first visit (nothing
  // installed, a manifest shipped) the first part starts downloading and the scoring helper
  // starts its backend at once.
  let modelLoaded = false;
  const surveying = Promise.all([
    session.store === null ? SnapshotStore.open() : Promise.resolve(session.store),
    fetchManifest(manifestPathOf(snapshotUrl)),
  ]).then(async ([opened, manifest]) => ({ opened, manifest, active: await opened.active() }));
  let firstVisit: FirstVisit | null = null;
  const preparing = surveying.then(
    ({ manifest, active }) => {
      if (active !== null || manifest === null) return;
      firstVisit = startFirstVisit(session, manifest, snapshotUrl, () => modelLoaded);
    },
    () => undefined,
  );
  const model = await loadModel(session, modelBase);
  if (model === null) {
    await preparing;
    (firstVisit as FirstVisit | null)?.helper?.dispose();
    return;
  }
  session.model = model;
  session.timer.lap('model');
  modelLoaded = true;
  const { opened, manifest, active } = await surveying;
  await preparing;
  session.store = opened;
  session.lookups = new ChunkCache(opened);
  const standing = await portfolioStanding(session, { manifest, active, snapshotUrl, firstVisit });
  if (standing === null) return;
  if (
    standing.installed !== null &&
    standing.installed.header.schemaHash !== model.spec.schemaHash
  ) {
    throw new Error(
      `the snapshot was built for model schema ${standing.installed.header.schemaHash}, but the model is ${model.spec.schemaHash}: rebuild it with npm run snapshot`,
    );
  }
  session.timer.lap('install');
  session.timer.add('install', -session.scoredWhileInstalling);
  session.progress('warm-up', 0);
  model.engine.warmUp();
  session.timer.lap('warm-up');
  session.progress('scoring', 0);
  await answerFrom(session, standing.installed, standing.notice);
  if (standing.update !== null) await updateShipped(session, standing.update, snapshotUrl);
  // Another tab may install a newer snapshot: answer from it once it has switched in.
  followSwitches(session);
}

/**
 * A warm start: the manifest beside the snapshot names the portfolio; when it is the one
 * installed, nothing is downloaded or unpacked. A portfolio the analyst opened from disk stays
 * until they open another. A newer shipped portfolio of the same model installs after the start,
 * while the installed one answers; anything else is a first install.
 */
function portfolioStanding(session: WorkerSession, found: Found): Promise<Standing | null> {
  const { manifest, active } = found;
  const { spec } = session.loaded();
  if (active !== null && (active.source === 'disk' || active.id === manifest?.install)) {
    session.timer.lap('download');
    return Promise.resolve({ installed: active, notice: null, update: null });
  }
  if (active !== null && manifest !== null && active.header.schemaHash === spec.schemaHash) {
    session.timer.lap('download');
    return Promise.resolve({
      installed: active,
      update: manifest,
      notice: { code: 'portfolio-updating', count: manifest.count, createdAt: manifest.createdAt },
    });
  }
  return firstInstall(session, found);
}
