/**
 * The segments file as the store keeps it: a read lands only for the model that asked for it, and
 * only a fetch that failed on the way is asked again.
 */
import { describe, expect, it } from 'vitest';
import type { ModelFigures } from '../../src/core/modelFiles';
import type { SegmentData } from '../../src/core/segments';
import { createAppStore } from '../../src/app/store';

const modelOf = (schemaHash: string) => ({ schemaHash }) as unknown as ModelFigures;
const segmentsOf = (schemaHash: string) => ({ schemaHash, columns: [] }) as unknown as SegmentData;

describe('the segments in the store', () => {
  it('keep the file of the model that answers, not a late one of the model before', () => {
    const store = createAppStore();
    store.setState({ metrics: modelOf('b') });
    store.getState().segmentsAsked();
    // Model a's fetch, started before b answered, comes back late.
    store.getState().segmentsRead('a', { ok: true, value: segmentsOf('a') });
    expect(store.getState().segments.status).toBe('loading');
    store.getState().segmentsRead('b', { ok: true, value: segmentsOf('b') });
    expect(store.getState().segments).toEqual({ status: 'ready', data: segmentsOf('b') });
    // A second read of the same model does not replace the first.
    store.getState().segmentsRead('b', { ok: false, problem: { code: 'unreachable' } });
    expect(store.getState().segments.status).toBe('ready');
  });

  it('are asked again after a fetch that failed on the way, never after a missing file', () => {
    const store = createAppStore();
    store.setState({ metrics: modelOf('a') });
    store.getState().segmentsAsked();
    store.getState().segmentsRead('a', { ok: false, problem: { code: 'unreachable' } });
    store.getState().segmentsRetried();
    expect(store.getState().segments).toEqual({ status: 'idle' });
    store.getState().segmentsAsked();
    store.getState().segmentsRead('a', { ok: false, problem: { code: 'absent' } });
    store.getState().segmentsRetried();
    expect(store.getState().segments).toEqual({
      status: 'unavailable',
      problem: { code: 'absent' },
    });
  });
});
