/**
 * Calibration maps from an ensemble's logit to a probability: Platt scaling (a logistic
 * regression on the logit) and isotonic regression (pool-adjacent-violators, then linear
 * interpolation between the blocks' centres so that the map stays strictly increasing inside its
 * range and the ranking survives). Training picks the one with the lower cross-validated log loss
 * over the out-of-fold logits; the scoring network carries the chosen map as layers.
 */
import { logLoss } from '../metrics';
import { sigmoid } from './logistic';

export type CalibrationMap =
  | { readonly method: 'platt'; readonly a: number; readonly b: number }
  /** Knots: x strictly increasing (logits), y increasing (probabilities); flat outside. */
  | { readonly method: 'isotonic'; readonly x: readonly number[]; readonly y: readonly number[] };

export type CalibrationMethod = CalibrationMap['method'];

/** The map that leaves a logit's probability unchanged: sigmoid(z). */
export const IDENTITY_CALIBRATION: CalibrationMap = { method: 'platt', a: 1, b: 0 };

/**
 * Platt scaling: a and b minimising the log loss of sigmoid(a·z + b), by Newton's method in
 * float64 (no penalty, as scikit-learn's unpenalised LogisticRegression). No rows, one class only
 * or non-finite logits give the identity map.
 */
export function fitPlatt(logits: ArrayLike<number>, labels: ArrayLike<number>): CalibrationMap {
  const n = Math.min(logits.length, labels.length);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(logits[i] ?? Number.NaN)) return IDENTITY_CALIBRATION;
    positives += labels[i] === 1 ? 1 : 0;
  }
  if (n === 0 || positives === 0 || positives === n) return IDENTITY_CALIBRATION;
  const loss = (a: number, b: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const t = a * (logits[i] ?? 0) + b;
      // −log p for a churner, −log(1 − p) otherwise, computed without overflow.
      const signed = labels[i] === 1 ? -t : t;
      total += signed > 0 ? signed + Math.log1p(Math.exp(-signed)) : Math.log1p(Math.exp(signed));
    }
    return total;
  };
  // Newton's method with step halving, from the identity map (the logits start near calibrated).
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian of the summed log loss in (a, b).
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const z = logits[i] ?? 0;
      const p = sigmoid(a * z + b);
      const r = p - (labels[i] === 1 ? 1 : 0);
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * z;
      gb += r;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-300)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (!(next <= current) && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (!(next <= current)) break;
    a -= step * da;
    b -= step * db;
    const gained = current - next;
    current = next;
    if (gained <= 1e-12 * Math.max(current, 1)) break;
  }
  return Number.isFinite(a) && Number.isFinite(b)
    ? { method: 'platt', a, b }
    : IDENTITY_CALIBRATION;
}

/**
 * Isotonic regression of labels on logits by pool-adjacent-violators (equal logits pooled first).
 * Returns the fitted value of every input row (as scikit-learn's IsotonicRegression.fit_transform)
 * and the blocks as knots at their mean logit. No rows gives empty arrays.
 */
export function isotonicBlocks(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
): { fitted: Float64Array; x: number[]; y: number[] } {
  const n = Math.min(logits.length, labels.length);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (logits[i] ?? 0) - (logits[j] ?? 0),
  );
  // Blocks as a stack: summed label, summed logit, row count, first position in `order`.
  const sumY: number[] = [];
  const sumX: number[] = [];
  const count: number[] = [];
  const start: number[] = [];
  for (let position = 0; position < n;) {
    const z = logits[order[position] ?? 0] ?? 0;
    let y = 0;
    let rows = 0;
    const first = position;
    while (position < n && (logits[order[position] ?? 0] ?? 0) === z) {
      y += labels[order[position] ?? 0] === 1 ? 1 : 0;
      rows++;
      position++;
    }
    sumY.push(y);
    sumX.push(z * rows);
    count.push(rows);
    start.push(first);
    // Merge while the last block's mean is not above the one before it.
    for (let top = count.length - 1; top > 0; top = count.length - 1) {
      const below = top - 1;
      if ((sumY[below] ?? 0) * (count[top] ?? 1) < (sumY[top] ?? 0) * (count[below] ?? 1)) break;
      sumY[below] = (sumY[below] ?? 0) + (sumY[top] ?? 0);
      sumX[below] = (sumX[below] ?? 0) + (sumX[top] ?? 0);
      count[below] = (count[below] ?? 0) + (count[top] ?? 0);
      sumY.pop();
      sumX.pop();
      count.pop();
      start.pop();
    }
  }
  const fitted = new Float64Array(n);
  const x: number[] = [];
  const y: number[] = [];
  count.forEach((rows, block) => {
    const mean = (sumY[block] ?? 0) / rows;
    x.push((sumX[block] ?? 0) / rows);
    y.push(mean);
    const first = start[block] ?? 0;
    for (let position = first; position < first + rows; position++) {
      fitted[order[position] ?? 0] = mean;
    }
  });
  return { fitted, x, y };
}

/**
 * Isotonic calibration: the blocks of `isotonicBlocks` as knots, linearly interpolated. No rows
 * gives the identity map (Platt form).
 */
export function fitIsotonic(logits: ArrayLike<number>, labels: ArrayLike<number>): CalibrationMap {
  const { x, y } = isotonicBlocks(logits, labels);
  if (x.length === 0) return IDENTITY_CALIBRATION;
  return { method: 'isotonic', x, y };
}

/** Fits a map of the given method. */
export function fitCalibration(
  method: CalibrationMethod,
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
): CalibrationMap {
  return method === 'platt' ? fitPlatt(logits, labels) : fitIsotonic(logits, labels);
}

/** The calibrated probability of one logit (float64). A NaN logit gives NaN. */
export function calibrate(map: CalibrationMap, logit: number): number {
  if (Number.isNaN(logit)) return Number.NaN;
  if (map.method === 'platt') return sigmoid(map.a * logit + map.b);
  const { x, y } = map;
  const last = x.length - 1;
  if (last < 0) return sigmoid(logit);
  if (logit <= (x[0] ?? 0)) return y[0] ?? 0;
  if (logit >= (x[last] ?? 0)) return y[last] ?? 0;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((x[middle] ?? 0) <= logit) low = middle;
    else high = middle;
  }
  const x0 = x[low] ?? 0;
  const x1 = x[high] ?? 0;
  const y0 = y[low] ?? 0;
  const y1 = y[high] ?? 0;
  return y0 + ((y1 - y0) * (logit - x0)) / (x1 - x0);
}

/** Calibrated probabilities of many logits. */
export function calibrateAll(map: CalibrationMap, logits: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: logits.length }, (_, i) => calibrate(map, logits[i] ?? 0));
}

export interface CalibrationChoice {
  readonly map: CalibrationMap;
  /** Mean log loss (nats) of each method over the folds, each fold scored by a map fitted on the others. */
  readonly crossValidatedLogLoss: Readonly<Record<CalibrationMethod, number>>;
  /**
   * Each row's probability by the chosen method's map fitted on the other folds (float64): figures
   * on these rows read no map that saw them. Under two folds: the winner's map on every row.
   */
  readonly crossFitted: Float64Array;
}

/**
 * Chooses Platt or isotonic by cross-validated log loss over the given folds (fold number per
 * row; each fold scored by a map fitted on the other folds), then fits the winner on every row.
 * Ties go to Platt. With fewer than two folds both losses are NaN, Platt is fitted and
 * `crossFitted` is that map on every logit; otherwise the losses and `crossFitted` cover the first
 * rows of the shortest input.
 */
export function chooseCalibration(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  folds: ArrayLike<number>,
): CalibrationChoice {
  const n = Math.min(logits.length, labels.length, folds.length);
  const foldIds = [...new Set(Array.from({ length: n }, (_, i) => folds[i] ?? 0))].sort(
    (a, b) => a - b,
  );
  const methods: CalibrationMethod[] = ['platt', 'isotonic'];
  const loss: Record<CalibrationMethod, number> = { platt: Number.NaN, isotonic: Number.NaN };
  const crossFitted: Record<CalibrationMethod, Float64Array> = {
    platt: new Float64Array(n),
    isotonic: new Float64Array(n),
  };
  if (foldIds.length >= 2) {
    for (const method of methods) {
      let total = 0;
      for (const fold of foldIds) {
        const fitRows: number[] = [];
        const heldRows: number[] = [];
        for (let i = 0; i < n; i++) (folds[i] === fold ? heldRows : fitRows).push(i);
        const map = fitCalibration(
          method,
          fitRows.map((i) => logits[i] ?? 0),
          fitRows.map((i) => labels[i] ?? 0),
        );
        const held = heldRows.map((i) => calibrate(map, logits[i] ?? 0));
        heldRows.forEach((row, at) => (crossFitted[method][row] = held[at] ?? 0));
        total +=
          logLoss(
            held,
            heldRows.map((i) => labels[i] ?? 0),
          ) * heldRows.length;
      }
      loss[method] = total / n;
    }
  }
  const method: CalibrationMethod = loss.isotonic < loss.platt ? 'isotonic' : 'platt';
  const map = fitCalibration(method, logits, labels);
  return {
    map,
    crossValidatedLogLoss: loss,
    crossFitted: foldIds.length >= 2 ? crossFitted[method] : calibrateAll(map, logits),
  };
}
