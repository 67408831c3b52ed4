/**
 * The squared logit gap's weight a tower trains with: the configured weight, shrunk in proportion
 * where the teacher's logits over the tower's training rows spread more than the cap allows.
 */
import { describe, expect, it } from 'vitest';
import { effectiveLogitWeight } from '../../training/lib/towerLoss';

// Logits by row: rows 0–3 spread ±1 around −3 (variance 1), rows 4–7 ±4 around −2 (variance 16).
const logits = Float32Array.from([-4, -2, -4, -2, -6, 2, -6, 2]);
const narrow = [0, 1, 2, 3];
const wide = [4, 5, 6, 7];
const matching = { share: 0.9, weight: 0.02, spreadCap: 2.5 };

describe('the logit gap’s weight', () => {
  it('keeps the configured weight for a teacher within the cap', () => {
    expect(effectiveLogitWeight(matching, logits, narrow)).toBe(0.02);
    // At the cap exactly, still the configured weight.
    expect(effectiveLogitWeight({ ...matching, spreadCap: 1 }, logits, narrow)).toBe(0.02);
  });

  it('shrinks it by cap / variance for a teacher that spreads wider', () => {
    // Variance 16 over rows 4–7: 0.02 · 2.5 / 16.
    expect(effectiveLogitWeight(matching, logits, wide)).toBeCloseTo(0.003125, 12);
    // Over all eight rows: mean −2.5, variance (1·4 + 16·4)/8 + 0.25 = 8.75 → 0.02 · 2.5 / 8.75.
    expect(effectiveLogitWeight(matching, logits, [...narrow, ...wide])).toBeCloseTo(
      0.005714285714,
      10,
    );
  });

  it('reads only the rows it is given, and gives the weight as configured without a cap or rows', () => {
    expect(effectiveLogitWeight({ share: 0.9, weight: 0.02 }, logits, wide)).toBe(0.02);
    expect(effectiveLogitWeight({ ...matching, spreadCap: 0 }, logits, wide)).toBe(0.02);
    expect(effectiveLogitWeight(matching, logits, [])).toBe(0.02);
    expect(effectiveLogitWeight(matching, Float32Array.from([Number.NaN, 1, 3]), [0, 1, 2])).toBe(
      0.02,
    );
  });
});
