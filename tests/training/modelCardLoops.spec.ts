/**
 * The model card names the loops that trained the towers, so that a reader of the card knows
 * which arithmetic (WebAssembly SIMD, or JavaScript where those loops could not start) made the
 * weights.
 */
import { describe, expect, it } from 'vitest';
import type { TowerSummary } from '../../src/core/modelFiles';
import { towerLoopsSentence } from '../../training/lib/modelCard';

const tower = (loops?: TowerSummary['loops']): TowerSummary => ({
  seed: 1,
  bestEpoch: 3,
  epochsRun: 5,
  validationAuc: 0.8,
  history: [],
  ...(loops === undefined ? {} : { loops }),
});
const simd = { firstLayer: 'wasm-simd', dense: 'wasm-simd' } as const;
const javascript = { firstLayer: 'javascript', dense: 'javascript' } as const;

describe('the card’s sentence on the towers’ loops', () => {
  it('names one kind once when every tower used it', () => {
    expect(towerLoopsSentence([tower(simd), tower(simd)], 'wasm')).toBe(
      'The towers trained in their own loops: WebAssembly SIMD; TF.js (on its wasm backend in Node) drew their initial weights.',
    );
  });

  it('names each combination the towers used', () => {
    const mixed = { firstLayer: 'wasm-simd', dense: 'javascript' } as const;
    expect(towerLoopsSentence([tower(javascript), tower(mixed)], 'cpu')).toBe(
      'The towers trained in their own loops: JavaScript (the WebAssembly SIMD loops could not start); WebAssembly SIMD for the first layer, JavaScript (the WebAssembly SIMD loops could not start) for the others; TF.js (on its cpu backend in Node) drew their initial weights.',
    );
  });

  it('names TF.js’s backend alone for towers trained before the record', () => {
    expect(towerLoopsSentence([tower(), tower()], 'wasm')).toBe('TF.js backend in Node: wasm.');
    expect(towerLoopsSentence([], 'wasm')).toBe('TF.js backend in Node: wasm.');
  });
});
