/**
 * The second scoring worker's logic: while the inference worker decodes a portfolio and writes it
 * to IndexedDB, this one scores batches of its chunks with its own copy of the model, so both
 * cores work. It is a second instance of the same worker script (inference.worker.ts hands it
 * helper messages), so it costs no download. Pure message handling; scoringHelperClient.ts is the
 * inference worker's side, with local scoring as the fallback.
 */
import type { SnapshotChunk } from '../../core/snapshot';
import { initBrowserBackend } from './backend';
import { ScoringEngine, type ModelBundle } from './engine';

export type HelperRequest =
  | { readonly kind: 'helper-backend' }
  | { readonly kind: 'helper-init'; readonly bundle: ModelBundle }
  | {
      readonly kind: 'helper-score';
      readonly id: number;
      readonly chunks: readonly SnapshotChunk[];
    };

/** Whether a message to the worker is for the scoring helper. */
export function isHelperRequest(message: { readonly kind: string }): message is HelperRequest {
  return (
    message.kind === 'helper-backend' ||
    message.kind === 'helper-init' ||
    message.kind === 'helper-score'
  );
}

export type HelperReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'scored'; readonly id: number; readonly probabilities: Float32Array }
  | { readonly kind: 'failed'; readonly id: number | null; readonly message: string };

/** Handles the helper's requests in order; replies through `post`. */
export function createScoringHelper(post: (reply: HelperReply, transfer?: Transferable[]) => void) {
  let backend: Promise<string> | null = null;
  let engine: Promise<ScoringEngine> | null = null;
  return {
    handle(request: HelperRequest): void {
      if (request.kind === 'helper-backend') {
        // Started before the model arrives; a failure shows when the model is loaded.
        backend ??= initBrowserBackend();
        backend.catch(() => undefined);
        return;
      }
      if (request.kind === 'helper-init') {
        backend ??= initBrowserBackend();
        const bundle = request.bundle;
        engine = backend.then(() => ScoringEngine.create(bundle));
        engine.then(
          () => {
            post({ kind: 'ready' });
          },
          (error: unknown) => {
            post({ kind: 'failed', id: null, message: String(error) });
          },
        );
        return;
      }
      const { id, chunks } = request;
      if (engine === null) {
        post({ kind: 'failed', id, message: 'the helper has no model' });
        return;
      }
      engine.then(
        (ready) => {
          const probabilities = ready.scoreChunks(chunks);
          post({ kind: 'scored', id, probabilities }, [probabilities.buffer]);
        },
        (error: unknown) => {
          post({ kind: 'failed', id, message: String(error) });
        },
      );
    },
  };
}
