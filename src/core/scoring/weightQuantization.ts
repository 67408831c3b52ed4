/**
 * 8-bit affine quantisation of a weight tensor, in the form TF.js's weights manifest reads:
 * value = q · scale + min, q in 0…255, one (min, scale) per tensor. Every engine loads the model
 * through TF.js's decoder (browser, Node, the ONNX export), so all of them run the same
 * dequantised float32 weights and their probabilities stay equal.
 */

export interface QuantizedTensor {
  /** One byte per value. */
  readonly bytes: Uint8Array;
  readonly min: number;
  /** Step between levels; 1 for a constant or empty tensor (every q is then 0). */
  readonly scale: number;
}

/**
 * Quantises float32 values to 256 levels between their min and max (round to nearest). Empty
 * input gives no bytes, min 0, scale 1; a constant tensor gives scale 1 and all-zero bytes.
 * Non-finite values are a caller bug and throw RangeError.
 */
export function quantizeUint8(values: ArrayLike<number>): QuantizedTensor {
  const n = values.length;
  if (n === 0) return { bytes: new Uint8Array(0), min: 0, scale: 1 };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (!Number.isFinite(v)) throw new RangeError(`weight ${i} is not finite`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // TF.js's manifest stores min and scale as JSON numbers; keep them float32 so that the JSON
  // round trip is exact.
  min = Math.fround(min);
  const scale = max > min ? Math.fround((max - min) / 255) : 1;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.round(((values[i] ?? 0) - min) / scale);
    bytes[i] = Math.min(Math.max(q, 0), 255);
  }
  return { bytes, min, scale };
}

/**
 * The float32 values TF.js decodes from a quantised tensor (q · scale + min in float64, stored
 * as float32), computed the same way so that training measures the weights that ship.
 */
export function dequantizeUint8(tensor: QuantizedTensor): Float32Array {
  const out = new Float32Array(tensor.bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = (tensor.bytes[i] ?? 0) * tensor.scale + tensor.min;
  return out;
}

/** The values as the quantised model will hold them (quantise, then dequantise). */
export function roundTripUint8(values: ArrayLike<number>): Float32Array {
  return dequantizeUint8(quantizeUint8(values));
}
