import { describe, expect, it } from 'vitest';
import { thresholdAbove, thresholdBetween } from '../../src/core/decision/cutPoints';
import { ProfitCurve } from '../../src/core/decision/profit';

// Adjacent doubles: no number lies between them, so halfway rounds to one of the two.
const high = 0.9999999999999981;
const low = 0.999999999999998;

describe('a threshold between two probabilities', () => {
  it('is halfway where a number lies between them', () => {
    expect(thresholdBetween(0.5, 0.25)).toBe(0.375);
  });
  it('is the higher one when the two are adjacent doubles, so the lower stays out', () => {
    expect((high + low) / 2).toBe(low);
    expect(thresholdBetween(high, low)).toBe(high);
  });
});

describe('a threshold above every probability', () => {
  it('is halfway to 1 from the highest, and the value given from 1 on', () => {
    expect(thresholdAbove(0.5, 2)).toBe(0.75);
    // The double just below 1: halfway rounds to 1, still above it.
    expect(thresholdAbove(1 - Number.EPSILON / 2, 2)).toBe(1);
    expect(thresholdAbove(1, 2)).toBe(2);
    expect(thresholdAbove(Number.NaN, 2)).toBe(2);
  });
});

describe('the profit curve’s cuts between adjacent scores', () => {
  it('contact exactly the top groups', () => {
    const scores = [1 - Number.EPSILON / 2, high, low, 0.5];
    const curve = ProfitCurve.fromScores(scores, [1, 1, 0, 0]);
    for (let k = 0; k <= 4; k++) {
      const threshold = curve.thresholdForCut(k);
      const above = scores.filter((s) => s >= threshold).length;
      expect(above, `cut ${k}`).toBe(k);
    }
  });
});
