/**
 * The inference host: everything the worker does, written against a `post` function so that the
 * same code runs in the worker (the normal case) or on the main thread (the fallback).
 * Lifecycle: load the model → install the snapshot → warm up → score every customer → ready.
 */
import {
  headerOfManifest,
  installIdOf,
  manifestPathOf,
  readSnapshotManifest,
  type SnapshotManifest,
  SnapshotBuilder,
  densifyRow,
  readSnapshotStart,
  SNAPSHOT_MAGIC,
  SnapshotFormatError,
  type SnapshotHeader,
} from '../../core/snapshot';
import { ChunkCache } from '../snapshot/chunkCache';
import {
  RecordChecker,
  SNIFF_BYTES,
  sniffFile,
  rowIssue,
  type CustomerKey,
  type ValueWarning,
  type FileProblem,
  type HeaderProblem,
  type RowIssue,
} from '../../core/records';
import { SegmentContactList } from '../../core/segments';
import { portfolioScoresOf, SCORING_WINDOW, segmentContactsOf } from './portfolioPasses';
import { readChallenger, type ChallengerSource } from './challenger';
import {
  checkModelFiles,
  CARD_FILE,
  METRICS_FILE,
  MODEL_FILE,
  SPEC_FILE,
  WEIGHTS_FILE,
  readRegistryRecord,
  REGISTRY_FILE,
  type RegistryRecord,
  withFloat32Scores,
  type ModelMetrics,
} from '../../core/modelFiles';
import { failure, success, type Result } from '../../core/result';
import Papa from 'papaparse';
import type { EncodeRecord, PreprocessSpec } from '../../core/preprocess';
import { DriftCounter } from '../../core/evaluation';
import type { ModelFiles } from '../../model/artifacts';
import { predictProbabilities } from '../../model/network';
import {
  isQuotaExceeded,
  portfolioOfBytes,
  SnapshotStore,
  SWITCH_CHANNEL,
  type InstallRecord,
  type PortfolioScores,
  type PortfolioSource,
} from '../snapshot/snapshotStore';
import { initBrowserBackend } from './backend';
import { ScoringEngine } from './engine';
import { PartLookup } from './partLookup';
import { inflate, portfolioOfManifest } from './portfolioDownload';
import { ScoresInProgress } from './scoresInProgress';
import { ScoringHelperClient } from './scoringHelperClient';
import { TextStreamSource } from './textStreamSource';
import type {
  PortfolioProblem,
  Stage,
  StorageNotice,
  WorkerEvent,
  WorkerRequest,
} from './protocol';

type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/**
 * Downloads and un-gzips the snapshot, reporting download progress; null when the build ships no
 * snapshot (HTTP 404).
 */
async function downloadSnapshot(
  url: string,
  onProgress: (fraction: number) => void,
): Promise<Uint8Array | null> {
  const response = await fetch(url);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const body = response.body;
  if (body === null) throw new Error(`${url}: empty response`);
  let received = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.length;
        if (total > 0) onProgress(Math.min(received / total, 1));
        controller.enqueue(chunk);
      },
    }),
  );
  return inflate(counted);
}

/** A gzip stream that failed: damaged or cut short. Refused as 'corrupt-gzip', never shown raw. */
class CorruptGzipError extends Error {
  override readonly name = 'CorruptGzipError';
}

/** The same bytes, with any error of the decompression turned into CorruptGzipError. */
function gzipErrorsNamed(inflated: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = inflated.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.error(new CorruptGzipError('damaged gzip'));
      }
    },
    cancel(reason) {
      return reader.cancel(reason).catch(() => undefined);
    },
  });
}

/** A snapshot file's bytes, decompressed when gzip (as npm run snapshot writes it); null if unreadable. */
async function snapshotBytesOf(file: File): Promise<Uint8Array | null> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new Uint8Array(await file.arrayBuffer());
  try {
    return await inflate(file.stream());
  } catch {
    return null;
  }
}

/**
 * Customers of a CSV, through core's snapshot builder, parsed a piece at a time as an upload is
 * (a gzip file decompresses as it streams): never the whole text at once.
 */
function buildFromCsv(
  spec: PreprocessSpec,
  input: UploadInput,
): Promise<Result<SnapshotBuilder, FileProblem>> {
  const { source } = input;
  let created: Result<SnapshotBuilder, FileProblem> | null = null;
  let line = 0;
  return new Promise((resolve, reject) => {
    // Papaparse streams from any Node-style readable; its types name only Node's.
    Papa.parse<string[]>(source as File, {
      encoding: input.encoding,
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: 1 << 20,
      chunk(results, parser) {
        for (const fields of results.data) {
          line++;
          if (created === null) {
            const names = fields.map((f) => f.replace(/^\ufeff/, ''));
            created = SnapshotBuilder.create(spec, names, results.meta.delimiter === ';');
            if (!created.ok) {
              parser.abort();
              if (source instanceof TextStreamSource) source.stop();
              return;
            }
            continue;
          }
          if (created.ok) created.value.add(fields, line);
        }
      },
      complete() {
        resolve(created ?? failure({ code: 'empty' }));
      },
      error(error) {
        if (error instanceof CorruptGzipError) resolve(failure({ code: 'corrupt-gzip' }));
        else reject(error);
      },
    });
  });
}

/** True when a file (gzip-compressed or not) starts as a snapshot does. */
async function isSnapshotFile(file: File): Promise<boolean> {
  const magic = new TextEncoder().encode(SNAPSHOT_MAGIC);
  let head: Uint8Array = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      const inflated = file.stream().pipeThrough(new DecompressionStream('gzip'));
      const peeked = await peek(inflated, magic.length);
      // A damaged stream fails again on cancel: that is not news (the whole read refuses it).
      peeked.rest.cancel().catch(() => undefined);
      head = peeked.head;
    } catch {
      return false;
    }
  } else head = new Uint8Array(await file.slice(0, magic.length).arrayBuffer());
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

/** What papaparse reads: the file itself, or a stream of its decompressed text. */
interface UploadInput {
  readonly source: File | TextStreamSource;
  readonly encoding: string;
  /** Compressed bytes read so far (NaN when the file is read as it is). */
  readonly bytesRead: () => number;
}

/**
 * The first `size` bytes of a byte stream (fewer if it ends sooner), and a stream that yields
 * every byte again from the start.
 */
async function peek(
  stream: ReadableStream<Uint8Array>,
  size: number,
): Promise<{ head: Uint8Array; rest: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size && !done) {
    const next = await reader.read();
    done = next.done;
    if (next.value !== undefined) {
      seen.push(next.value);
      length += next.value.length;
    }
  }
  const head = new Uint8Array(length);
  let offset = 0;
  for (const part of seen) {
    head.set(part, offset);
    offset += part.length;
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (length > 0) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head: head.subarray(0, Math.min(size, length)), rest };
}

/** Calls `onSwitch` whenever a tab announces that a snapshot switched in. */
function followSwitches(onSwitch: () => Promise<void>): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SWITCH_CHANNEL);
  channel.onmessage = () => {
    void onSwitch();
  };
}

/**
 * Snapshot files that are the parts of one portfolio (as npm run snapshot writes a large one),
 * in ID order whatever order they were picked in; 'not-a-snapshot' when one is not a snapshot,
 * 'not-one-portfolio' when they are of different portfolios, or repeat or overlap. Each part is
 * read and decompressed only when the install reaches it.
 */
async function portfolioOfPartFiles(
  files: readonly File[],
): Promise<PortfolioSource | 'not-a-snapshot' | 'not-one-portfolio'> {
  const starts: { file: File; header: SnapshotHeader; firstId: number }[] = [];
  for (const file of files) {
    const bytes = await snapshotStartOf(file);
    if (bytes === null) return 'not-a-snapshot';
    try {
      const { header, firstId } = readSnapshotStart(bytes);
      if (firstId === null) continue;
      starts.push({ file, header, firstId });
    } catch (error) {
      if (error instanceof SnapshotFormatError) return 'not-a-snapshot';
      throw error;
    }
  }
  starts.sort((a, b) => a.firstId - b.firstId);
  const [first] = starts;
  if (first === undefined) return 'not-a-snapshot';
  const same = (header: SnapshotHeader) =>
    header.schemaHash === first.header.schemaHash &&
    header.createdAt === first.header.createdAt &&
    header.chunkSize === first.header.chunkSize &&
    header.columns.join('\u0000') === first.header.columns.join('\u0000');
  if (!starts.every((start, i) => same(start.header) && start.firstId !== starts[i - 1]?.firstId)) {
    return 'not-one-portfolio';
  }
  const header = {
    ...first.header,
    count: starts.reduce((sum, start) => sum + start.header.count, 0),
    chunks: starts.reduce((sum, start) => sum + start.header.chunks, 0),
  };
  return {
    header,
    parts: starts.map((start) => ({
      chunks: start.header.chunks,
      read: async () => {
        const bytes = await snapshotBytesOf(start.file);
        if (bytes === null) throw new SnapshotFormatError(`${start.file.name} cannot be read`);
        return bytes;
      },
    })),
  };
}

/** The first 256 kB of a snapshot file, decompressed when gzip; null when unreadable. */
async function snapshotStartOf(file: File): Promise<Uint8Array | null> {
  const size = 256 * 1024;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b)
    return new Uint8Array(await file.slice(0, size).arrayBuffer());
  try {
    const inflated = file.stream().pipeThrough(new DecompressionStream('gzip'));
    const peeked = await peek(inflated, size);
    peeked.rest.cancel().catch(() => undefined);
    return peeked.head;
  } catch {
    return null;
  }
}

/** The model's registry record, or null for a model trained locally (no file, or unreadable). */
async function fetchRegistryRecord(url: string): Promise<RegistryRecord | null> {
  try {
    const response = await fetch(url);
    return response.ok ? readRegistryRecord(await response.json()) : null;
  } catch {
    return null;
  }
}

/** The snapshot's manifest, or null when there is none or it cannot be read (then: download). */
async function fetchManifest(url: string): Promise<SnapshotManifest | null> {
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    return response.ok ? readSnapshotManifest(await response.json()) : null;
  } catch {
    return null;
  }
}

/** A fingerprint of the model: SHA-256 of its weights, with the schema hash. */
async function modelDigest(weights: Uint8Array, schemaHash: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', weights.slice().buffer));
  return `${schemaHash}:${Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A first visit's portfolio download and scoring helper, started while the model loads. */
interface FirstVisit {
  readonly manifest: SnapshotManifest;
  readonly download: ReturnType<typeof portfolioOfManifest>;
  readonly helper: ScoringHelperClient | null;
}

export function createInferenceHost(post: Post) {
  let engine: ScoringEngine | null = null;
  let store: SnapshotStore | null = null;
  let lookups: ChunkCache | null = null;
  /** Lookups from the parts of a portfolio still installing; null once it answers from storage. */
  let early: PartLookup | null = null;
  const cancelled = new Set<number>();
  const progress = (stage: Stage, fraction: number) => {
    post({ kind: 'progress', stage, fraction });
  };

  /** What a started session answers with: the model's files and figures, and the timings. */
  let session: {
    readonly spec: PreprocessSpec;
    readonly digest: string;
    readonly backend: string;
    readonly metrics: ModelMetrics;
    readonly card: string;
    readonly registry: RegistryRecord | null;
    readonly timings: Partial<Record<Stage, number>>;
    readonly lap: (stage: Stage) => void;
    answering: string | null;
    /** Milliseconds spent scoring while the portfolio installed, counted as scoring, not install. */
    scoredWhileInstalling: number;
  } | null = null;

  async function start(modelBase: string, snapshotUrl: string): Promise<void> {
    const timings: Partial<Record<Stage, number>> = {};
    let mark = performance.now();
    const lap = (stage: Stage) => {
      const now = performance.now();
      timings[stage] = now - mark;
      mark = now;
    };
    progress('model', 0);
    // Where the portfolio stands, found while the model loads. On a first visit (nothing
    // installed, a manifest shipped) the first part starts downloading and the scoring helper
    // starts its backend at once; a warm start downloads nothing.
    let modelLoaded = false;
    const standing = Promise.all([
      store === null ? SnapshotStore.open() : Promise.resolve(store),
      fetchManifest(manifestPathOf(snapshotUrl)),
    ]).then(async ([opened, manifest]) => ({ opened, manifest, active: await opened.active() }));
    let firstVisit: FirstVisit | null = null;
    const preparing = standing.then(
      ({ manifest, active }) => {
        if (active !== null || manifest === null) return;
        const download = portfolioOfManifest(manifest, snapshotUrl, (f) => {
          if (modelLoaded) progress('download', f);
        });
        // A failed fetch fails the install that reads it, not this.
        download.partBytes(0).catch(() => undefined);
        firstVisit = { manifest, download, helper: ScoringHelperClient.spawn() };
      },
      () => undefined,
    );
    const [backend, modelJson, weights, spec, metrics, card] = await Promise.all([
      initBrowserBackend(),
      fetchOk(`${modelBase}${MODEL_FILE}`).then(
        (r) => r.json() as Promise<ModelFiles['modelJson']>,
      ),
      fetchOk(`${modelBase}${WEIGHTS_FILE}`).then(
        async (r) => new Uint8Array(await r.arrayBuffer()),
      ),
      fetchOk(`${modelBase}${SPEC_FILE}`).then((r) => r.json() as Promise<PreprocessSpec>),
      fetchOk(`${modelBase}${METRICS_FILE}`).then(async (r) =>
        withFloat32Scores((await r.json()) as ModelMetrics),
      ),
      fetchOk(`${modelBase}${CARD_FILE}`).then((r) => r.text()),
    ]);
    const registry = await fetchRegistryRecord(`${modelBase}${REGISTRY_FILE}`);
    const modelProblem = checkModelFiles({
      spec,
      metrics,
      modelJson,
      weightBytes: weights.byteLength,
    });
    if (modelProblem !== null) {
      await preparing;
      (firstVisit as FirstVisit | null)?.helper?.dispose();
      post({ kind: 'failed', message: modelProblem.code, modelProblem });
      return;
    }
    engine = await ScoringEngine.create({ modelJson, weights, spec, metrics, card });
    const current = engine;
    const digest = await modelDigest(weights, spec.schemaHash);
    lap('model');
    modelLoaded = true;
    // A warm start: the manifest beside the snapshot names the portfolio; when it is the one
    // installed, nothing is downloaded or unpacked. A portfolio the analyst opened from disk
    // stays until they open another.
    const { opened, manifest, active } = await standing;
    await preparing;
    store = opened;
    lookups = new ChunkCache(store);
    let installed: InstallRecord | null = null;
    let notice: StorageNotice | null = null;
    let scoring: ScoresInProgress | null = null;
    let update: SnapshotManifest | null = null;

    /**
     * Installs the shipped portfolio of `shipped` part after part, scoring it as it comes (with a
     * second worker where cores allow), lookups answered from its parts meanwhile when
     * `openLookups`; caches the scores when every customer was scored here. Quota errors throw.
     */
    const installShipped = async (shipped: SnapshotManifest, openLookups: boolean) => {
      // The first visit's download and helper, already under way, if this is that portfolio.
      const prepared: FirstVisit | null = firstVisit?.manifest === shipped ? firstVisit : null;
      firstVisit = null;
      const helper = prepared !== null ? prepared.helper : ScoringHelperClient.spawn();
      helper?.load({ modelJson, weights, spec, metrics, card });
      const scored = new ScoresInProgress(current, shipped.count, helper);
      scoring = scored;
      const installId = installIdOf(headerOfManifest(shipped));
      try {
        const download =
          prepared?.download ??
          portfolioOfManifest(shipped, snapshotUrl, (f) => {
            progress('download', f);
          });
        if (openLookups) {
          early = new PartLookup(shipped, download.partBytes);
          post({
            kind: 'lookups-open',
            idKind: spec.idKind ?? 'text',
          });
        }
        const done = await store?.installPortfolio(
          download.portfolio,
          (f) => {
            progress('install', f);
          },
          'shipped',
          (chunks) => {
            scored.add(chunks);
            // A first install answers lookups from these very chunks once it is in.
            if (openLookups) lookups?.keep(installId, chunks);
          },
        );
        await scored.settled();
        if (done !== undefined && scored.complete(done)) {
          await store?.cacheScores(digest, {
            ids: scored.ids,
            probabilities: scored.probabilities,
            labels: scored.labels,
          });
        }
        return done ?? null;
      } finally {
        helper?.dispose();
      }
    };

    if (active !== null && (active.source === 'disk' || active.id === manifest?.install)) {
      installed = active;
      lap('download');
    } else if (
      active !== null &&
      manifest !== null &&
      active.header.schemaHash === spec.schemaHash
    ) {
      // A newer shipped portfolio: the installed one answers until the new one has switched in.
      installed = active;
      update = manifest;
      notice = { code: 'portfolio-updating', count: manifest.count, createdAt: manifest.createdAt };
      lap('download');
    } else {
      progress('download', 0);
      try {
        if (manifest !== null) {
          // Parts download while earlier ones install: the whole is counted as the install.
          lap('download');
          installed = await installShipped(manifest, true);
        } else {
          // No manifest (an older build): the snapshot file itself, if there is one.
          const bytes = await downloadSnapshot(snapshotUrl, (f) => {
            progress('download', f);
          });
          lap('download');
          installed =
            bytes === null
              ? active
              : await store.install(bytes, (f) => {
                  progress('install', f);
                });
        }
      } catch (error) {
        // Out of quota: the half-written install is gone; keep answering from the previous one.
        if (!isQuotaExceeded(error)) throw error;
        const kept = await store.active();
        if (kept === null) {
          post({ kind: 'failed', message: 'storage-full', storageFull: true });
          return;
        }
        installed = kept;
        notice = {
          code: 'storage-full-kept',
          count: kept.header.count,
          createdAt: kept.header.createdAt,
        };
      }
    }
    if (installed !== null && installed.header.schemaHash !== spec.schemaHash) {
      throw new Error(
        `the snapshot was built for model schema ${installed.header.schemaHash}, but the model is ${spec.schemaHash}: rebuild it with npm run snapshot`,
      );
    }
    lap('install');
    const scoredWhileInstalling = (scoring as ScoresInProgress | null)?.milliseconds ?? 0;
    timings.install = (timings.install ?? 0) - scoredWhileInstalling;
    progress('warm-up', 0);
    engine.warmUp();
    lap('warm-up');
    progress('scoring', 0);
    session = {
      spec,
      digest,
      backend,
      metrics,
      card,
      registry,
      timings,
      lap,
      answering: null,
      scoredWhileInstalling,
    };
    await ready(installed, notice);
    if (update !== null) await updateShipped(update, installShipped);
    // Another tab may install a newer snapshot: answer from it once it has switched in.
    followSwitches(async () => {
      const now = await store?.active();
      if (now === null || now === undefined || now.id === session?.answering) return;
      if (now.header.schemaHash !== spec.schemaHash) return;
      await ready(now, {
        code: 'snapshot-switched',
        count: now.header.count,
        createdAt: now.header.createdAt,
      });
    });
  }

  /**
   * Installs a newer shipped portfolio while the installed one answers, then answers from the new
   * one; out of quota, the installed one keeps answering and the app says so.
   */
  async function updateShipped(
    shipped: SnapshotManifest,
    install: (shipped: SnapshotManifest, openLookups: boolean) => Promise<InstallRecord | null>,
  ): Promise<void> {
    const current = session;
    if (current === null) return;
    const previous = current.answering;
    // This tab's own switch, announced to every tab, is answered below, not by followSwitches.
    current.answering = installIdOf(headerOfManifest(shipped));
    let installed: InstallRecord | null;
    try {
      installed = await install(shipped, false);
    } catch (error) {
      current.answering = previous;
      if (!isQuotaExceeded(error)) throw error;
      const kept = await store?.active();
      if (kept === null || kept === undefined) return;
      await ready(kept, {
        code: 'storage-full-kept',
        count: kept.header.count,
        createdAt: kept.header.createdAt,
      });
      return;
    }
    if (installed === null) return;
    await ready(installed, {
      code: 'portfolio-updated',
      count: installed.header.count,
      createdAt: installed.header.createdAt,
    });
  }

  /** Scores the portfolio (or none) and tells the app it answers from it. */
  async function ready(install: InstallRecord | null, notice: StorageNotice | null) {
    const current = session;
    if (current === null) throw new Error('the model is not ready yet');
    // Before any wait: this tab's own switch, announced to every tab, must not be answered twice.
    current.answering = install?.id ?? null;
    const { ids, probabilities, labels } =
      install === null
        ? { ids: new Float64Array(0), probabilities: new Float32Array(0), labels: null }
        : await scoreInstall(install, current.digest);
    // Sorted here, so that the main thread only sums (sorting a million takes ~0.1 s).
    const descending = Float64Array.from(probabilities).sort().reverse();
    if (install !== null) await lookups?.follow(install.id);
    early = null;
    current.lap('scoring');
    current.timings.scoring = (current.timings.scoring ?? 0) + current.scoredWhileInstalling;
    current.scoredWhileInstalling = 0;
    post(
      {
        kind: 'ready',
        backend: current.backend,
        header: install?.header ?? null,
        metrics: current.metrics,
        card: current.card,
        registry: current.registry,
        idKind: current.spec.idKind ?? 'text',
        ids,
        labels,
        probabilities,
        descending,
        timings: current.timings,
        install:
          install === null ? null : { id: install.id, resumedFrom: install.resumedFrom ?? 0 },
        notice,
      },
      [ids.buffer, probabilities.buffer, descending.buffer],
    );
  }

  /**
   * Installs a portfolio from the analyst's disk; it never leaves the machine. The file is a
   * snapshot made by npm run snapshot, or a customer CSV (gzip-compressed or not) that is turned
   * into one here with core's snapshot builder, as the CLI does it.
   */
  async function openPortfolio(requestId: number, files: readonly File[]): Promise<void> {
    const current = session;
    if (current === null || store === null) throw new Error('the model is not ready yet');
    let skipped = 0;
    let warnings = 0;
    const outcome = (problem: PortfolioProblem | null) => {
      post({ kind: 'portfolio-outcome', requestId, problem, skipped, warnings });
    };
    const [file] = files;
    if (file === undefined) return;
    if (files.length === 1 && file.size === 0) {
      outcome({ code: 'file', problem: { code: 'empty' } });
      return;
    }
    let portfolio: PortfolioSource | null = null;
    if (files.length > 1) {
      // The parts of one portfolio, as npm run snapshot writes a large one.
      const parts = await portfolioOfPartFiles(files);
      if (parts === 'not-a-snapshot' || parts === 'not-one-portfolio') {
        outcome({ code: parts });
        return;
      }
      portfolio = parts;
    } else if (await isSnapshotFile(file)) {
      const bytes = await snapshotBytesOf(file);
      if (bytes === null) {
        outcome({ code: 'file', problem: { code: 'corrupt-gzip' } });
        return;
      }
      try {
        portfolio = portfolioOfBytes(bytes);
      } catch (error) {
        if (!(error instanceof SnapshotFormatError)) throw error;
      }
    } else {
      // Not a snapshot: a customer CSV, if it is text, streamed as an upload is. A spreadsheet or
      // other binary file is refused with the CLI's reason.
      const readable = await readableUpload(file);
      if (!readable.ok) {
        outcome({ code: 'file', problem: readable.problem });
        return;
      }
      const built = await buildFromCsv(current.spec, readable.value);
      if (!built.ok) {
        outcome({ code: 'file', problem: built.problem });
        return;
      }
      skipped = built.value.issues.length;
      warnings = built.value.warnings.length;
      portfolio = portfolioOfBytes(built.value.build());
    }
    if (portfolio === null) {
      outcome({ code: 'not-a-snapshot' });
      return;
    }
    if (portfolio.header.schemaHash !== current.spec.schemaHash) {
      outcome({
        code: 'other-model',
        schemaHash: portfolio.header.schemaHash,
        model: current.spec.schemaHash,
      });
      return;
    }
    let installed: InstallRecord;
    try {
      installed = await store.installPortfolio(portfolio, () => undefined, 'disk');
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      outcome({ code: 'storage-full' });
      return;
    }
    outcome(null);
    await ready(installed, {
      code: 'portfolio-opened',
      count: installed.header.count,
      createdAt: installed.header.createdAt,
    });
  }

  /**
   * Every customer's probability under the model of digest `digest`. Scores are cached per
   * snapshot install and model: a reload with both unchanged skips scoring, and a new model or a
   * new snapshot never reads another's scores.
   */
  async function scoreInstall(install: InstallRecord, digest: string): Promise<PortfolioScores> {
    const current = engine;
    const snapshot = store;
    if (current === null || snapshot === null) throw new Error('the model is not ready yet');
    const { count } = install.header;
    const cached = await snapshot.cachedScores(digest);
    if (cached !== null && cached.ids.length === count) return cached;
    const ids = new Float64Array(count);
    const probabilities = new Float32Array(count);
    const textIds: string[] | null = install.header.idKind === 'text' ? [] : null;
    let offset = 0;
    // A window of chunks at a time: memory bounded by the window, not by the portfolio.
    for await (const window of snapshot.chunkWindows(SCORING_WINDOW)) {
      probabilities.set(current.scoreChunks(window), offset);
      for (const chunk of window) {
        ids.set(chunk.ids, offset);
        offset += chunk.ids.length;
        if (textIds !== null) for (const label of chunk.labels ?? []) textIds.push(label);
      }
      progress('scoring', offset / count);
    }
    const scores = { ids, probabilities, labels: textIds };
    await snapshot.cacheScores(digest, scores);
    return scores;
  }

  async function lookup(requestId: number, id: CustomerKey): Promise<void> {
    const started = performance.now();
    if (engine === null || lookups === null) throw new Error('the model is not ready yet');
    // While a shipped portfolio installs, from its parts; then from IndexedDB.
    const located = early !== null ? await early.locate(id) : await lookups.locate(id);
    if (located === null) {
      post({
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
    const probability = engine.scoreValues(values, chunk.texts);
    const contributions = engine.contributions(values, chunk.texts);
    post({
      kind: 'lookup-result',
      requestId,
      id,
      found: true,
      probability,
      contributions,
      milliseconds: performance.now() - started,
    });
  }

  /**
   * A second model: read and checked, then (when its columns are in the installed portfolio) it
   * scores every customer there and is let go.
   */
  async function loadChallenger(requestId: number, source: ChallengerSource): Promise<void> {
    const read = await readChallenger(source);
    if (!read.ok) {
      post({ kind: 'challenger-result', requestId, outcome: { ok: false, problem: read.problem } });
      return;
    }
    const install = await store?.active();
    let portfolio: Float32Array | null = null;
    let portfolioProblem: HeaderProblem | null = null;
    if (install !== null && install !== undefined && store !== null) {
      const scored = await portfolioScoresOf(store, install.header, read.value);
      if (scored.ok) portfolio = scored.value;
      else portfolioProblem = scored.problem;
    }
    post(
      {
        kind: 'challenger-result',
        requestId,
        outcome: { ok: true, metrics: read.value.metrics, portfolio, portfolioProblem },
      },
      portfolio === null ? [] : [portfolio.buffer],
    );
  }

  /** The installed portfolio's contacts under per-segment thresholds, as CSV text. */
  async function segmentContacts(
    request: WorkerRequest & { kind: 'segment-contacts' },
  ): Promise<void> {
    const current = engine;
    const snapshot = store;
    const answering = session;
    if (current === null || snapshot === null || answering === null) {
      throw new Error('the model is not ready yet');
    }
    const install = await snapshot.active();
    const list =
      install === null
        ? new SegmentContactList(
            request.column,
            request.thresholds,
            request.payoffs,
            request.capacity,
          )
        : await segmentContactsOf(
            snapshot,
            current.columns,
            (await scoreInstall(install, answering.digest)).probabilities,
            request,
          );
    post({
      kind: 'segment-contacts-result',
      requestId: request.requestId,
      csv: list.csv(),
      count: list.count,
    });
  }

  async function scoreFile(requestId: number, upload: File): Promise<void> {
    const current = engine;
    if (current === null) throw new Error('the model is not ready yet');
    if (upload.size === 0) {
      post({ kind: 'batch-refused', requestId, problem: { code: 'empty' } });
      return;
    }
    const readable = await readableUpload(upload);
    if (!readable.ok) {
      post({ kind: 'batch-refused', requestId, problem: readable.problem });
      return;
    }
    const { source, encoding, bytesRead } = readable.value;
    const width = current.width;
    const batchSize = 2048;
    const batch = new Float32Array(batchSize * width);
    const batchIds: string[] = [];
    const ids: string[] = [];
    const scores: number[] = [];
    const issues: RowIssue[] = [];
    let issueCount = 0;
    let warningCount = 0;
    let header: string[] | null = null;
    let encode: EncodeRecord | null = null;
    let checker: RecordChecker | null = null;
    let row = 0;
    // papaparse's abort() runs complete(): a file refused at its header must not end as a result.
    let refused = false;
    const drift = new DriftCounter(current.bundle.spec);
    const issue = (i: RowIssue) => {
      issueCount++;
      if (issues.length < 1000) issues.push(i);
    };
    // Cells of the row being read that look wrong (core's cell rules): named once it is scored.
    const rowWarnings: ValueWarning[] = [];
    const warn = (warning: ValueWarning) => {
      rowWarnings.push(warning);
    };
    const flush = () => {
      if (batchIds.length === 0) return;
      const p = predictProbabilities(
        current.model,
        batch.subarray(0, batchIds.length * width),
        width,
      );
      ids.push(...batchIds);
      for (const value of p) scores.push(value);
      batchIds.length = 0;
    };
    return new Promise((resolve, reject) => {
      const refuse = (problem: FileProblem) => {
        post({ kind: 'batch-refused', requestId, problem });
        resolve();
      };
      // Papaparse streams from any Node-style readable; its types name only Node's.
      Papa.parse<string[]>(source as File, {
        encoding,
        header: false,
        skipEmptyLines: 'greedy',
        chunkSize: 1 << 20,
        chunk(results, parser) {
          if (cancelled.has(requestId)) {
            parser.abort();
            if (source instanceof TextStreamSource) source.stop();
            return;
          }
          for (const fields of results.data) {
            if (header === null) {
              header = fields.map((f) => f.replace(/^\ufeff/, '').trim());
              const { spec } = current.bundle;
              const checked = RecordChecker.create(header, spec.idColumn, spec.idKind ?? 'text');
              const created = checked.ok
                ? current.recordEncoder(header, results.meta.delimiter === ';')
                : checked;
              if (!created.ok) {
                refused = true;
                parser.abort();
                if (source instanceof TextStreamSource) source.stop();
                refuse(created.problem);
                return;
              }
              checker = checked.ok ? checked.value : null;
              encode = created.value;
              continue;
            }
            row++;
            const line = row + 1;
            const refusal = checker?.check(fields, row) ?? null;
            if (refusal !== null) {
              issue(rowIssue(row, line, refusal.column, refusal.problem));
              continue;
            }
            const id = checker?.idOf(fields) ?? '';
            rowWarnings.length = 0;
            const problem = encode?.(fields, batch, batchIds.length * width, warn) ?? null;
            if (problem !== null) {
              issue(rowIssue(row, line, problem.column, problem.problem));
              continue;
            }
            for (const warning of rowWarnings) {
              warningCount++;
              if (issues.length < 1000) issues.push(rowIssue(row, line, warning.column, warning));
            }
            drift.add(batch, batchIds.length * width);
            batchIds.push(id);
            if (batchIds.length === batchSize) flush();
          }
          post({
            kind: 'batch-progress',
            requestId,
            // Text read so far, or compressed bytes for a gzip upload.
            fraction: Math.min(
              (source === upload ? results.meta.cursor : bytesRead()) / Math.max(upload.size, 1),
              1,
            ),
            rows: row,
          });
        },
        complete() {
          if (refused) return;
          if (header === null) {
            refuse({ code: 'empty' });
            return;
          }
          flush();
          const probabilities = Float32Array.from(scores);
          post(
            {
              kind: 'batch-result',
              requestId,
              ids,
              probabilities,
              rowsRead: row,
              issues,
              issueCount,
              warningCount,
              drift: drift.report(),
              cancelled: cancelled.has(requestId),
            },
            [probabilities.buffer],
          );
          cancelled.delete(requestId);
          resolve();
        },
        error(error) {
          if (error instanceof CorruptGzipError) refuse({ code: 'corrupt-gzip' });
          else reject(error);
        },
      });
    });
  }

  /**
   * An upload as papaparse should read it, sniffed as the CLI sniffs files (core's sniffFile):
   * UTF-16 with a byte-order mark is read as such, binary content (a spreadsheet, an archive) is
   * refused, and gzip is decompressed as it streams (DecompressionStream), sniffed on its first
   * decompressed bytes and handed to papaparse chunk by chunk, never whole.
   */
  async function readableUpload(upload: File): Promise<Result<UploadInput, FileProblem>> {
    const sniffed = sniffFile(new Uint8Array(await upload.slice(0, SNIFF_BYTES).arrayBuffer()));
    if (sniffed.kind === 'text') {
      return success({ source: upload, encoding: sniffed.encoding, bytesRead: () => Number.NaN });
    }
    if (sniffed.kind !== 'gzip') return failure({ code: 'not-text' });
    let compressedBytes = 0;
    const counted = upload.stream().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          compressedBytes += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    );
    const inflated = gzipErrorsNamed(
      counted.pipeThrough(
        new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      ),
    );
    let peeked: Awaited<ReturnType<typeof peek>>;
    try {
      peeked = await peek(inflated, SNIFF_BYTES);
    } catch {
      return failure({ code: 'corrupt-gzip' });
    }
    const { head, rest } = peeked;
    const inner = sniffFile(head);
    if (inner.kind !== 'text') return failure({ code: 'not-text' });
    const text = rest.pipeThrough(
      new TextDecoderStream(inner.encoding) as unknown as ReadableWritablePair<string, Uint8Array>,
    );
    return success({
      source: new TextStreamSource(text.getReader()),
      encoding: inner.encoding,
      bytesRead: () => compressedBytes,
    });
  }

  return {
    handle(request: WorkerRequest): void {
      const fail = (requestId: number) => (error: unknown) => {
        post({
          kind: 'request-failed',
          requestId,
          message: error instanceof Error ? error.message : String(error),
        });
      };
      switch (request.kind) {
        case 'start':
          start(request.modelBase, request.snapshotUrl).catch((error: unknown) => {
            post({
              kind: 'failed',
              message: error instanceof Error ? error.message : String(error),
            });
          });
          break;
        case 'lookup':
          lookup(request.requestId, request.id).catch(fail(request.requestId));
          break;
        case 'score-file':
          scoreFile(request.requestId, request.file).catch(fail(request.requestId));
          break;
        case 'open-portfolio':
          openPortfolio(request.requestId, request.files).catch(fail(request.requestId));
          break;
        case 'load-challenger':
          loadChallenger(request.requestId, request.source).catch(fail(request.requestId));
          break;
        case 'segment-contacts':
          segmentContacts(request).catch(fail(request.requestId));
          break;
        case 'cancel':
          cancelled.add(request.requestId);
          break;
      }
    },
  };
}
