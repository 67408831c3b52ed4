/**
 * Thresholds that fall between two probabilities (or scores), so that a cut contacts exactly the
 * customers above it, even where two values are adjacent doubles with no number between them.
 */

/**
 * A threshold between `lowestIn` and `highestOut` (lowestIn > highestOut): halfway, or `lowestIn`
 * itself when halfway rounds down to `highestOut`. Contacting everyone at or above it takes
 * lowestIn and leaves highestOut. Unordered or NaN input gives halfway as computed.
 */
export function thresholdBetween(lowestIn: number, highestOut: number): number {
  const halfway = (lowestIn + highestOut) / 2;
  return halfway > highestOut || !(lowestIn > highestOut) ? halfway : lowestIn;
}

/**
 * A threshold above every probability when the highest is `top`: halfway from top to 1, or
 * `above` (a value over 1) when top ≥ 1 or nothing lies between top and 1. NaN gives `above`.
 */
export function thresholdAbove(top: number, above: number): number {
  if (!(top < 1)) return above;
  const halfway = top + (1 - top) / 2;
  return halfway > top ? Math.min(1, halfway) : above;
}
