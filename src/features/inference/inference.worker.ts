/**
 * The worker shell: hands every message to the inference host and posts its events back. A second
 * instance of this script serves as the scoring helper (see scoringHelper.ts): it gets helper
 * messages only, and builds the helper instead.
 */
import { createInferenceHost } from './worker/dispatcher';
import type { WorkerEvent, WorkerRequest } from './protocol';
import {
  createScoringHelper,
  isHelperRequest,
  type HelperReply,
  type HelperRequest,
} from './scoringHelper';

const scope = globalThis as unknown as {
  postMessage(message: WorkerEvent | HelperReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest | HelperRequest>) => void) | null;
};
const post = (message: WorkerEvent | HelperReply, transfer?: Transferable[]) => {
  scope.postMessage(message, transfer ?? []);
};
let host: ReturnType<typeof createInferenceHost> | null = null;
let helper: ReturnType<typeof createScoringHelper> | null = null;
scope.onmessage = (event) => {
  const message = event.data;
  if (isHelperRequest(message)) {
    helper ??= createScoringHelper(post);
    helper.handle(message);
  } else {
    host ??= createInferenceHost(post);
    host.handle(message);
  }
};
