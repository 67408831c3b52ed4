/** The logarithm of the gamma function, for the exact samplers' acceptance tests. */

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
];

/**
 * ln Γ(x) for x > 0 (numpy's series, accurate to about 1e-15 relative). 1 and 2 give 0; x ≤ 0 or
 * NaN gives NaN.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[9] ?? 0;
  for (let k = 8; k >= 0; k--) series = series * x2 + (STIRLING[k] ?? 0);
  let value = series / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= shift; k++) {
    value -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return value;
}
