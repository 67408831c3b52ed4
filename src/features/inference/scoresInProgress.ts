/**
 * Probabilities of a portfolio gathered while it installs, chunk by chunk in ID order, so that a
 * cold start need not read the portfolio back from IndexedDB to score it.
 */
import type { SnapshotChunk } from '../../core/snapshot';
import type { InstallRecord } from '../snapshot/snapshotStore';
import type { ScoringEngine } from './engine';

export class ScoresInProgress {
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  private filled = 0;
  private overflowed = false;
  /** Time spent scoring so far, in milliseconds. */
  milliseconds = 0;

  /** For a portfolio of `count` customers (0 when unknown: nothing is gathered). */
  constructor(
    private readonly engine: ScoringEngine,
    readonly count: number,
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
    const started = performance.now();
    this.probabilities.set(this.engine.scoreChunks(chunks), this.filled);
    this.milliseconds += performance.now() - started;
    for (const chunk of chunks) {
      this.ids.set(chunk.ids, this.filled);
      this.filled += chunk.ids.length;
    }
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
