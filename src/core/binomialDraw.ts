/**
 * Draws from a binomial distribution exactly, in constant expected time whatever the number of
 * trials: inversion while the mean is under 10 (numpy's), Hörmann's transformed rejection with
 * squeeze, BTRS (1993), from 10 up (as TensorFlow draws it). A bootstrap that resamples n rows
 * can then draw how many of its n picks land in a group of rows as one binomial draw.
 */
import { logGamma } from './logGamma';
import type { Rng } from './rng';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln k! less Stirling's approximation of it, (k + ½)·ln(k + 1) − (k + 1) + ½·ln 2π. */
function stirlingTail(k: number): number {
  if (k <= 9) return logGamma(k + 1) - (k + 0.5) * Math.log(k + 1) + (k + 1) - HALF_LOG_TWO_PI;
  const square = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / square) / square) / (k + 1);
}

/** Inversion: walks the probabilities up from 0 (p ≤ ½, mean under 10). */
function inversionDraw(rng: Rng, trials: number, p: number): number {
  const q = 1 - p;
  const atZero = Math.exp(trials * Math.log(q));
  const mean = trials * p;
  const bound = Math.min(trials, mean + 10 * Math.sqrt(mean * q + 1));
  let k = 0;
  let probability = atZero;
  let u = rng.next();
  while (u > probability) {
    k++;
    if (k > bound) {
      k = 0;
      probability = atZero;
      u = rng.next();
    } else {
      u -= probability;
      probability = ((trials - k + 1) * p * probability) / (k * q);
    }
  }
  return k;
}

/** BTRS (p ≤ ½, mean of 10 and up). */
function transformedRejectionDraw(rng: Rng, trials: number, p: number): number {
  const spread = Math.sqrt(trials * p * (1 - p));
  const b = 1.15 + 2.53 * spread;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = trials * p + 0.5;
  const acceptAtOnce = 0.92 - 4.2 / b;
  const odds = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spread;
  const mode = Math.floor((trials + 1) * p);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= acceptAtOnce) return k;
    if (k < 0 || k > trials) continue;
    // ln of the binomial probability at k over that at the mode, by Stirling with its tails.
    const logRatio =
      (mode + 0.5) * Math.log((mode + 1) / (odds * (trials - mode + 1))) +
      (trials + 1) * Math.log((trials - mode + 1) / (trials - k + 1)) +
      (k + 0.5) * Math.log((odds * (trials - k + 1)) / (k + 1)) +
      stirlingTail(mode) +
      stirlingTail(trials - mode) -
      stirlingTail(k) -
      stirlingTail(trials - k);
    if (Math.log((v * alpha) / (a / (us * us) + b)) <= logRatio) return k;
  }
}

/**
 * One draw from Binomial(trials, p): how many of `trials` independent picks, each a success with
 * probability p, succeed. trials is floored; no trials, p ≤ 0 or NaN give 0, and p ≥ 1 gives
 * every trial.
 */
export function binomialDraw(rng: Rng, trials: number, p: number): number {
  const n = Math.floor(trials);
  if (!(n > 0) || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(rng, n, 1 - p);
  return n * p < 10 ? inversionDraw(rng, n, p) : transformedRejectionDraw(rng, n, p);
}
