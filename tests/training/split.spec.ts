import { describe, expect, it } from 'vitest';
import { stratifiedFolds, stratifiedSplit } from '../../training/lib/split';

const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 25 === 0 ? 1 : 0)); // 4% positives

describe('stratified splits', () => {
  it('hold out the asked share of each class, disjoint and complete', () => {
    const { kept, heldOut } = stratifiedSplit(labels, 0.2, 1);
    expect(heldOut).toHaveLength(200);
    expect(Array.from(heldOut).filter((r) => labels[r] === 1)).toHaveLength(8);
    const all = new Set([...kept, ...heldOut]);
    expect(all.size).toBe(1000);
  });
  it('split a subset without leaving it', () => {
    const subset = Uint32Array.from({ length: 500 }, (_, i) => i * 2);
    const { kept, heldOut } = stratifiedSplit(labels, 0.5, 3, subset);
    for (const r of [...kept, ...heldOut]) expect(r % 2).toBe(0);
    expect(kept.length + heldOut.length).toBe(500);
  });
  it('are the same for the same seed and differ for another', () => {
    expect(stratifiedSplit(labels, 0.3, 7)).toEqual(stratifiedSplit(labels, 0.3, 7));
    expect(stratifiedSplit(labels, 0.3, 7).heldOut).not.toEqual(
      stratifiedSplit(labels, 0.3, 8).heldOut,
    );
  });
  it('make k folds with 8 positives each', () => {
    const folds = stratifiedFolds(labels, 5, 1);
    for (let f = 0; f < 5; f++) {
      const members = Array.from(folds.keys()).filter((i) => folds[i] === f);
      expect(members).toHaveLength(200);
      expect(members.filter((i) => labels[i] === 1)).toHaveLength(8);
    }
  });
});
