/**
 * What a tower minimises: the labels' cross-entropy, or with a teacher the labels' cross-entropy
 * and the squared gap to the teacher's logit, mixed; its value over a batch and its gradient with
 * respect to each row's logit.
 */

/**
 * The loss of a tower that learns from a teacher, per training row:
 * (1 − share) · cross-entropy(label, z) + share · weight · (z − z_teacher)², z being the tower's
 * logit. A squared logit gap weighs a disagreement among customers at 1% risk as much as one at
 * 30%, where cross-entropy with soft targets shrinks it by p(1 − p); the ranking of the many
 * low-risk customers is most of what ROC AUC reads.
 */
export interface LogitMatching {
  /** Weight of the teacher's term, 0 … 1; the label's cross-entropy gets the rest. */
  readonly share: number;
  /** Nats per squared logit of gap. */
  readonly weight: number;
  /**
   * Variance of the teacher's logits over the training rows (squared logits) above which the
   * weight shrinks by spreadCap / variance (effectiveLogitWeight); absent: the weight as given.
   */
  readonly spreadCap?: number | undefined;
}

/**
 * The squared logit gap's weight (nats per squared logit) a tower trains with: `matching.weight`,
 * shrunk by spreadCap / v when the variance v of the teacher's logits over `rows` exceeds
 * `matching.spreadCap`. The squared gap grows with the teacher's spread, so a confident teacher
 * (logits far from 0) would otherwise outweigh the labels; a teacher within the cap keeps the
 * weight. No rows, no cap, or non-finite logits give the weight as given.
 */
export function effectiveLogitWeight(
  matching: LogitMatching,
  teacherLogits: ArrayLike<number>,
  rows: ArrayLike<number>,
): number {
  const cap = matching.spreadCap;
  if (cap === undefined || !(cap > 0) || rows.length === 0) return matching.weight;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < rows.length; i++) {
    const z = teacherLogits[rows[i] ?? 0] ?? 0;
    sum += z;
    sumSquares += z * z;
  }
  const mean = sum / rows.length;
  const variance = sumSquares / rows.length - mean * mean;
  if (!Number.isFinite(variance) || variance <= cap) return matching.weight;
  return (matching.weight * cap) / variance;
}

/** A batch's rows: their logits, and what they learn from. */
export interface BatchTargets {
  /** The tower's logit per batch row. */
  readonly logits: Float32Array;
  /** The label (0/1) of matrix row r is labels[r]; batch row i is matrix row order[start + i]. */
  readonly labels: ArrayLike<number>;
  /** The teacher's logit per matrix row, with how to mix it in; null: the labels alone. */
  readonly teacher: { readonly logits: ArrayLike<number>; readonly matching: LogitMatching } | null;
  readonly order: ArrayLike<number>;
  readonly start: number;
  /** How many batch rows (logits[0 … count) are read). */
  readonly count: number;
}

/**
 * The batch's mean loss (nats): the labels' cross-entropy, with a teacher mixed in as
 * LogitMatching says (its share clamped to 0 … 1); writes d loss / d logit per batch row into
 * `gradient` (the mean's, so each row's term is divided by the count). The cross-entropy is
 * max(z, 0) − z·y + log(1 + e^−|z|), exact for logits of any size. An empty batch gives 0.
 */
export function batchLossGradient(batch: BatchTargets, gradient: Float32Array): number {
  const { logits, labels, teacher, order, start, count } = batch;
  if (count === 0) return 0;
  const share = teacher === null ? 0 : Math.min(Math.max(teacher.matching.share, 0), 1);
  const gapWeight = teacher === null ? 0 : share * teacher.matching.weight;
  let crossEntropy = 0;
  let gap = 0;
  for (let i = 0; i < count; i++) {
    const row = order[start + i] ?? 0;
    const z = logits[i] ?? 0;
    const y = labels[row] ?? 0;
    crossEntropy += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    const probability = 1 / (1 + Math.exp(-z));
    let dz = probability - y;
    if (teacher !== null) {
      const difference = z - (teacher.logits[row] ?? 0);
      gap += difference * difference;
      dz = (1 - share) * dz + gapWeight * 2 * difference;
    }
    gradient[i] = dz / count;
  }
  return teacher === null
    ? crossEntropy / count
    : ((1 - share) * crossEntropy) / count + (gapWeight * gap) / count;
}
