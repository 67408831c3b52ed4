/**
 * metrics.json's test scores: written as the shortest decimals that read back to the float32
 * values the model gave, and read back to exactly those values, so that Node and the browser sum
 * the same numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  shortestFloat32,
  withFloat32Scores,
  type ModelMetrics,
} from '../../src/core/modelFiles/modelMetrics';
import { createRng } from '../../src/core/rng';

describe('test scores in metrics.json', () => {
  it('are written as the shortest decimal that reads back to the same float32', () => {
    // 0.1 as float32 is 0.100000001490116…: one digit suffices to find it again.
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(0.16969145834445953))).toBe(0.16969146);
    // A value needing all nine digits (two float32 neighbours share its eight-digit prefix).
    const nine = Math.fround(16777217 / 2 ** 25);
    expect(String(shortestFloat32(nine)).replace(/^0\.|e.*$/g, '').length).toBeLessThanOrEqual(9);
    expect(Math.fround(shortestFloat32(nine))).toBe(nine);
    expect(shortestFloat32(Number.NaN)).toBeNaN();
    expect(shortestFloat32(0)).toBe(0);
  });

  it('round-trip every float32 probability, at about half the characters', () => {
    const rng = createRng(17);
    let before = 0;
    let after = 0;
    for (let i = 0; i < 20000; i++) {
      const p = Math.fround(rng.next() ** 3);
      const written = shortestFloat32(p);
      expect(Math.fround(written)).toBe(p);
      before += JSON.stringify(p).length;
      after += JSON.stringify(written).length;
    }
    expect(after / before).toBeLessThan(0.6);
  });

  it('are read back as the float32 values, the rest of the metrics untouched', () => {
    const scores = [Math.fround(0.3), Math.fround(0.02), Math.fround(0.7)];
    const metrics = {
      threshold: { threshold: 0.1 },
      outOfSample: { source: 'test', scores: scores.map(shortestFloat32), labels: [0, 0, 1] },
    } as unknown as ModelMetrics;
    expect(metrics.outOfSample.scores).toEqual([0.3, 0.02, 0.7]);
    const read = withFloat32Scores(metrics);
    expect(read.outOfSample.scores).toEqual(scores);
    expect(read.outOfSample.labels).toEqual([0, 0, 1]);
    expect(read.threshold).toBe(metrics.threshold);
  });
});
