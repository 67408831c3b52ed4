/**
 * A tower's forward and backward passes over a batch, on plain float32 arrays: the first dense
 * layer through the sparse products of a CenteredKernel, the other layers through a
 * DenseLayerKernel, ReLU after every layer but the last, which gives one logit per row. The same
 * arithmetic as the tower's TF.js layers, without a framework's per-operation cost, which
 * dominated training.
 */
import type { CenteredKernel } from '../../src/model/centeredKernel';
import type { DenseLayer, DenseLayerKernel } from './denseLayerKernel';

export type { DenseLayer } from './denseLayerKernel';

/** A tower's layers, first to last; the last has one unit (the logit). */
export type TowerLayers = readonly DenseLayer[];

/** What a tower's passes run on: its first layer's rows, and the loops of the layers after it. */
export interface TowerKernels {
  /** The first layer's products over the sparse rows. */
  readonly firstLayer: CenteredKernel;
  /** The loops of the layers after it. */
  readonly dense: DenseLayerKernel;
}

/** Buffers for batches of up to `rows` rows: each layer's outputs and their gradients. */
export interface TowerWorkspace {
  readonly rows: number;
  /** Layer l's pre-activations (the last layer's: the logits), rows × units. */
  readonly preActivations: Float32Array[];
  /** d loss / d (layer l's pre-activations), rows × units. */
  readonly deltas: Float32Array[];
}

/** Workspace for batches of up to `rows` rows of the given layers (0 rows: empty batches only). */
export function towerWorkspace(layers: TowerLayers, rows: number): TowerWorkspace {
  return {
    rows,
    preActivations: layers.map((layer) => new Float32Array(rows * layer.units)),
    deltas: layers.map((layer) => new Float32Array(rows * layer.units)),
  };
}

/**
 * The tower's logits for rows batch[start … end) of the kernel's rows: the first end − start
 * values of the returned array (workspace.preActivations' last). Throws RangeError on a batch larger
 * than the workspace.
 */
export function towerForward(
  layers: TowerLayers,
  kernels: TowerKernels,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  workspace: TowerWorkspace,
): Float32Array {
  const count = end - start;
  if (count > workspace.rows) {
    throw new RangeError(`a batch of ${count} rows exceeds ${workspace.rows}`);
  }
  const first = layers[0];
  const out = workspace.preActivations[0];
  if (first === undefined || out === undefined) throw new RangeError('a tower needs a layer');
  kernels.firstLayer.product(batch, start, end, first.kernel, first.units, out);
  const { units, bias } = first;
  for (let r = 0; r < count; r++)
    for (let j = 0; j < units; j++) out[r * units + j] = (out[r * units + j] ?? 0) + (bias[j] ?? 0);
  for (let l = 1; l < layers.length; l++) {
    kernels.dense.forward(
      layers[l] as DenseLayer,
      workspace.preActivations[l - 1] as Float32Array,
      count,
      workspace.preActivations[l] as Float32Array,
    );
  }
  return workspace.preActivations[layers.length - 1] as Float32Array;
}

/**
 * Gradients of the loss with respect to every kernel and bias, from d loss / d logit per row
 * (`logitGradient`, end − start values) after towerForward on the same rows and workspace. Writes
 * `gradients` (the layers' shapes), overwriting them: an empty batch gives zeros.
 */
export function towerBackward(
  layers: TowerLayers,
  kernels: TowerKernels,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  workspace: TowerWorkspace,
  logitGradient: Float32Array,
  gradients: readonly DenseLayer[],
): void {
  const count = end - start;
  const last = layers.length - 1;
  (workspace.deltas[last] as Float32Array).set(logitGradient.subarray(0, count));
  for (let l = last; l >= 1; l--) {
    kernels.dense.backward(
      layers[l] as DenseLayer,
      workspace.preActivations[l - 1] as Float32Array,
      count,
      workspace.deltas[l] as Float32Array,
      gradients[l] as DenseLayer,
      workspace.deltas[l - 1] as Float32Array,
    );
  }
  const first = gradients[0];
  const delta = workspace.deltas[0];
  if (first === undefined || delta === undefined) throw new RangeError('a tower needs a layer');
  kernels.firstLayer.transposeProduct(batch, start, end, delta, first.units, first.kernel);
  const { units, bias } = first;
  bias.fill(0);
  for (let r = 0; r < count; r++)
    for (let j = 0; j < units; j++) bias[j] = (bias[j] ?? 0) + (delta[r * units + j] ?? 0);
}
