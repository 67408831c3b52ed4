/** The installed portfolio's contacts under per-segment thresholds, as a CSV file's text. */
import { SegmentContactList } from '../../../../core/segments';
import { segmentContactsOf } from '../../portfolioPasses';
import type { WorkerRequest } from '../../protocol';
import type { WorkerSession } from '../workerSession';
import { scoreInstall } from './answer';

/** Answers with the contact list (a header only when no portfolio is installed) and its count. */
export async function segmentContacts(
  session: WorkerSession,
  request: WorkerRequest & { kind: 'segment-contacts' },
): Promise<void> {
  const { model, store } = session.installed();
  const install = await store.active();
  const list =
    install === null
      ? new SegmentContactList(
          request.column,
          request.thresholds,
          request.payoffs,
          request.capacity,
        )
      : await segmentContactsOf(
          store,
          model.engine.columns,
          (await scoreInstall(session, install)).probabilities,
          request,
        );
  session.post({
    kind: 'segment-contacts-result',
    requestId: request.requestId,
    csv: list.csv(),
    count: list.count,
  });
}
