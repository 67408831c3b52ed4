import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  dequantizeUint8,
  quantizeUint8,
  roundTripUint8,
} from '../../src/core/scoring/weightQuantization';
import { createRng } from '../../src/core/rng';

describe('8-bit weight quantisation', () => {
  const rng = createRng(5);
  const values = Float32Array.from({ length: 5000 }, () => rng.normal() * 0.2 + 0.01);

  it('keeps every weight within half a step of its value, min and max exact', () => {
    const q = quantizeUint8(values);
    const back = dequantizeUint8(q);
    let worst = 0;
    values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (back[i] ?? 0)))));
    expect(worst).toBeLessThanOrEqual(q.scale / 2 + 1e-7);
    expect(Math.min(...back)).toBe(Math.min(...values));
    expect(q.bytes).toContain(255);
    expect(q.bytes.length).toBe(values.length);
  });

  it("decodes to exactly the float32 values TF.js's weight decoder gives", () => {
    const q = quantizeUint8(values);
    const [decoded] = Object.values(
      tf.io.decodeWeights(q.bytes.buffer as ArrayBuffer, [
        {
          name: 'w',
          shape: [values.length],
          dtype: 'float32',
          quantization: { dtype: 'uint8', min: q.min, scale: q.scale },
        },
      ]),
    );
    expect(Array.from(decoded?.dataSync() ?? [])).toEqual(Array.from(roundTripUint8(values)));
  });

  it('stores a constant tensor exactly and an empty one as nothing', () => {
    expect(Array.from(roundTripUint8([0.25, 0.25, 0.25]))).toEqual([0.25, 0.25, 0.25]);
    expect(quantizeUint8([])).toEqual({ bytes: new Uint8Array(0), min: 0, scale: 1 });
    expect(() => quantizeUint8([1, Number.NaN])).toThrow(RangeError);
  });
});
