/**
 * The calibration map as the scoring network's last layers: the same probability as core's
 * calibrate, at any logit, and never outside [0, 1].
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, type CalibrationMap } from '../../src/core/evaluation/calibration';
import { createRng } from '../../src/core/rng';
import { buildScoringModel, buildTower, predictProbabilities } from '../../src/model/network';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

/** An isotonic map of 60 knots over logits −8 … about 4, rising to exactly 1 at its last knot. */
function isotonicToOne(): CalibrationMap & { method: 'isotonic' } {
  const rng = createRng(5);
  const x: number[] = [];
  const y: number[] = [];
  let logit = -8;
  let probability = 0;
  for (let k = 0; k < 60; k++) {
    x.push(logit);
    y.push(Math.min(probability, 1));
    logit += 0.05 + rng.next() * 0.3;
    probability += rng.next() * 0.04;
  }
  y[59] = 1;
  return { method: 'isotonic', x, y };
}

describe('an isotonic map as layers', () => {
  const width = 6;
  const config = { hidden: [8, 4] };
  // A logistic member of share 0.9 with large weights spreads the logits to about ±80.
  const linear = { weights: new Float32Array(width).fill(3), bias: 0, share: 0.9 };
  const rng = createRng(5);
  const rows = 20_000;
  const matrix = Float32Array.from({ length: rows * width }, () => rng.normal() * 3);

  it('gives core’s probability within 1e-6, far beyond the knots too, and stays within [0, 1]', () => {
    const towers = [buildTower(width, config, 1, -2).getWeights()];
    const map = isotonicToOne();
    const probabilities = predictProbabilities(
      buildScoringModel(width, config, towers, { linear, calibration: map }),
      matrix,
      width,
    );
    const logits = predictProbabilities(
      buildScoringModel(width, config, towers, { linear, calibration: 'logit' }),
      matrix,
      width,
    );
    // The logits reach far past both ends of the map.
    expect(Math.max(...logits)).toBeGreaterThan(40);
    expect(Math.min(...logits)).toBeLessThan(-40);
    let worst = 0;
    probabilities.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(p - calibrate(map, logits[i] ?? 0)));
    });
    expect(worst).toBeLessThanOrEqual(1e-6);
    // The map's ends (1 and 0) are reached, and never passed.
    expect(Math.max(...probabilities)).toBeLessThanOrEqual(1);
    expect(Math.max(...probabilities)).toBeGreaterThan(1 - 1e-6);
    expect(Math.min(...probabilities)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...probabilities)).toBeLessThan(1e-6);
  });
});
