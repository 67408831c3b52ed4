/**
 * The worker session's lifecycle, without a browser: every transition the reducer defines, the
 * actions it ignores in each phase, a quota failure mid-install and a cancel mid-upload.
 */
import { describe, expect, it } from 'vitest';
import {
  answersFrom,
  hasFailed,
  INITIAL_SESSION,
  isCancelled,
  sessionReducer,
  type Phase,
  type SessionAction,
  type SessionState,
} from '../../src/features/inference/worker/lifecycle';

const at = (phase: Phase): SessionState => ({ phase, uploads: new Map() });
const run = (state: SessionState, ...actions: SessionAction[]) =>
  actions.reduce(sessionReducer, state);

describe('the session phases', () => {
  it.each<[string, Phase, SessionAction, Phase]>([
    ['a start loads the model', { kind: 'idle' }, { type: 'start' }, { kind: 'loading' }],
    [
      'a refused model fails the session',
      { kind: 'loading' },
      { type: 'model-refused' },
      { kind: 'failed', reason: 'model-refused' },
    ],
    [
      'a first visit installs the shipped portfolio',
      { kind: 'loading' },
      { type: 'install-started', lookupsOpen: false },
      { kind: 'installing', lookupsOpen: false },
    ],
    [
      'lookups open on the parts while they install',
      { kind: 'installing', lookupsOpen: false },
      { type: 'lookups-opened' },
      { kind: 'installing', lookupsOpen: true },
    ],
    [
      'out of quota mid-install with an earlier portfolio kept: it is scored',
      { kind: 'installing', lookupsOpen: true },
      { type: 'quota-exceeded', kept: 'old' },
      { kind: 'scoring', installId: 'old' },
    ],
    [
      'out of quota mid-install with nothing kept: the session fails',
      { kind: 'installing', lookupsOpen: true },
      { type: 'quota-exceeded', kept: null },
      { kind: 'failed', reason: 'storage-full' },
    ],
    [
      'a warm start scores the installed portfolio at once',
      { kind: 'loading' },
      { type: 'scoring', installId: 'a' },
      { kind: 'scoring', installId: 'a' },
    ],
    [
      'an install done is scored',
      { kind: 'installing', lookupsOpen: true },
      { type: 'scoring', installId: 'a' },
      { kind: 'scoring', installId: 'a' },
    ],
    [
      'a build without a portfolio answers from none',
      { kind: 'loading' },
      { type: 'scoring', installId: null },
      { kind: 'scoring', installId: null },
    ],
    [
      'scores ready: the session answers',
      { kind: 'scoring', installId: 'a' },
      { type: 'answered' },
      { kind: 'answering', installId: 'a' },
    ],
    [
      'another tab switched a portfolio in: it is scored',
      { kind: 'answering', installId: 'a' },
      { type: 'scoring', installId: 'b' },
      { kind: 'scoring', installId: 'b' },
    ],
    [
      'an update or a file from disk installs while the portfolio answers',
      { kind: 'answering', installId: 'a' },
      { type: 'switch-started', to: 'b' },
      { kind: 'switching', installId: 'a', to: 'b' },
    ],
    [
      'the new portfolio in: it is scored',
      { kind: 'switching', installId: 'a', to: 'b' },
      { type: 'scoring', installId: 'b' },
      { kind: 'scoring', installId: 'b' },
    ],
    [
      'a switch refused or out of quota: the old portfolio answers on',
      { kind: 'switching', installId: 'a', to: 'b' },
      { type: 'switch-abandoned' },
      { kind: 'answering', installId: 'a' },
    ],
    [
      'an error fails the session from any phase',
      { kind: 'switching', installId: 'a', to: null },
      { type: 'failed', reason: 'error' },
      { kind: 'failed', reason: 'error' },
    ],
  ])('%s', (_, from, action, to) => {
    expect(sessionReducer(at(from), action).phase).toEqual(to);
  });

  it.each<[Phase, SessionAction]>([
    [{ kind: 'loading' }, { type: 'start' }],
    [{ kind: 'answering', installId: 'a' }, { type: 'model-refused' }],
    [
      { kind: 'answering', installId: 'a' },
      { type: 'install-started', lookupsOpen: true },
    ],
    [{ kind: 'scoring', installId: 'a' }, { type: 'lookups-opened' }],
    [
      { kind: 'answering', installId: 'a' },
      { type: 'quota-exceeded', kept: null },
    ],
    [{ kind: 'idle' }, { type: 'scoring', installId: 'a' }],
    [
      { kind: 'failed', reason: 'storage-full' },
      { type: 'scoring', installId: 'a' },
    ],
    [{ kind: 'installing', lookupsOpen: true }, { type: 'answered' }],
    [
      { kind: 'installing', lookupsOpen: true },
      { type: 'switch-started', to: 'b' },
    ],
    [{ kind: 'answering', installId: 'a' }, { type: 'switch-abandoned' }],
  ])('in %j, %j changes nothing', (phase, action) => {
    const state = at(phase);
    expect(sessionReducer(state, action)).toBe(state);
  });

  it('a first visit runs from idle to answering, then through an update to the new portfolio', () => {
    const state = run(
      INITIAL_SESSION,
      { type: 'start' },
      { type: 'install-started', lookupsOpen: false },
      { type: 'lookups-opened' },
      { type: 'scoring', installId: 'a' },
      { type: 'answered' },
      { type: 'switch-started', to: 'b' },
      { type: 'scoring', installId: 'b' },
      { type: 'answered' },
    );
    expect(state.phase).toEqual({ kind: 'answering', installId: 'b' });
    expect(hasFailed(state)).toBe(false);
  });

  it('a quota failure mid-install with no earlier portfolio leaves a failed session', () => {
    const state = run(
      INITIAL_SESSION,
      { type: 'start' },
      { type: 'install-started', lookupsOpen: false },
      { type: 'lookups-opened' },
      { type: 'quota-exceeded', kept: null },
      { type: 'scoring', installId: 'a' },
    );
    expect(state.phase).toEqual({ kind: 'failed', reason: 'storage-full' });
    expect(hasFailed(state)).toBe(true);
  });
});

describe('which portfolio the session answers from', () => {
  it('answers from the portfolio being scored, answering, or switched to', () => {
    expect(answersFrom(at({ kind: 'scoring', installId: 'a' }), 'a')).toBe(true);
    expect(answersFrom(at({ kind: 'answering', installId: 'a' }), 'a')).toBe(true);
    const switching = at({ kind: 'switching', installId: 'a', to: 'b' });
    expect(answersFrom(switching, 'a')).toBe(true);
    expect(answersFrom(switching, 'b')).toBe(true);
  });

  it('does not answer from another tab’s portfolio, nor while loading or installing', () => {
    expect(answersFrom(at({ kind: 'answering', installId: 'a' }), 'c')).toBe(false);
    expect(answersFrom(at({ kind: 'loading' }), 'a')).toBe(false);
    expect(answersFrom(at({ kind: 'installing', lookupsOpen: true }), 'a')).toBe(false);
  });
});

describe('uploads', () => {
  it('a cancel mid-upload marks it cancelled until it ends', () => {
    const running = run(INITIAL_SESSION, { type: 'upload-started', requestId: 7 });
    expect(isCancelled(running, 7)).toBe(false);
    const cancelled = sessionReducer(running, { type: 'cancel', requestId: 7 });
    expect(isCancelled(cancelled, 7)).toBe(true);
    const ended = sessionReducer(cancelled, { type: 'upload-ended', requestId: 7 });
    expect(ended.uploads.size).toBe(0);
    expect(isCancelled(ended, 7)).toBe(false);
  });

  it('a cancel of an upload not running, or an end of one unknown, changes nothing', () => {
    const running = run(INITIAL_SESSION, { type: 'upload-started', requestId: 1 });
    expect(sessionReducer(running, { type: 'cancel', requestId: 2 })).toBe(running);
    expect(sessionReducer(running, { type: 'upload-ended', requestId: 2 })).toBe(running);
  });

  it('uploads run on whatever the phase does', () => {
    const state = run(
      at({ kind: 'answering', installId: 'a' }),
      { type: 'upload-started', requestId: 1 },
      { type: 'switch-started', to: 'b' },
      { type: 'cancel', requestId: 1 },
    );
    expect(state.phase).toEqual({ kind: 'switching', installId: 'a', to: 'b' });
    expect(isCancelled(state, 1)).toBe(true);
  });
});
