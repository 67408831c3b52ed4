/**
 * The tree member as a TF.js layer, giving one logit per row from the encoded inputs: boosted
 * oblivious trees (core/scoring/obliviousTrees.ts) or boosted depth-wise trees kept as heaps
 * (core/scoring/depthwiseTrees.ts). The input columns the trees read are in the layer's config;
 * thresholds, leaves and the bias are its weights (thresholds never quantised, so that a split
 * stays where training put it). Scoring runs a loop over the read columns in WebAssembly (the SIMD
 * one of treeKernel.ts for oblivious trees, depthwiseKernel.ts for depth-wise ones), or core's where
 * the runtime refuses it (the same bits, far faster than gathers and comparisons as TF.js
 * operations). The sparse path computes the read columns like first-layer units and calls
 * `logitsOf` on them in place. Not trainable.
 */
import {
  columnsRead,
  nodesPerTree,
  scoreDepthwiseRows,
  scoreTreeRows,
  type DepthwiseTrees,
  type ObliviousTrees,
  type TreeColumnsModel,
} from '../core/scoring';
import { DEPTHWISE_TREES_LAYER_CLASS, OBLIVIOUS_TREES_LAYER_CLASS } from '../core/modelFiles';
import { createDepthwiseKernel } from './depthwiseKernel';
import * as tf from './tf';
import { createTreeKernel, type TreeKernel } from './treeKernel';

/** Weight names of the layer that must ship in float32 (see artifacts.ts). */
export const EXACT_WEIGHT_SUFFIX = '/thresholds';

interface TreeLayerConfig {
  readonly depth: number;
  /** Distinct input columns read, ascending. */
  readonly columns: readonly number[];
  /** For each split (oblivious) or internal node (depth-wise), tree-major, its column's position in `columns`. */
  readonly slots: readonly number[];
  readonly name?: string;
}

/** What both kinds of tree layer share: the columns read, the weights, the sparse path's entry. */
export abstract class TreeMemberLayer extends tf.layers.Layer {
  readonly depth: number;
  readonly columns: readonly number[];
  readonly slots: readonly number[];
  readonly trees: number;
  private thresholds: tf.LayerVariable | null = null;
  private leaves: tf.LayerVariable | null = null;
  private offset: tf.LayerVariable | null = null;
  /** The weights as plain arrays, read once (they never change after loading). */
  private scoring: TreeColumnsModel | null = null;
  /** The WebAssembly loop over the weights (null without it; undefined until first used). */
  private kernel: TreeKernel | null | undefined = undefined;

  constructor(config: TreeLayerConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    this.depth = config.depth;
    this.columns = config.columns;
    this.slots = config.slots;
    const perTree = this.splitsPerTree();
    this.trees = perTree > 0 ? Math.floor(config.slots.length / perTree) : 0;
  }

  /** Splits (oblivious: one per level) or internal nodes (depth-wise) in one tree. */
  abstract splitsPerTree(): number;

  /** This kind's WebAssembly loop over `scoring`, or null where the runtime refuses it. */
  protected abstract createKernel(scoring: TreeColumnsModel, columns: number): TreeKernel | null;

  /** This kind's loop in core (the same bits as its kernel), into `out`. */
  protected abstract scoreWithCore(
    scoring: TreeColumnsModel,
    values: Float32Array,
    rows: number,
    stride: number,
    offset: number,
    out: Float32Array,
  ): void;

  override build(): void {
    const splits = this.trees * this.splitsPerTree();
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
    this.kernel ??= this.createKernel(this.scoring, this.columns.length);
    if (this.kernel !== null) return this.kernel.logits(values, rows, stride, offset);
    const out = new Float32Array(rows);
    this.scoreWithCore(this.scoring, values, rows, stride, offset, out);
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

/** Boosted oblivious trees: a tree's levels each split every node on one (column, threshold). */
export class ObliviousTreesLayer extends TreeMemberLayer {
  static readonly className = OBLIVIOUS_TREES_LAYER_CLASS;

  splitsPerTree(): number {
    return this.depth;
  }

  protected createKernel(scoring: TreeColumnsModel, columns: number): TreeKernel | null {
    return createTreeKernel(scoring, columns);
  }

  protected scoreWithCore(
    scoring: TreeColumnsModel,
    values: Float32Array,
    rows: number,
    stride: number,
    offset: number,
    out: Float32Array,
  ): void {
    scoreTreeRows(scoring, values, rows, stride, offset, out);
  }
}

/** Boosted depth-wise trees, each a complete heap whose every node has its own split. */
export class DepthwiseTreesLayer extends TreeMemberLayer {
  static readonly className = DEPTHWISE_TREES_LAYER_CLASS;

  splitsPerTree(): number {
    return nodesPerTree(this.depth);
  }

  protected createKernel(scoring: TreeColumnsModel, columns: number): TreeKernel | null {
    return createDepthwiseKernel(scoring, columns);
  }

  protected scoreWithCore(
    scoring: TreeColumnsModel,
    values: Float32Array,
    rows: number,
    stride: number,
    offset: number,
    out: Float32Array,
  ): void {
    scoreDepthwiseRows(scoring, values, rows, stride, offset, out);
  }
}

tf.serialization.registerClass(ObliviousTreesLayer);
tf.serialization.registerClass(DepthwiseTreesLayer);

/** A tree member's trees, of either kind. */
export type TreeModel =
  | { readonly kind: 'oblivious'; readonly trees: ObliviousTrees }
  | { readonly kind: 'depthwise'; readonly trees: DepthwiseTrees };

/** A tree layer holding `model` (built and weighted), applied to `input`. */
export function applyTrees(
  input: tf.SymbolicTensor,
  model: TreeModel,
  name = 'trees',
): tf.SymbolicTensor {
  const { trees } = model;
  const { distinct, slotOfSplit } = columnsRead(trees);
  const config: TreeLayerConfig = {
    depth: trees.depth,
    columns: Array.from(distinct),
    slots: Array.from(slotOfSplit),
    name,
  };
  const layer =
    model.kind === 'oblivious' ? new ObliviousTreesLayer(config) : new DepthwiseTreesLayer(config);
  const output = layer.apply(input) as tf.SymbolicTensor;
  layer.setWeights([
    tf.tensor1d(trees.thresholds),
    tf.tensor1d(trees.leaves),
    tf.tensor1d([trees.bias]),
  ]);
  return output;
}

/** Whether a layer is the tree member. */
export function isTreeLayer(layer: tf.layers.Layer): layer is TreeMemberLayer {
  return layer instanceof TreeMemberLayer;
}
