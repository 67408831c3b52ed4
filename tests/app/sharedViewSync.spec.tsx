// @vitest-environment jsdom
/**
 * The shareable link: the URL takes the view once it has been still for a moment, so that dragging
 * the threshold writes history once, not on every step; the page's language follows at once.
 */
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedViewSync } from '../../src/app/SharedViewSync';
import { StoreContext } from '../../src/shared/context';
import { createAppStore } from '../../src/app/store';
import { readSharedView } from '../../src/shared/urlState';

beforeEach(() => {
  vi.useFakeTimers();
  window.history.replaceState(null, '', '#');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderSync() {
  const store = createAppStore();
  render(
    <StoreContext value={store}>
      <SharedViewSync />
    </StoreContext>,
  );
  return store;
}

describe('the shareable link', () => {
  it('takes the threshold once it has been still for a moment, with one history write for a drag', () => {
    const store = renderSync();
    const writes = vi.spyOn(window.history, 'replaceState');
    for (let step = 0; step < 20; step++) {
      act(() => {
        store.getState().setHandThreshold(0.1 + step * 0.01);
      });
      act(() => {
        vi.advanceTimersByTime(50);
      });
    }
    // Mid-drag: nothing written yet.
    expect(writes).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(writes).toHaveBeenCalledTimes(1);
    expect(readSharedView(window.location.hash).threshold).toBeCloseTo(0.29, 10);
  });

  it('leaves the threshold out while the view follows the decision rule', () => {
    const store = renderSync();
    act(() => {
      store.getState().setCapacity(300);
    });
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(readSharedView(window.location.hash)).toEqual({
      payoffs: { tp: 90, fp: -10, fn: 0, tn: 0 },
      capacity: 300,
      language: 'pt-BR',
    });
  });

  it('sets the page’s language at once', () => {
    const store = renderSync();
    act(() => {
      store.getState().setLanguage('en');
    });
    expect(document.documentElement.lang).toBe('en');
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(readSharedView(window.location.hash).language).toBe('en');
  });
});
