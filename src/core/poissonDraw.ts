/**
 * Draws from a Poisson distribution of any mean, exactly, in constant expected time: numpy's
 * method (Knuth's multiplication below a mean of 10; Hörmann's transformed rejection, PTRS,
 * from 10 up). A resampling that weights each of n rows by a Poisson(1) draw can then draw the
 * rows' total weight as one Poisson(n) draw.
 */
import { logGamma } from './logGamma';
import type { Rng } from './rng';

/** Knuth's multiplication method: expected mean + 1 uniforms, for small means. */
function multiplicationDraw(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.next();
  while (product > limit) {
    k++;
    product *= rng.next();
  }
  return k;
}

/** Hörmann's PTRS (1993), as numpy draws it, for means of 10 and up. */
function transformedRejectionDraw(rng: Rng, mean: number): number {
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const acceptAtOnce = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= acceptAtOnce) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logMean - logGamma(k + 1)
    ) {
      return k;
    }
  }
}

/**
 * One draw from Poisson(mean), a count. A mean of 0, a negative mean or NaN gives 0; an infinite
 * mean gives Infinity.
 */
export function poissonDraw(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean === Infinity) return Infinity;
  return mean < 10 ? multiplicationDraw(rng, mean) : transformedRejectionDraw(rng, mean);
}
