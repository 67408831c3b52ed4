import { describe, expect, it } from 'vitest';
import {
  compareOnTestRows,
  portfolioOverlap,
  testRowsProblem,
} from '../../src/core/modelFiles/modelComparison';
import type { ModelMetrics } from '../../src/core/modelFiles/modelMetrics';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';

/** The fields a comparison reads, on four labelled test rows. */
function metricsOf(scores: number[], threshold: number, changes: object = {}): ModelMetrics {
  return {
    data: { hash: 'abc', rowsUsed: 40 },
    split: { seed: 42, testFraction: 0.1 },
    threshold: { threshold },
    outOfSample: { source: 'test', scores, labels: [1, 0, 1, 0] },
    ...changes,
  } as unknown as ModelMetrics;
}

describe('champion against challenger', () => {
  const champion = metricsOf([0.9, 0.6, 0.3, 0.1], 0.5);
  const challenger = metricsOf([0.8, 0.2, 0.7, 0.4], 0.35);

  it('pairs test rows only when both models split the same data the same way', () => {
    expect(testRowsProblem(champion, challenger)).toBeNull();
    const other = (changes: object) => metricsOf([0, 0, 0, 0], 0.5, changes);
    expect(testRowsProblem(champion, other({ data: { hash: 'x', rowsUsed: 40 } }))).toEqual({
      code: 'other-data',
    });
    expect(
      testRowsProblem(
        champion,
        other({ data: { hash: 'abc', rowsUsed: 40 }, split: { seed: 7, testFraction: 0.1 } }),
      ),
    ).toEqual({ code: 'other-split' });
    const relabelled = {
      ...challenger,
      outOfSample: { ...challenger.outOfSample, labels: [0, 1, 1, 0] },
    };
    expect(testRowsProblem(champion, relabelled)).toEqual({ code: 'other-rows' });
  });

  it('pairs two models without a test split on every row, whatever their seeds', () => {
    const outOfFold = (scores: number[], seed: number) =>
      metricsOf(scores, 0.5, {
        split: { seed, testFraction: 0 },
        outOfSample: { source: 'out-of-fold', scores, labels: [1, 0, 1, 0] },
      });
    const first = outOfFold([0.9, 0.6, 0.3, 0.1], 42);
    expect(testRowsProblem(first, outOfFold([0.8, 0.2, 0.7, 0.4], 7))).toBeNull();
    // A model with a test split is measured on other rows than one without.
    expect(testRowsProblem(first, champion)).toEqual({ code: 'other-split' });
  });

  it('measures each at its own threshold on the same rows, and their paired difference', () => {
    const result = compareOnTestRows(champion, challenger, DEFAULT_PAYOFFS, 200);
    // Champion contacts rows 1 and 2 (one churner): 90 − 10 = 80. Challenger contacts rows 1, 3
    // and 4 (two churners): 180 − 10 = 170.
    expect([result.champion.profit, result.champion.contacted]).toEqual([80, 2]);
    expect([result.challenger.profit, result.challenger.contacted]).toEqual([170, 3]);
    expect(result.difference.observed).toBe(90);
    // Champion ranks the churner at 0.3 below the loyal customer at 0.6: 3 of 4 pairs.
    expect(result.champion.auc).toBe(0.75);
    expect(result.challenger.auc).toBe(1);
  });

  it('counts whom both, either or neither contacts on the portfolio', () => {
    expect(portfolioOverlap([0.9, 0.6, 0.3, 0.1], 0.5, [0.8, 0.2, 0.7, 0.4], 0.5)).toEqual({
      both: 1,
      championOnly: 1,
      challengerOnly: 1,
      neither: 1,
    });
    expect(portfolioOverlap([], 0.5, [], 0.5)).toEqual({
      both: 0,
      championOnly: 0,
      challengerOnly: 0,
      neither: 0,
    });
  });
});
