/** The worker shell: hands every message to the inference host and posts its events back. */
import { createInferenceHost } from './host';
import type { WorkerEvent, WorkerRequest } from './protocol';

const scope = globalThis as unknown as {
  postMessage(message: WorkerEvent, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};
const host = createInferenceHost((event, transfer) => {
  scope.postMessage(event, transfer ?? []);
});
scope.onmessage = (event) => {
  host.handle(event.data);
};
