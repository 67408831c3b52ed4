/**
 * The inference worker's side of the second scoring worker. Its lifecycle is explicit: spawned for
 * one install (only where the machine has more than one core and workers can start workers), so
 * that it compiles its script and starts its backend while the model downloads; given the model
 * once it is loaded; disposed when the install ends. Any failure turns it off; its callers then
 * score locally.
 */
import type { SnapshotChunk } from '../../core/snapshot';
import type { ModelBundle } from './engine';
import type { HelperReply, HelperRequest } from './scoringHelper';

export class ScoringHelperClient {
  private readonly waiting = new Map<
    number,
    { resolve: (p: Float32Array) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed = false;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<HelperReply>) => {
      const reply = event.data;
      if (reply.kind === 'scored') {
        this.waiting.get(reply.id)?.resolve(reply.probabilities);
        this.waiting.delete(reply.id);
      } else if (reply.kind === 'failed') this.fail(reply.message);
    };
    worker.onerror = () => {
      this.fail('the scoring helper stopped');
    };
  }

  /**
   * A helper, its backend starting: a second instance of this worker's own script. Null on the
   * main thread, with one core, or where workers cannot start workers. Give it the model (load)
   * before it scores.
   */
  static spawn(): ScoringHelperClient | null {
    const scope = globalThis as unknown as {
      WorkerGlobalScope?: unknown;
      location?: { href: string };
      navigator?: { hardwareConcurrency?: number };
    };
    const cores = scope.navigator?.hardwareConcurrency ?? 1;
    const script = scope.location?.href;
    if (scope.WorkerGlobalScope === undefined || script === undefined) return null;
    if (cores < 2 || typeof Worker === 'undefined') return null;
    try {
      const worker = new Worker(script, { type: 'module' });
      const client = new ScoringHelperClient(worker);
      client.send({ kind: 'helper-backend' });
      return client;
    } catch {
      return null;
    }
  }

  /** Gives the helper its own copy of the model; batches sent before it are scored after it. */
  load(bundle: ModelBundle): void {
    if (!this.failed) this.send({ kind: 'helper-init', bundle });
  }

  /** Batches sent and not yet scored. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /** Whether the helper still takes work. */
  get usable(): boolean {
    return !this.failed;
  }

  /** The chunks' probabilities, in order; rejects when the helper fails. */
  score(chunks: readonly SnapshotChunk[]): Promise<Float32Array> {
    if (this.failed) return Promise.reject(new Error('the scoring helper is off'));
    const id = this.nextId++;
    const promise = new Promise<Float32Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
    });
    this.send({ kind: 'helper-score', id, chunks });
    return promise;
  }

  /** Ends the helper; batches still waiting are rejected. */
  dispose(): void {
    this.fail('the scoring helper was disposed');
    this.worker.terminate();
  }

  private send(request: HelperRequest): void {
    this.worker.postMessage(request);
  }

  private fail(message: string): void {
    this.failed = true;
    for (const waiter of this.waiting.values()) waiter.reject(new Error(message));
    this.waiting.clear();
  }
}
