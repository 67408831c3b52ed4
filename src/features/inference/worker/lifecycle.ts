/**
 * The worker session's life as one state and one reducer over typed actions: which phase it is
 * in, which portfolio it answers from (or is about to), and which uploads are running. Pure: the
 * jobs dispatch actions and read the state; nothing else changes it. An action that does not
 * apply to the current phase leaves the state as it is (the same object).
 *
 *   idle ─start→ loading ─install-started→ installing ─scoring→ scoring ─answered→ answering
 *   loading ─scoring→ scoring                (a warm start: the portfolio is already installed)
 *   answering ─switch-started→ switching ─scoring→ scoring   (an update, or a portfolio from disk)
 *   switching ─switch-abandoned→ answering   (a refusal or a quota failure: the old one answers)
 *   installing ─quota-exceeded→ scoring (a previous install kept) or failed (none)
 *   answering ─scoring→ scoring              (another tab switched a portfolio in)
 *   loading ─model-refused→ failed;  any ─failed→ failed
 */

export type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  /** The first install of the shipped portfolio; lookups answer from its parts once open. */
  | { readonly kind: 'installing'; readonly lookupsOpen: boolean }
  /** Scoring every customer of `installId` (null: no portfolio) before answering from it. */
  | { readonly kind: 'scoring'; readonly installId: string | null }
  | { readonly kind: 'answering'; readonly installId: string | null }
  /** Installing another portfolio (`to` once its ID is known) while `installId` answers. */
  | { readonly kind: 'switching'; readonly installId: string | null; readonly to: string | null }
  | { readonly kind: 'failed'; readonly reason: FailureReason };

export type FailureReason = 'model-refused' | 'storage-full' | 'error';

export type UploadState = 'running' | 'cancelled';

export interface SessionState {
  readonly phase: Phase;
  /** Uploads being scored, by request ID. */
  readonly uploads: ReadonlyMap<number, UploadState>;
}

export type SessionAction =
  | { readonly type: 'start' }
  | { readonly type: 'model-refused' }
  | { readonly type: 'install-started'; readonly lookupsOpen: boolean }
  | { readonly type: 'lookups-opened' }
  | { readonly type: 'quota-exceeded'; readonly kept: string | null }
  | { readonly type: 'scoring'; readonly installId: string | null }
  | { readonly type: 'answered' }
  | { readonly type: 'switch-started'; readonly to: string | null }
  | { readonly type: 'switch-abandoned' }
  | { readonly type: 'failed'; readonly reason: FailureReason }
  | { readonly type: 'upload-started'; readonly requestId: number }
  | { readonly type: 'cancel'; readonly requestId: number }
  | { readonly type: 'upload-ended'; readonly requestId: number };

export const INITIAL_SESSION: SessionState = { phase: { kind: 'idle' }, uploads: new Map() };

/** The portfolio a phase answers from, when it answers from one. */
function answeringId(phase: Phase): string | null {
  return phase.kind === 'answering' || phase.kind === 'switching' ? phase.installId : null;
}

function nextPhase(phase: Phase, action: SessionAction): Phase {
  switch (action.type) {
    case 'start':
      return phase.kind === 'idle' ? { kind: 'loading' } : phase;
    case 'model-refused':
      return phase.kind === 'loading' ? { kind: 'failed', reason: 'model-refused' } : phase;
    case 'install-started':
      return phase.kind === 'loading'
        ? { kind: 'installing', lookupsOpen: action.lookupsOpen }
        : phase;
    case 'lookups-opened':
      return phase.kind === 'installing' ? { kind: 'installing', lookupsOpen: true } : phase;
    case 'quota-exceeded':
      if (phase.kind !== 'installing') return phase;
      return action.kept === null
        ? { kind: 'failed', reason: 'storage-full' }
        : { kind: 'scoring', installId: action.kept };
    case 'scoring':
      return phase.kind === 'idle' || phase.kind === 'failed'
        ? phase
        : { kind: 'scoring', installId: action.installId };
    case 'answered':
      return phase.kind === 'scoring' ? { kind: 'answering', installId: phase.installId } : phase;
    case 'switch-started':
      return phase.kind === 'answering'
        ? { kind: 'switching', installId: phase.installId, to: action.to }
        : phase;
    case 'switch-abandoned':
      return phase.kind === 'switching'
        ? { kind: 'answering', installId: answeringId(phase) }
        : phase;
    case 'failed':
      return { kind: 'failed', reason: action.reason };
    default:
      return phase;
  }
}

function nextUploads(
  uploads: ReadonlyMap<number, UploadState>,
  action: SessionAction,
): ReadonlyMap<number, UploadState> {
  switch (action.type) {
    case 'upload-started': {
      const next = new Map(uploads);
      next.set(action.requestId, 'running');
      return next;
    }
    case 'cancel': {
      if (uploads.get(action.requestId) !== 'running') return uploads;
      const next = new Map(uploads);
      next.set(action.requestId, 'cancelled');
      return next;
    }
    case 'upload-ended': {
      if (!uploads.has(action.requestId)) return uploads;
      const next = new Map(uploads);
      next.delete(action.requestId);
      return next;
    }
    default:
      return uploads;
  }
}

/** The state after `action` (the same object when the action does not apply). */
export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  const phase = nextPhase(state.phase, action);
  const uploads = nextUploads(state.uploads, action);
  return phase === state.phase && uploads === state.uploads ? state : { phase, uploads };
}

/**
 * True when the session answers from install `id`, or is about to (scoring it, or switching to
 * it): another tab's announcement of that very install needs no answer.
 */
export function answersFrom(state: SessionState, id: string): boolean {
  const { phase } = state;
  switch (phase.kind) {
    case 'scoring':
    case 'answering':
      return phase.installId === id;
    case 'switching':
      return phase.installId === id || phase.to === id;
    default:
      return false;
  }
}

/** True when the upload of `requestId` was cancelled while it ran. */
export function isCancelled(state: SessionState, requestId: number): boolean {
  return state.uploads.get(requestId) === 'cancelled';
}

/** True when the session has given up (a refused model, no storage, an error while starting). */
export function hasFailed(state: SessionState): boolean {
  return state.phase.kind === 'failed';
}
