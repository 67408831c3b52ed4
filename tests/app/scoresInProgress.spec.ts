/**
 * Scores gathered while a portfolio installs: every customer gets its own chunk's probability in
 * the portfolio's order, whichever core scored it; the helper holds a couple of units, a short
 * queue waits, this thread takes the overflow and, once the install ends, the rest.
 */
import { describe, expect, it } from 'vitest';
import type { SnapshotChunk } from '../../src/core/snapshot/snapshot';
import {
  HELPER_DEPTH,
  QUEUE_LIMIT,
  ScoresInProgress,
  UNIT_CHUNKS,
  type HelperScorer,
  type LocalScorer,
} from '../../src/features/inference/scoresInProgress';
import type { InstallRecord } from '../../src/features/snapshot/snapshotStore';

/** Chunks of `size` customers with IDs from `first` on, step 3. */
function chunksOf(count: number, size: number, first = 10): SnapshotChunk[] {
  return Array.from({ length: count }, (_, c) => {
    const ids = Float64Array.from({ length: size }, (_, r) => first + 3 * (c * size + r));
    return {
      firstId: ids[0] ?? 0,
      lastId: ids[size - 1] ?? 0,
      ids,
      rowStart: new Uint32Array(size + 1),
      cellColumn: new Uint16Array(0),
      cellValue: new Float64Array(0),
    };
  });
}

/** The probability both scorers give a customer: a function of its ID. */
const probabilityOf = (id: number) => Math.fround(1 / (1 + id));

function scoreAll(chunks: readonly SnapshotChunk[]): Float32Array {
  return Float32Array.from(chunks.flatMap((chunk) => Array.from(chunk.ids, probabilityOf)));
}

class CountingScorer implements LocalScorer {
  customers = 0;
  scoreChunks(chunks: readonly SnapshotChunk[]): Float32Array {
    const scores = scoreAll(chunks);
    this.customers += scores.length;
    return scores;
  }
}

/** A helper that answers when told to (release), so that a test decides how far behind it is. */
class HeldHelper implements HelperScorer {
  usable = true;
  customers = 0;
  deepest = 0;
  private readonly held: {
    chunks: readonly SnapshotChunk[];
    done: (p: Float32Array) => void;
    fail: (e: Error) => void;
  }[] = [];

  get inFlight(): number {
    return this.held.length;
  }

  score(chunks: readonly SnapshotChunk[]): Promise<Float32Array> {
    return new Promise((done, fail) => {
      this.held.push({ chunks, done, fail });
      this.deepest = Math.max(this.deepest, this.held.length);
    });
  }

  /** Answers the oldest unit. */
  release(): boolean {
    const unit = this.held.shift();
    if (unit === undefined) return false;
    const scores = scoreAll(unit.chunks);
    this.customers += scores.length;
    unit.done(scores);
    return true;
  }

  /** Fails every unit held, and every one after. */
  failAll(): void {
    this.usable = false;
    for (const unit of this.held.splice(0)) unit.fail(new Error('the helper stopped'));
  }
}

/** The install's end: settles the gathering while the helper answers every unit it is sent. */
async function settleWhileAnswering(scores: ScoresInProgress, helper: HeldHelper): Promise<void> {
  const settled = scores.settled();
  while (helper.release()) await new Promise((r) => setTimeout(r, 0));
  await settled;
}

const installOf = (count: number): InstallRecord =>
  ({ id: 'x', state: 'complete', header: { count }, resumedFrom: 0 }) as unknown as InstallRecord;

describe('scores gathered while a portfolio installs', () => {
  it('gives every customer its own probability, in order, scoring here without a helper', async () => {
    const chunks = chunksOf(21, 5);
    const local = new CountingScorer();
    const scores = new ScoresInProgress(local, 105);
    scores.add(chunks.slice(0, 13));
    scores.add(chunks.slice(13));
    await scores.settled();
    expect(Array.from(scores.probabilities)).toEqual(Array.from(scoreAll(chunks)));
    expect(Array.from(scores.ids)).toEqual(chunks.flatMap((c) => Array.from(c.ids)));
    expect(local.customers).toBe(105);
    expect(scores.complete(installOf(105))).toBe(true);
  });

  it('keeps the helper at most two units deep and scores here what waits beyond the queue', async () => {
    const units = HELPER_DEPTH + QUEUE_LIMIT + 5;
    const chunks = chunksOf(UNIT_CHUNKS * units, 4);
    const local = new CountingScorer();
    const helper = new HeldHelper();
    const scores = new ScoresInProgress(local, chunks.length * 4, helper);
    // The helper answers nothing while the install adds every unit.
    for (let c = 0; c < chunks.length; c += UNIT_CHUNKS) {
      scores.add(chunks.slice(c, c + UNIT_CHUNKS));
    }
    expect(helper.deepest).toBe(HELPER_DEPTH);
    // Two units at the helper, QUEUE_LIMIT waiting, the five beyond scored here.
    expect(local.customers).toBe(5 * UNIT_CHUNKS * 4);
    // The install ends: this thread takes the waiting units while the helper answers its own.
    await settleWhileAnswering(scores, helper);
    expect(helper.customers + local.customers).toBe(chunks.length * 4);
    expect(helper.customers).toBeGreaterThanOrEqual(HELPER_DEPTH * UNIT_CHUNKS * 4);
    expect(Array.from(scores.probabilities)).toEqual(Array.from(scoreAll(chunks)));
  });

  it('sends the helper the next unit as soon as it answers one', async () => {
    const chunks = chunksOf(UNIT_CHUNKS * 4, 2);
    const helper = new HeldHelper();
    const local = new CountingScorer();
    const scores = new ScoresInProgress(local, chunks.length * 2, helper);
    scores.add(chunks);
    expect(helper.inFlight).toBe(HELPER_DEPTH);
    helper.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(helper.inFlight).toBe(HELPER_DEPTH);
    await settleWhileAnswering(scores, helper);
    expect(Array.from(scores.probabilities)).toEqual(Array.from(scoreAll(chunks)));
  });

  it('scores here the units of a helper that fails, losing no customer', async () => {
    const chunks = chunksOf(UNIT_CHUNKS * 6, 3);
    const helper = new HeldHelper();
    const local = new CountingScorer();
    const scores = new ScoresInProgress(local, chunks.length * 3, helper);
    scores.add(chunks.slice(0, UNIT_CHUNKS * 3));
    helper.failAll();
    scores.add(chunks.slice(UNIT_CHUNKS * 3));
    await scores.settled();
    expect(helper.customers).toBe(0);
    expect(local.customers).toBe(chunks.length * 3);
    expect(Array.from(scores.probabilities)).toEqual(Array.from(scoreAll(chunks)));
  });

  it('marks the gathering unusable when more customers come than announced', async () => {
    const scores = new ScoresInProgress(new CountingScorer(), 10);
    scores.add(chunksOf(3, 4));
    await scores.settled();
    expect(scores.complete(installOf(10))).toBe(false);
  });
});
