import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  chooseCalibration,
  fitIsotonic,
  fitPlatt,
  isotonicBlocks,
  IDENTITY_CALIBRATION,
} from '../../src/core/evaluation/calibration';
import { logLoss, rocAuc } from '../../src/core/metrics';
import { createRng } from '../../src/core/rng';
import { stratifiedFolds } from '../../training/lib/split';

// Figures computed by scikit-learn in tests/fixtures/make_golden.py.
const golden = JSON.parse(
  readFileSync(new URL('../fixtures/golden-metrics.json', import.meta.url), 'utf8'),
) as {
  labels: number[];
  calibration_logits: number[];
  platt: { a: number; b: number };
  isotonic_fitted: number[];
};

describe('calibration maps agree with scikit-learn on the golden fixture (400 rows, tied logits)', () => {
  it('Platt scaling finds the unpenalised logistic regression on the logit', () => {
    const map = fitPlatt(golden.calibration_logits, golden.labels);
    if (map.method !== 'platt') throw new Error('expected a Platt map');
    expect(map.a).toBeCloseTo(golden.platt.a, 6);
    expect(map.b).toBeCloseTo(golden.platt.b, 6);
  });

  it("isotonic regression fits every row as scikit-learn's IsotonicRegression does", () => {
    const { fitted } = isotonicBlocks(golden.calibration_logits, golden.labels);
    golden.isotonic_fitted.forEach((expected, i) => {
      expect(fitted[i]).toBeCloseTo(expected, 12);
    });
  });
});

describe('an isotonic map', () => {
  const map = fitIsotonic(golden.calibration_logits, golden.labels);
  if (map.method !== 'isotonic') throw new Error('expected an isotonic map');

  it('has strictly increasing knots and interpolates between them, flat outside', () => {
    for (let k = 1; k < map.x.length; k++) {
      expect(map.x[k]).toBeGreaterThan(map.x[k - 1] ?? 0);
      expect(map.y[k]).toBeGreaterThan(map.y[k - 1] ?? 0);
    }
    const [x0 = 0, x1 = 0] = map.x;
    const [y0 = 0, y1 = 0] = map.y;
    expect(calibrate(map, (x0 + x1) / 2)).toBeCloseTo((y0 + y1) / 2, 12);
    expect(calibrate(map, x0 - 10)).toBe(y0);
    expect(calibrate(map, (map.x.at(-1) ?? 0) + 10)).toBe(map.y.at(-1));
  });

  it('keeps the ranking inside its range (no new ties between knots)', () => {
    const logits = Array.from({ length: 200 }, (_, i) => -4 + i * 0.02);
    const probabilities = logits.map((z) => calibrate(map, z));
    const inside = probabilities.filter(
      (_, i) => (logits[i] ?? 0) > (map.x[0] ?? 0) && (logits[i] ?? 0) < (map.x.at(-1) ?? 0),
    );
    expect(new Set(inside).size).toBe(inside.length);
  });
});

describe('choosing the calibration', () => {
  // Logits whose probabilities are too confident by a factor of 2: Platt undoes that exactly.
  const rng = createRng(11);
  const n = 6000;
  const logits = Array.from({ length: n }, () => rng.normal() * 1.5 - 3);
  const labels = logits.map((z) => (rng.next() < 1 / (1 + Math.exp(-(0.5 * z - 1))) ? 1 : 0));
  const folds = stratifiedFolds(labels, 5, 3);

  it('fits Platt close to the slope and offset that generated the labels', () => {
    const map = fitPlatt(logits, labels);
    if (map.method !== 'platt') throw new Error('expected a Platt map');
    // Sampling noise of ~400 churners: within 0.1 of the slope, 0.4 of the offset.
    expect(Math.abs(map.a - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(map.b + 1)).toBeLessThan(0.4);
  });

  it('picks the method with the lower cross-validated log loss and beats the raw logits', () => {
    const choice = chooseCalibration(logits, labels, folds);
    const { platt, isotonic } = choice.crossValidatedLogLoss;
    expect(choice.map.method).toBe(platt <= isotonic ? 'platt' : 'isotonic');
    const raw = logLoss(
      logits.map((z) => 1 / (1 + Math.exp(-z))),
      labels,
    );
    expect(Math.min(platt, isotonic)).toBeLessThan(raw - 0.01);
    // A monotone map leaves the ranking as it was.
    const calibrated = logits.map((z) => calibrate(choice.map, z));
    expect(rocAuc(calibrated, labels)).toBeCloseTo(rocAuc(logits, labels), 2);
  });

  it("scores each row by the chosen method's map fitted on the other folds", () => {
    const choice = chooseCalibration(logits, labels, folds);
    const method = choice.map.method;
    const others = labels.flatMap((_, i) => (folds[i] === 2 ? [] : [i]));
    const map = (method === 'platt' ? fitPlatt : fitIsotonic)(
      others.map((i) => logits[i] ?? 0),
      others.map((i) => labels[i] ?? 0),
    );
    labels.forEach((_, i) => {
      if (folds[i] === 2) expect(choice.crossFitted[i]).toBe(calibrate(map, logits[i] ?? 0));
    });
    // Their log loss is the method's cross-validated one; the map fitted on every row does better.
    expect(logLoss(choice.crossFitted, labels)).toBeCloseTo(
      choice.crossValidatedLogLoss[method],
      12,
    );
    const inSample = logLoss(
      logits.map((z) => calibrate(choice.map, z)),
      labels,
    );
    expect(inSample).toBeLessThan(choice.crossValidatedLogLoss[method]);
  });

  it('falls back to the identity on no rows or one class', () => {
    expect(fitPlatt([], [])).toEqual(IDENTITY_CALIBRATION);
    expect(fitPlatt([1, 2, 3], [0, 0, 0])).toEqual(IDENTITY_CALIBRATION);
    expect(fitIsotonic([], [])).toEqual(IDENTITY_CALIBRATION);
    expect(Number.isNaN(calibrate(IDENTITY_CALIBRATION, Number.NaN))).toBe(true);
    expect(chooseCalibration([0.1, 0.2], [0, 1], [0, 0]).crossValidatedLogLoss.platt).toBeNaN();
  });
});
