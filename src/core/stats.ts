/** Summary statistics over plain number arrays. NaN entries are the caller's to remove. */

/** Sorted copy, ascending. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile q ∈ [0, 1] of an ascending array, by linear interpolation (numpy's default). An empty
 * array gives NaN; q outside [0, 1] is clamped.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (position - lo);
}

/** Arithmetic mean; an empty array gives NaN. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return sum / values.length;
}

/** Population standard deviation (ddof 0); an empty array gives NaN. */
export function standardDeviation(values: ArrayLike<number>, center = mean(values)): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] ?? 0) - center;
    sum += d * d;
  }
  return Math.sqrt(sum / values.length);
}

/** Sample skewness (Fisher–Pearson, biased); 0 for a constant or empty array. */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const m = mean(values);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 <= 0 ? 0 : m3 / Math.pow(m2, 1.5);
}

/** The most frequent value of an ascending array, with its count; empty gives NaN and 0. */
export function modeSorted(sorted: ArrayLike<number>): { value: number; count: number } {
  let best = Number.NaN;
  let bestCount = 0;
  let i = 0;
  while (i < sorted.length) {
    const value = sorted[i] ?? Number.NaN;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === value) j++;
    if (j - i > bestCount) {
      best = value;
      bestCount = j - i;
    }
    i = j;
  }
  return { value: best, count: bestCount };
}

/** Number of distinct values in an ascending array. */
export function distinctCountSorted(sorted: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}

/** sign(x)·ln(1 + |x|): compresses heavy tails, keeps the sign, maps 0 to 0. */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/**
 * How many leading entries of a descending array are ≥ threshold (or > it, when strict), by binary
 * search. An empty array gives 0.
 */
export function countAtOrAboveDescending(
  sorted: ArrayLike<number>,
  threshold: number,
  strict = false,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid] ?? 0;
    if (strict ? value > threshold : value >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ coefficients[i]·x^(n−1−i), by Horner's rule. */
const horner = (coefficients: readonly number[], x: number): number =>
  coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);

const ACKLAM = {
  a: [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ],
  b: [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572, 1,
  ],
  c: [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ],
  d: [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1],
} as const;

/**
 * The standard normal's quantile at probability q (Acklam's rational approximation, relative
 * error under 1.2e-9): 1.6449 at 0.95. q of 0 or 1 gives ∓Infinity; q outside [0, 1] or NaN gives
 * NaN.
 */
export function normalQuantile(q: number): number {
  if (!(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return -Infinity;
  if (q === 1) return Infinity;
  const tail = (r: number) => horner(ACKLAM.c, r) / horner(ACKLAM.d, r);
  if (q < 0.02425) return tail(Math.sqrt(-2 * Math.log(q)));
  if (q > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - q)));
  const s = q - 0.5;
  return (horner(ACKLAM.a, s * s) * s) / horner(ACKLAM.b, s * s);
}
