/**
 * Probabilities of a portfolio gathered while it installs, chunk by chunk in ID order, so that a
 * cold start need not read the portfolio back from IndexedDB to score it. Chunks wait in a queue in
 * units of a block's worth; a helper worker takes units while it holds fewer than HELPER_DEPTH,
 * this thread scores a unit itself whenever more than QUEUE_LIMIT wait (so memory holds a bounded
 * queue, never the portfolio), and once the install ends it scores the units still waiting while
 * the helper finishes its own, so that neither core idles while the other has a backlog.
 */
import type { SnapshotChunk } from '../../core/snapshot';
import type { InstallRecord } from '../snapshot/snapshotStore';

/** Chunks per unit of work: a block's worth (4,096 customers at 512 a chunk). */
export const UNIT_CHUNKS = 8;
/** Units the helper holds at most: one it scores, one that waits behind it. */
export const HELPER_DEPTH = 2;
/**
 * Units that wait for a core at most before this thread takes one: a dozen (about 49,000
 * customers), so that during the install this thread mostly decodes and writes.
 */
export const QUEUE_LIMIT = 12;

/** What scores here: the model's engine on this thread. */
export interface LocalScorer {
  scoreChunks(chunks: readonly SnapshotChunk[]): Float32Array;
}

/** A second worker that scores chunks (ScoringHelperClient). */
export interface HelperScorer {
  readonly usable: boolean;
  readonly inFlight: number;
  score(chunks: readonly SnapshotChunk[]): Promise<Float32Array>;
}

interface Unit {
  readonly chunks: readonly SnapshotChunk[];
  /** Where the unit's first customer goes in the portfolio's order. */
  readonly offset: number;
}

/** Lets message events (the helper's replies) run before the next unit is scored here. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class ScoresInProgress {
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  /** With text IDs: the customers' ID texts, in the same order. */
  private readonly gatheredLabels: string[] = [];
  private filled = 0;
  private overflowed = false;
  private readonly queue: Unit[] = [];
  private readonly pending = new Set<Promise<void>>();
  /** Time spent scoring on this thread so far, in milliseconds. */
  milliseconds = 0;

  /** For a portfolio of `count` customers (0 when unknown: nothing is gathered). */
  constructor(
    private readonly engine: LocalScorer,
    readonly count: number,
    private readonly helper: HelperScorer | null = null,
  ) {
    this.ids = new Float64Array(count);
    this.probabilities = new Float32Array(count);
  }

  /** Queues the next chunks for scoring; more customers than announced marks the gathering unusable. */
  add(chunks: readonly SnapshotChunk[]): void {
    const rows = chunks.reduce((sum, chunk) => sum + chunk.ids.length, 0);
    if (this.overflowed || this.filled + rows > this.count) {
      this.overflowed = true;
      return;
    }
    for (let start = 0; start < chunks.length; start += UNIT_CHUNKS) {
      const unit = chunks.slice(start, start + UNIT_CHUNKS);
      this.queue.push({ chunks: unit, offset: this.filled });
      for (const chunk of unit) {
        this.ids.set(chunk.ids, this.filled);
        this.filled += chunk.ids.length;
        if (chunk.labels !== undefined)
          for (const label of chunk.labels) this.gatheredLabels.push(label);
      }
    }
    this.feedHelper();
    const limit = this.helper?.usable === true ? QUEUE_LIMIT : 0;
    while (this.queue.length > limit) this.scoreHere(this.queue.shift() as Unit);
  }

  /** Sends queued units to the helper while it holds fewer than HELPER_DEPTH. */
  private feedHelper(): void {
    const helper = this.helper;
    while (helper?.usable === true && helper.inFlight < HELPER_DEPTH && this.queue.length > 0) {
      const unit = this.queue.shift() as Unit;
      const done: Promise<void> = helper.score(unit.chunks).then(
        (probabilities) => {
          this.probabilities.set(probabilities, unit.offset);
        },
        () => {
          this.scoreHere(unit);
        },
      );
      this.pending.add(done);
      void done.then(() => {
        this.pending.delete(done);
        this.feedHelper();
      });
    }
  }

  private scoreHere(unit: Unit): void {
    const started = performance.now();
    this.probabilities.set(this.engine.scoreChunks(unit.chunks), unit.offset);
    this.milliseconds += performance.now() - started;
  }

  /** The ID texts gathered (text IDs), or null for integer IDs. */
  get labels(): readonly string[] | null {
    return this.gatheredLabels.length > 0 ? this.gatheredLabels : null;
  }

  /**
   * Resolves once every queued customer is scored: this thread scores the units still waiting,
   * one at a time, while the helper keeps taking them too.
   */
  async settled(): Promise<void> {
    for (;;) {
      const unit = this.queue.shift();
      if (unit !== undefined) {
        this.scoreHere(unit);
        await nextTask();
      } else if (this.pending.size > 0) await Promise.race(this.pending);
      else return;
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
