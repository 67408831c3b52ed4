/**
 * Adam over plain float32 arrays, with TF.js's update (tf.train.adam): moments m and v, the bias
 * corrections 1 − β₁ᵗ and 1 − β₂ᵗ, and w ← w − rate · m̂ / (√v̂ + ε), ε = 1e-7 as TF.js's float32
 * backends take it.
 */

export interface AdamSettings {
  /** Step size, in the parameters' units per step. */
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface Adam {
  /**
   * One step: every parameters[i] moves by its gradients[i] (same lengths as when created).
   * Non-finite gradients are not checked: they make the parameters non-finite, as in TF.js.
   */
  step(parameters: readonly Float32Array[], gradients: readonly Float32Array[]): void;
}

/**
 * Adam for parameter arrays of the given lengths, its moments at 0. The learning rate is in the
 * parameters' units per step. `step` must get arrays of those lengths in the same order: a
 * shorter one leaves its tail unmoved, and an extra one is not stepped.
 */
export function createAdam(lengths: readonly number[], settings: AdamSettings): Adam {
  const { learningRate } = settings;
  const beta1 = settings.beta1 ?? 0.9;
  const beta2 = settings.beta2 ?? 0.999;
  const epsilon = settings.epsilon ?? 1e-7;
  const first = lengths.map((n) => new Float32Array(n));
  const second = lengths.map((n) => new Float32Array(n));
  // β^t, kept in float32 as TF.js keeps it.
  let power1 = Math.fround(beta1);
  let power2 = Math.fround(beta2);
  return {
    step(parameters, gradients) {
      const correction1 = 1 - power1;
      const correction2 = 1 - power2;
      parameters.forEach((w, p) => {
        const g = gradients[p] as Float32Array;
        const m = first[p] as Float32Array;
        const v = second[p] as Float32Array;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i] ?? 0;
          const mi = beta1 * (m[i] ?? 0) + (1 - beta1) * gi;
          const vi = beta2 * (v[i] ?? 0) + (1 - beta2) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          w[i] =
            (w[i] ?? 0) -
            (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
        }
      });
      power1 = Math.fround(power1 * beta1);
      power2 = Math.fround(power2 * beta2);
    },
  };
}
