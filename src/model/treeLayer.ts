/**
 * The tree member as a TF.js layer: boosted oblivious trees (core/scoring/obliviousTrees.ts) on the
 * encoded inputs, giving one logit per row. The input columns the trees read are in the layer's
 * config; thresholds, leaves and the bias are its weights (thresholds never quantised, so that a
 * split stays where training put it). Scoring runs a loop over the read columns (the WebAssembly
 * SIMD one of treeKernel.ts, or core's where SIMD is missing: the same bits, far faster than
 * gathers and comparisons as TF.js operations); the sparse path computes the read columns like
 * first-layer units and calls `logitsOf` on them in place. Not trainable.
 */
import {
  columnsRead,
  scoreTreeRows,
  type ObliviousTrees,
  type TreeColumnsModel,
} from '../core/scoring';
import * as tf from './tf';
import { createTreeKernel, type TreeKernel } from './treeKernel';

/** The layer's class name in model.json. */
export const TREE_LAYER_CLASS = 'ObliviousTrees';

/** Weight names of the layer that must ship in float32 (see artifacts.ts). */
export const EXACT_WEIGHT_SUFFIX = '/thresholds';

interface TreeLayerConfig {
  readonly depth: number;
  /** Distinct input columns read, ascending. */
  readonly columns: readonly number[];
  /** For each split (tree-major), its column's position in `columns`. */
  readonly slots: readonly number[];
  readonly name?: string;
}

export class ObliviousTreesLayer extends tf.layers.Layer {
  static readonly className = TREE_LAYER_CLASS;
  readonly depth: number;
  readonly columns: readonly number[];
  readonly slots: readonly number[];
  readonly trees: number;
  private thresholds: tf.LayerVariable | null = null;
  private leaves: tf.LayerVariable | null = null;
  private offset: tf.LayerVariable | null = null;
  /** The weights as plain arrays, read once (they never change after loading). */
  private scoring: TreeColumnsModel | null = null;
  /** The SIMD loop over `scoring` (null without WebAssembly SIMD; undefined until first used). */
  private kernel: TreeKernel | null | undefined = undefined;

  constructor(config: TreeLayerConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.depth = config.depth;
    this.columns = config.columns;
    this.slots = config.slots;
    this.trees = config.depth > 0 ? Math.floor(config.slots.length / config.depth) : 0;
  }

  override build(): void {
    const splits = this.trees * this.depth;
    this.thresholds = this.addWeight('thresholds', [splits], 'float32', tf.initializers.zeros());
    this.leaves = this.addWeight(
      'leaves',
      [this.trees << this.depth],
      'float32',
      tf.initializers.zeros(),
    );
    this.offset = this.addWeight('bias', [1], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override setWeights(weights: tf.Tensor[]): void {
    super.setWeights(weights);
    this.scoring = null;
    this.kernel = undefined;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined) throw new Error('the tree layer needs an input');
    return tf.tidy(() => this.logitsOfColumns(tf.gather(x, this.columns, 1)));
  }

  /** Logits [rows, 1] from the read columns' values [rows, columns.length]. */
  logitsOfColumns(values: tf.Tensor): tf.Tensor {
    const rows = values.shape[0];
    return tf.tensor2d(
      this.logitsOf(values.dataSync() as Float32Array, rows, this.columns.length, 0),
      [rows, 1],
    );
  }

  /**
   * Logits of rows whose read columns sit side by side in a row-major array (row r's column j at
   * values[r·stride + offset + j]): the sparse path's first-layer output, read in place.
   */
  logitsOf(values: Float32Array, rows: number, stride: number, offset: number): Float32Array {
    const { thresholds, leaves, offset: bias } = this;
    if (thresholds === null || leaves === null || bias === null) {
      throw new Error('the tree layer is not built');
    }
    this.scoring ??= {
      depth: this.depth,
      bias: bias.read().dataSync()[0] ?? 0,
      slots: Int32Array.from(this.slots),
      thresholds: thresholds.read().dataSync() as Float32Array,
      leaves: leaves.read().dataSync() as Float32Array,
    };
    if (this.kernel === undefined)
      this.kernel = createTreeKernel(this.scoring, this.columns.length);
    if (this.kernel !== null) return this.kernel.logits(values, rows, stride, offset);
    const out = new Float32Array(rows);
    scoreTreeRows(this.scoring, values, rows, stride, offset, out);
    return out;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      depth: this.depth,
      columns: [...this.columns],
      slots: [...this.slots],
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}

tf.serialization.registerClass(ObliviousTreesLayer);

/** A tree layer holding `model` (built and weighted), applied to `input`. */
export function applyTrees(
  input: tf.SymbolicTensor,
  model: ObliviousTrees,
  name = 'trees',
): tf.SymbolicTensor {
  const { distinct, slotOfSplit } = columnsRead(model);
  const layer = new ObliviousTreesLayer({
    depth: model.depth,
    columns: Array.from(distinct),
    slots: Array.from(slotOfSplit),
    name,
  });
  const output = layer.apply(input) as tf.SymbolicTensor;
  layer.setWeights([
    tf.tensor1d(model.thresholds),
    tf.tensor1d(model.leaves),
    tf.tensor1d([model.bias]),
  ]);
  return output;
}

/** Whether a layer is the tree member. */
export function isTreeLayer(layer: tf.layers.Layer): layer is ObliviousTreesLayer {
  return layer instanceof ObliviousTreesLayer;
}
