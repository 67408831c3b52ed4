/**
 * The inference host: routes each typed request from the app to its job, and answers a job's
 * failure as an event. Written against a `post` function, so that the same code runs in the
 * worker (the normal case) or on the main thread (the fallback when workers are unavailable).
 */
import type { WorkerRequest } from '../protocol';
import { loadChallenger } from './jobs/challengerScoring';
import { contactReasons } from './jobs/contactReasons';
import { lookup } from './jobs/lookup';
import { openPortfolio } from './jobs/openPortfolio';
import { segmentContacts } from './jobs/segmentContacts';
import { startSession } from './jobs/startSession';
import { scoreFile } from './jobs/uploadJob';
import { WorkerSession, type Post } from './workerSession';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createInferenceHost(post: Post) {
  const session = new WorkerSession(post);
  return {
    handle(request: WorkerRequest): void {
      const fail = (requestId: number) => (error: unknown) => {
        post({ kind: 'request-failed', requestId, message: messageOf(error) });
      };
      switch (request.kind) {
        case 'start':
          startSession(session, request.modelBase, request.snapshotUrl).catch((error: unknown) => {
            session.dispatch({ type: 'failed', reason: 'error' });
            post({ kind: 'failed', message: messageOf(error) });
          });
          break;
        case 'lookup':
          lookup(session, request.requestId, request.id).catch(fail(request.requestId));
          break;
        case 'score-file':
          scoreFile(session, request.requestId, request.file).catch(fail(request.requestId));
          break;
        case 'open-portfolio':
          openPortfolio(session, request.requestId, request.files, request.valueColumn).catch(
            fail(request.requestId),
          );
          break;
        case 'load-challenger':
          loadChallenger(session, request.requestId, request.source).catch(fail(request.requestId));
          break;
        case 'segment-contacts':
          segmentContacts(session, request).catch(fail(request.requestId));
          break;
        case 'contact-reasons':
          contactReasons(session, request.requestId, request.rows).catch(fail(request.requestId));
          break;
        case 'cancel':
          session.dispatch({ type: 'cancel', requestId: request.requestId });
          break;
      }
    },
  };
}
