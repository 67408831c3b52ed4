/**
 * Probabilities of a portfolio gathered while it installs, chunk by chunk in ID order, so that a
 * cold start need not read the portfolio back from IndexedDB to score it. With a helper worker,
 * batches go to it while it keeps up (at most two waiting), the rest are scored here: both cores
 * score while this thread also decodes and writes.
 */
import type { SnapshotChunk } from '../../core/snapshot';
import type { InstallRecord } from '../snapshot/snapshotStore';
import type { ScoringEngine } from './engine';
import type { ScoringHelperClient } from './scoringHelperClient';

export class ScoresInProgress {
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  /** With text IDs: the customers' ID texts, in the same order. */
  private readonly gatheredLabels: string[] = [];
  private filled = 0;
  private overflowed = false;
  private readonly pending: Promise<void>[] = [];
  /** Time spent scoring on this thread so far, in milliseconds. */
  milliseconds = 0;

  /** For a portfolio of `count` customers (0 when unknown: nothing is gathered). */
  constructor(
    private readonly engine: ScoringEngine,
    readonly count: number,
    private readonly helper: ScoringHelperClient | null = null,
  ) {
    this.ids = new Float64Array(count);
    this.probabilities = new Float32Array(count);
  }

  /** Scores the next chunks; more customers than announced marks the gathering unusable. */
  add(chunks: readonly SnapshotChunk[]): void {
    const rows = chunks.reduce((sum, chunk) => sum + chunk.ids.length, 0);
    if (this.overflowed || this.filled + rows > this.count) {
      this.overflowed = true;
      return;
    }
    const offset = this.filled;
    for (const chunk of chunks) {
      this.ids.set(chunk.ids, this.filled);
      this.filled += chunk.ids.length;
      if (chunk.labels !== undefined)
        for (const label of chunk.labels) this.gatheredLabels.push(label);
    }
    const helper = this.helper;
    if (helper?.usable === true && helper.inFlight < 4) {
      this.pending.push(
        helper.score(chunks).then(
          (probabilities) => {
            this.probabilities.set(probabilities, offset);
          },
          () => {
            this.scoreHere(chunks, offset);
          },
        ),
      );
    } else this.scoreHere(chunks, offset);
  }

  private scoreHere(chunks: readonly SnapshotChunk[], offset: number): void {
    const started = performance.now();
    this.probabilities.set(this.engine.scoreChunks(chunks), offset);
    this.milliseconds += performance.now() - started;
  }

  /** The ID texts gathered (text IDs), or null for integer IDs. */
  get labels(): readonly string[] | null {
    return this.gatheredLabels.length > 0 ? this.gatheredLabels : null;
  }

  /** Resolves once every batch sent to the helper is scored (here, if the helper failed). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** Whether every customer of `install` was scored here (not so for a resumed install). */
  complete(install: InstallRecord): boolean {
    return (
      !this.overflowed &&
      (install.resumedFrom ?? 0) === 0 &&
      this.count === install.header.count &&
      this.filled === this.count
    );
  }
}
