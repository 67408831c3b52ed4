import { describe, expect, it } from 'vitest';
import { WHOLE_VALUE } from '../../src/core/decision/customerValue';
import { pairedProfitDifference } from '../../src/core/decision/pairedProfit';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { valueEvidenceOnTest } from '../../src/core/decision/valueEvidence';

describe('ranking by value against ranking by probability on the test rows', () => {
  // Expected gains at R$ 90 / −R$ 10 with each row's value: 0.9·1 − 0.1·10 = −0.1;
  // 0.5·50 − 0.5·10 = 20; 0.2·1,000 − 0.8·10 = 192; no value: 0.1·90 − 0.9·10 = 0.
  const probabilities = [0.9, 0.5, 0.2, 0.1];
  const labels = [1, 0, 1, 0];
  const values = [1, 50, 1000, null];
  const evidence = valueEvidenceOnTest(probabilities, labels, values, DEFAULT_PAYOFFS, WHOLE_VALUE);

  it('contacts as many by each ranking and counts each churner’s own benefit', () => {
    expect(evidence.contacted).toBe(2);
    // By value: rows 2 and 1, R$ 1,000 − R$ 10. By probability: rows 0 and 1, R$ 1 − R$ 10.
    expect(evidence.byValue).toBe(990);
    expect(evidence.byProbability).toBe(-9);
    expect(evidence.difference.observed).toBe(999);
    expect(evidence.difference.resamples).toBe(2000);
  });

  it('bootstraps the difference on the same draws as the flat paired comparison does', () => {
    const direct = pairedProfitDifference([0, 1, 1, 0], [1, 1, 0, 0], labels, DEFAULT_PAYOFFS, {
      benefits: [1, 50, 1000, 90],
    });
    expect(evidence.difference).toEqual(direct);
    expect(direct.interval[0]).toBeLessThanOrEqual(999);
    expect(direct.interval[1]).toBeGreaterThanOrEqual(999);
  });

  it('gives zeros on no rows', () => {
    const none = valueEvidenceOnTest([], [], [], DEFAULT_PAYOFFS, WHOLE_VALUE);
    expect([none.contacted, none.byValue, none.byProbability]).toEqual([0, 0, 0]);
  });
});
