/**
 * A dense layer's product X·W as a TF.js op over sparse rows, for training: its value and its
 * weight gradient Xᵀ·dY come from a CenteredKernel, so TF.js (Adam, the other layers) trains the
 * layer as if it were dense.
 */
import type { CenteredKernel } from './centeredKernel';
import * as tf from './tf';

/**
 * X·W for rows batch[start … end) of the kernel's rows, as a function of W (width × units): the
 * dense product's value and weight gradient, at the cost of the inputs that differ from their
 * column's centre. X itself gets no gradient.
 */
export function centeredFirstProduct(
  rows: CenteredKernel,
  width: number,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  units: number,
): (kernel: tf.Tensor) => tf.Tensor {
  return tf.customGrad<tf.Tensor>((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const kernel = inputs[0] as tf.Tensor;
    const out = new Float32Array((end - start) * units);
    rows.product(batch, start, end, kernel.dataSync() as Float32Array, units, out);
    return {
      value: tf.tensor2d(out, [end - start, units]),
      gradFunc: (dy: tf.Tensor) => {
        const grad = new Float32Array(width * units);
        rows.transposeProduct(batch, start, end, dy.dataSync() as Float32Array, units, grad);
        return [tf.tensor2d(grad, [width, units])];
      },
    };
  });
}
