/** Seeded stratified splits: each part keeps the share of positives of the whole. */
import { createRng, shuffleInPlace } from '../../src/core/rng';

/**
 * Assigns each row to one of k folds so that every fold holds the same share of positives (±1
 * row). Returns the fold number per row. k < 2 or no rows gives all zeros.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Uint8Array {
  const folds = new Uint8Array(labels.length);
  if (k < 2 || labels.length === 0) return folds;
  const rng = createRng(seed);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i] === 1 ? 1 : 0]?.push(i);
  let offset = 0;
  for (const rows of byClass) {
    shuffleInPlace(rows, rng);
    rows.forEach((row, position) => {
      folds[row] = (position + offset) % k;
    });
    offset += rows.length;
  }
  return folds;
}

/**
 * Splits row indices (a subset, or all rows when `rows` is omitted) into a kept part and a held-out
 * part of about `fraction` of each class. fraction ≤ 0 holds out nothing; ≥ 1 holds out all.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fraction: number,
  seed: number,
  rows?: ArrayLike<number>,
): { kept: Uint32Array; heldOut: Uint32Array } {
  const rng = createRng(seed);
  const pool = rows ?? Uint32Array.from({ length: labels.length }, (_, i) => i);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < pool.length; i++) {
    const row = pool[i] ?? 0;
    byClass[labels[row] === 1 ? 1 : 0]?.push(row);
  }
  const kept: number[] = [];
  const heldOut: number[] = [];
  for (const members of byClass) {
    shuffleInPlace(members, rng);
    const cut = Math.round(Math.min(Math.max(fraction, 0), 1) * members.length);
    heldOut.push(...members.slice(0, cut));
    kept.push(...members.slice(cut));
  }
  const ascending = (a: number, b: number) => a - b;
  return {
    kept: Uint32Array.from(kept.sort(ascending)),
    heldOut: Uint32Array.from(heldOut.sort(ascending)),
  };
}
