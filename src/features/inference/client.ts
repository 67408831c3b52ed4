/**
 * The app's side of inference: a worker when the browser allows one, else the same host on the main
 * thread. Requests get promises; lifecycle events go to a listener.
 */
import type { CustomerKey } from '../../core/records';
import type { Payoffs } from '../../core/decision';
import type { SegmentColumn } from '../../core/segments';
import type { ChallengerSource } from './challenger';
import type {
  BatchRefused,
  BatchResult,
  ChallengerResult,
  LookupResult,
  PortfolioOutcome,
  SegmentContactsResult,
  ContactReasonsResult,
  WorkerEvent,
  WorkerRequest,
} from './protocol';

type Listener = (event: WorkerEvent) => void;

interface Pending {
  resolve(event: WorkerEvent): void;
  reject(error: Error): void;
  onProgress?: (fraction: number, rows: number) => void;
}

export class InferenceClient {
  private worker: Worker | null = null;
  private fallback: { handle(request: WorkerRequest): void } | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** "worker" or "main thread". */
  mode: 'worker' | 'main thread' = 'worker';

  constructor(private readonly listener: Listener) {}

  private receive = (event: WorkerEvent): void => {
    if ('requestId' in event) {
      const pending = this.pending.get(event.requestId);
      if (pending === undefined) return;
      if (event.kind === 'batch-progress') {
        pending.onProgress?.(event.fraction, event.rows);
        return;
      }
      this.pending.delete(event.requestId);
      if (event.kind === 'request-failed') pending.reject(new Error(event.message));
      else pending.resolve(event);
      return;
    }
    this.listener(event);
  };

  private async send(request: WorkerRequest): Promise<void> {
    if (this.worker !== null) {
      this.worker.postMessage(request);
      return;
    }
    if (this.fallback === null) {
      const { createInferenceHost } = await import('./mainThreadHost');
      this.fallback = createInferenceHost((event) => {
        this.receive(event);
      });
    }
    this.fallback.handle(request);
  }

  /** Starts the lifecycle: load → install → warm-up → score → ready (reported to the listener). */
  start(modelBase: string, snapshotUrl: string): void {
    try {
      this.worker = new Worker(new URL('./inference.worker.ts', import.meta.url), {
        type: 'module',
      });
      this.worker.onmessage = (event: MessageEvent<WorkerEvent>) => {
        this.receive(event.data);
      };
      this.worker.onerror = () => {
        // A worker that cannot start: fall back to the main thread.
        this.worker?.terminate();
        this.worker = null;
        this.mode = 'main thread';
        void this.send({ kind: 'start', modelBase, snapshotUrl });
      };
    } catch {
      this.worker = null;
      this.mode = 'main thread';
    }
    void this.send({ kind: 'start', modelBase, snapshotUrl });
  }

  private request<T extends WorkerEvent>(
    build: (requestId: number) => WorkerRequest,
    onProgress?: (fraction: number, rows: number) => void,
  ): { requestId: number; promise: Promise<T> } {
    const requestId = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, {
        resolve: (e) => {
          resolve(e as T);
        },
        reject,
        ...(onProgress !== undefined ? { onProgress } : {}),
      });
    });
    void this.send(build(requestId));
    return { requestId, promise };
  }

  /** The customer of this ID (a number for integer IDs, text for text IDs). */
  lookup(id: CustomerKey): Promise<LookupResult> {
    return this.request<LookupResult>((requestId) => ({ kind: 'lookup', requestId, id })).promise;
  }

  /**
   * Scores a CSV file; abort() through the signal stops parsing and returns what was scored. A
   * file refused as a whole (not text, a header that cannot serve) resolves as BatchRefused.
   */
  scoreFile(
    file: File,
    onProgress: (fraction: number, rows: number) => void,
    signal?: AbortSignal,
  ): Promise<BatchResult | BatchRefused> {
    const { requestId, promise } = this.request<BatchResult | BatchRefused>(
      (id) => ({ kind: 'score-file', requestId: id, file }),
      onProgress,
    );
    signal?.addEventListener('abort', () => {
      void this.send({ kind: 'cancel', requestId });
    });
    return promise;
  }

  /**
   * Installs a portfolio from the analyst's disk: a snapshot file, a customer CSV, or the part
   * files of one portfolio. Resolves with its outcome; when installed, a 'ready' event with the
   * new portfolio reaches the listener right after. A CSV keeps `valueColumn` (a numeric column)
   * as each customer's value.
   */
  openPortfolio(
    files: readonly File[],
    valueColumn: string | null = null,
  ): Promise<PortfolioOutcome> {
    return this.request<PortfolioOutcome>((requestId) => ({
      kind: 'open-portfolio',
      requestId,
      files,
      valueColumn,
    })).promise;
  }

  /**
   * The installed portfolio's contacts under per-segment thresholds (thresholds[s] for segment s
   * of `column`), at most `capacity` of them, as CSV text.
   */
  segmentContacts(
    column: SegmentColumn,
    thresholds: readonly number[],
    payoffs: Payoffs,
    capacity: number | null,
  ): Promise<SegmentContactsResult> {
    return this.request<SegmentContactsResult>((requestId) => ({
      kind: 'segment-contacts',
      requestId,
      column,
      thresholds,
      payoffs,
      capacity,
    })).promise;
  }

  /**
   * The main reason to contact each listed customer (portfolio indices, in the scores' order):
   * the column that raises their probability most, as column names in the same order.
   */
  contactReasons(rows: readonly number[]): Promise<ContactReasonsResult> {
    return this.request<ContactReasonsResult>((requestId) => ({
      kind: 'contact-reasons',
      requestId,
      rows,
    })).promise;
  }

  /** Reads a second model and scores the installed portfolio with it. */
  loadChallenger(source: ChallengerSource): Promise<ChallengerResult> {
    return this.request<ChallengerResult>((requestId) => ({
      kind: 'load-challenger',
      requestId,
      source,
    })).promise;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const pending of this.pending.values()) pending.reject(new Error('inference stopped'));
    this.pending.clear();
  }
}
