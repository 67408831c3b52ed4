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
