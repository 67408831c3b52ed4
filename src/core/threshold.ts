/** Choosing the decision threshold on labelled validation scores, robustly. */
import { ProfitCurve, type Payoffs } from './profit';
import { createRng } from './rng';
import { quantileSorted } from './stats';

export interface ThresholdChoice {
  /** Contact customers whose probability is ≥ this. */
  readonly threshold: number;
  /** The threshold that is best on the validation rows themselves. */
  readonly bestOnValidation: number;
  /** 10th and 90th percentiles of the bootstrap thresholds: how settled the choice is. */
  readonly spread: readonly [number, number];
  readonly resamples: number;
}

/**
 * The median, over bootstrap resamples of the validation rows, of the profit-maximising threshold.
 * A single validation set's argmax jumps between neighbouring score groups; the median settles it.
 * resamples = 0 returns the plain argmax. No rows gives threshold 1 (contact nobody).
 */
export function chooseThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
  options: { resamples?: number; seed?: number } = {},
): ThresholdChoice {
  const n = Math.min(scores.length, labels.length);
  const bestOnValidation = ProfitCurve.fromScores(scores, labels).best(payoffs).threshold;
  const resamples = n === 0 ? 0 : (options.resamples ?? 200);
  if (resamples === 0) {
    return {
      threshold: bestOnValidation,
      bestOnValidation,
      spread: [bestOnValidation, bestOnValidation],
      resamples,
    };
  }
  const rng = createRng(options.seed ?? 1);
  const sampleScores = new Float64Array(n);
  const sampleLabels = new Uint8Array(n);
  const picks = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      sampleScores[i] = scores[j] ?? 0;
      sampleLabels[i] = labels[j] === 1 ? 1 : 0;
    }
    picks[r] = ProfitCurve.fromScores(sampleScores, sampleLabels).best(payoffs).threshold;
  }
  picks.sort();
  return {
    threshold: quantileSorted(picks, 0.5),
    bestOnValidation,
    spread: [quantileSorted(picks, 0.1), quantileSorted(picks, 0.9)],
    resamples,
  };
}
