/**
 * Scoring with a sparse first layer: core's sparseFirstLayer computes the pre-activations of every
 * dense layer that reads the model's input (the towers' first layers, the logistic member) from a
 * customer's non-zero cells, and TF.js runs the rest of the graph on them. The tree member reads
 * the input too: the columns it reads become first-layer units of their own (an identity kernel,
 * built here, not shipped), and the layer scores from them. Any model whose input feeds only Dense
 * and tree layers qualifies, whatever its shape after that; other models keep the dense path.
 */
import type { FirstLayerWeights } from '../core/scoring';
import * as tf from './tf';
import { createTowerKernel, type StepInput, type TowerKernel, type TowerStep } from './towerKernel';
import { isTreeLayer, type TreeMemberLayer } from './treeLayer';

const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
};

/** The input's dense readers side by side, and the rest of the graph as a function of them. */
export interface SplitNetwork {
  /** Every first-layer unit: kernel [inputs × units], bias [units]. */
  readonly firstLayer: FirstLayerWeights;
  /**
   * Probabilities from first-layer pre-activations, row-major [rows × width]; width ≥ units (the
   * columns after the units, such as SIMD padding, are ignored).
   */
  tail(preActivations: Float32Array, rows: number, width: number): Float32Array;
  /** Towers that run their dense steps in the WebAssembly tower kernel (the others in TF.js). */
  readonly towersInKernel: number;
}

interface FirstReader {
  readonly layer: tf.layers.Layer;
  readonly offset: number;
  readonly units: number;
  readonly activation: (x: tf.Tensor) => tf.Tensor;
  /** A tree layer, whose units are the input columns it reads. */
  readonly trees: TreeMemberLayer | null;
}

/**
 * Splits a single-input, single-output model after its first dense layers; null when the input
 * feeds anything but Dense layers with a linear, relu or sigmoid activation. Same-shape towers run
 * their dense steps in the WebAssembly tower kernel where it runs, unless `towerKernel` is false
 * (TF.js then runs them: for tests and comparisons).
 */
export function splitAfterFirstLayer(
  model: tf.LayersModel,
  { towerKernel = true }: { readonly towerKernel?: boolean } = {},
): SplitNetwork | null {
  const input = model.inputLayers[0];
  const output = model.outputLayers[0];
  if (model.inputLayers.length !== 1 || model.outputLayers.length !== 1) return null;
  if (input === undefined || output === undefined) return null;
  const inbound = (layer: tf.layers.Layer) => layer.inboundNodes[0]?.inboundLayers ?? [];
  const readers: FirstReader[] = [];
  let offset = 0;
  // The tree layers' units go after the dense readers': those units only pass inputs through, and
  // the sparse first layer accumulates none after the last unit that needs it.
  const treeLayers: TreeMemberLayer[] = [];
  for (const layer of model.layers) {
    if (!inbound(layer).includes(input)) continue;
    if (isTreeLayer(layer)) {
      treeLayers.push(layer);
      continue;
    }
    const config = layer.getConfig();
    const named = config['activation'];
    const activation = ACTIVATIONS[typeof named === 'string' ? named : 'linear'];
    if (layer.getClassName() !== 'Dense' || inbound(layer).length !== 1) return null;
    if (activation === undefined || config['useBias'] === false) return null;
    const units = config['units'];
    if (typeof units !== 'number') return null;
    readers.push({ layer, offset, units, activation, trees: null });
    offset += units;
  }
  for (const layer of treeLayers) {
    readers.push({
      layer,
      offset,
      units: layer.columns.length,
      activation: (x) => x,
      trees: layer,
    });
    offset += layer.columns.length;
  }
  if (readers.length === 0) return null;
  const units = offset;
  const inputs = input.batchInputShape[1] ?? 0;
  const kernel = new Float32Array(inputs * units);
  const bias = new Float32Array(units);
  for (const reader of readers) {
    if (reader.trees !== null) {
      reader.trees.columns.forEach((column, j) => {
        kernel[column * units + reader.offset + j] = 1;
      });
      continue;
    }
    const [k, b] = reader.layer.getWeights();
    if (k === undefined || b === undefined) return null;
    const values = k.dataSync();
    for (let i = 0; i < inputs; i++) {
      kernel.set(
        values.subarray(i * reader.units, (i + 1) * reader.units),
        i * units + reader.offset,
      );
    }
    bias.set(b.dataSync(), reader.offset);
  }
  const firstOf = new Map(readers.map((reader) => [reader.layer, reader]));
  const stacks = towerStacks(model, readers, towerKernel);
  const stacked = new Set(stacks.flatMap((stack) => stack.layers));
  return {
    firstLayer: { kernel, bias, units },
    towersInKernel: stacks.reduce((sum, s) => sum + (s.kernel === null ? 0 : s.heads.length), 0),
    tail(preActivations, rows, width) {
      return tf.tidy(() => {
        // The whole [rows, width] tensor only when TF.js runs towers; a lone reader's units are
        // copied out on their own.
        let pre: tf.Tensor2D | null = null;
        const wholePre = () =>
          (pre ??= tf.tensor2d(preActivations.subarray(0, rows * width), [rows, width]));
        const unitsOf = (offset: number, count: number) => {
          if (pre !== null) return tf.slice(pre, [0, offset], [rows, count]);
          const values = new Float32Array(rows * count);
          for (let r = 0; r < rows; r++) {
            values.set(
              preActivations.subarray(r * width + offset, r * width + offset + count),
              r * count,
            );
          }
          return tf.tensor2d(values, [rows, count]);
        };
        const outputs = new Map<tf.layers.Layer, tf.Tensor>();
        // Each head's logit is a column of its stack's [rows, T] logits, cut out only for a layer
        // that reads it alone: a concatenation of consecutive heads takes their columns at once.
        const headAt = new Map<tf.layers.Layer, { logits: tf.Tensor; index: number }>();
        const valueOf = (source: tf.layers.Layer): tf.Tensor | undefined => {
          const known = outputs.get(source);
          const head = headAt.get(source);
          if (known !== undefined || head === undefined) return known;
          const column = tf.slice(head.logits, [0, head.index], [rows, 1]);
          outputs.set(source, column);
          return column;
        };
        for (const stack of stacks) {
          const logits =
            stack.kernel === null
              ? runStack(stack, wholePre(), rows)
              : stack.headActivation(
                  tf.tensor2d(stack.kernel.logits(preActivations, rows, width), [
                    rows,
                    stack.heads.length,
                  ]),
                );
          stack.heads.forEach((head, index) => headAt.set(head, { logits, index }));
        }
        for (const layer of model.layers) {
          if (layer === input || stacked.has(layer)) continue;
          const reader = firstOf.get(layer);
          if (reader !== undefined) {
            outputs.set(
              layer,
              reader.trees === null
                ? reader.activation(unitsOf(reader.offset, reader.units))
                : tf.tensor2d(reader.trees.logitsOf(preActivations, rows, width, reader.offset), [
                    rows,
                    1,
                  ]),
            );
            continue;
          }
          if (concatenatesColumns(layer)) {
            outputs.set(layer, concatenated(inbound(layer), headAt, valueOf, rows));
            continue;
          }
          const from = inbound(layer).map(valueOf);
          if (from.some((tensor) => tensor === undefined)) {
            throw new Error(`layer ${layer.name} reads a layer computed after it`);
          }
          const args = from as tf.Tensor[];
          outputs.set(
            layer,
            layer.apply(args.length === 1 ? (args[0] as tf.Tensor) : args) as tf.Tensor,
          );
        }
        const result = outputs.get(output);
        if (result === undefined) throw new Error('the output layer was never reached');
        return result.dataSync() as Float32Array;
      });
    },
  };
}

/** Whether a layer is a concatenation along the last axis of 2-D inputs. */
function concatenatesColumns(layer: tf.layers.Layer): boolean {
  if (layer.getClassName() !== 'Concatenate') return false;
  const axis = layer.getConfig()['axis'];
  return axis === -1 || axis === 1;
}

/**
 * The concatenation of `sources`' outputs, each run of consecutive heads of one stack taken as one
 * slice of its logits (the whole of them when the run is every head).
 */
function concatenated(
  sources: readonly tf.layers.Layer[],
  headAt: ReadonlyMap<tf.layers.Layer, { logits: tf.Tensor; index: number }>,
  valueOf: (source: tf.layers.Layer) => tf.Tensor | undefined,
  rows: number,
): tf.Tensor {
  const parts: tf.Tensor[] = [];
  for (let i = 0; i < sources.length;) {
    const source = sources[i] as tf.layers.Layer;
    const head = headAt.get(source);
    if (head === undefined) {
      const value = valueOf(source);
      if (value === undefined)
        throw new Error(`layer ${source.name} is read before it is computed`);
      parts.push(value);
      i++;
      continue;
    }
    let j = i + 1;
    for (; j < sources.length; j++) {
      const next = headAt.get(sources[j] as tf.layers.Layer);
      if (next?.logits !== head.logits || next.index !== head.index + (j - i)) break;
    }
    const count = j - i;
    parts.push(
      count === head.logits.shape[1]
        ? head.logits
        : tf.slice(head.logits, [0, head.index], [rows, count]),
    );
    i = j;
  }
  return parts.length === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts, 1);
}

/**
 * Towers of the same shape side by side: T chains that each start at a first-layer reader (at
 * consecutive offsets) and go through Dense layers, one reader each, to a one-unit head. The tail
 * runs each depth of all towers as one product with a block-diagonal kernel: a handful of
 * operations whatever T is, instead of a few per tower.
 */
interface TowerStack {
  readonly offset: number;
  readonly firstUnits: number;
  readonly firstActivation: (x: tf.Tensor) => tf.Tensor;
  /**
   * After the first layer: block-diagonal kernels [T·in, T·out] (tower t's kernel in block t),
   * biases [T·out], activations.
   */
  readonly steps: readonly {
    kernel: tf.Tensor2D;
    bias: tf.Tensor1D;
    activation: (x: tf.Tensor) => tf.Tensor;
  }[];
  /** The steps in the WebAssembly tower kernel, or null where TF.js runs them. */
  readonly kernel: TowerKernel | null;
  /** The heads' activation (the kernel gives the heads' pre-activations). */
  readonly headActivation: (x: tf.Tensor) => tf.Tensor;
  /** Each tower's one-unit head layer, in tower order. */
  readonly heads: tf.layers.Layer[];
  /** Every layer the stack computes (first layers included). */
  readonly layers: tf.layers.Layer[];
}

/** The logits of a stack's towers, [rows, T]. */
function runStack(stack: TowerStack, pre: tf.Tensor2D, rows: number): tf.Tensor {
  const towers = stack.heads.length;
  let x: tf.Tensor = stack.firstActivation(
    tf.slice(pre, [0, stack.offset], [rows, towers * stack.firstUnits]),
  );
  for (const step of stack.steps) {
    x = step.activation(tf.add(tf.matMul(x as tf.Tensor2D, step.kernel), step.bias));
  }
  return x;
}

/** Groups the towers that can run stacked; towers of one tower or other shapes stay as layers. */
function towerStacks(
  model: tf.LayersModel,
  readers: readonly FirstReader[],
  withKernel: boolean,
): TowerStack[] {
  const consumers = new Map<tf.layers.Layer, tf.layers.Layer[]>();
  for (const layer of model.layers) {
    for (const source of layer.inboundNodes[0]?.inboundLayers ?? []) {
      consumers.set(source, [...(consumers.get(source) ?? []), layer]);
    }
  }
  // Each reader's chain of single-reader Dense layers down to a one-unit head.
  const chains = readers.map((reader) => {
    const chain: tf.layers.Layer[] = [reader.layer];
    for (;;) {
      const last = chain[chain.length - 1] as tf.layers.Layer;
      const next = consumers.get(last) ?? [];
      const only = next[0];
      if (next.length !== 1 || only === undefined || only.getClassName() !== 'Dense') break;
      if ((only.inboundNodes[0]?.inboundLayers ?? []).length !== 1) break;
      const config = only.getConfig();
      if (config['useBias'] === false) break;
      chain.push(only);
    }
    const head = chain[chain.length - 1] as tf.layers.Layer;
    const headUnits = head.getConfig()['units'];
    return chain.length >= 2 && headUnits === 1 ? chain : null;
  });
  const stacks: TowerStack[] = [];
  let start = 0;
  while (start < readers.length) {
    const signature = (i: number) =>
      chains[i]
        ?.map((layer) =>
          JSON.stringify([layer.getConfig()['units'], layer.getConfig()['activation']]),
        )
        .join('>') ?? null;
    const key = signature(start);
    let end = start + 1;
    while (key !== null && end < readers.length && signature(end) === key) end++;
    const group = chains.slice(start, end);
    const firstReader = readers[start];
    if (key !== null && group.length >= 2 && firstReader !== undefined) {
      const towers = group as tf.layers.Layer[][];
      const depth = towers[0]?.length ?? 0;
      const steps = [];
      const kernelSteps: TowerStep[] = [];
      const activationOf = (layer: tf.layers.Layer | undefined) => {
        const named = layer?.getConfig()['activation'];
        return typeof named === 'string' ? named : 'linear';
      };
      // What each step reads its input through: the activation of the layer before it.
      const reads = Array.from({ length: depth - 1 }, (_, l) => activationOf(towers[0]?.[l]));
      for (let l = 1; l < depth; l++) {
        const weights = towers.map((chain) => chain[l]?.getWeights() ?? []);
        const named = towers[0]?.[l]?.getConfig()['activation'];
        const activation = ACTIVATIONS[typeof named === 'string' ? named : 'linear'];
        const [rowsPer = 0, colsPer = 0] = weights[0]?.[0]?.shape ?? [];
        if (activation === undefined) return [];
        const T = towers.length;
        const kernel = new Float32Array(T * rowsPer * T * colsPer);
        const bias = new Float32Array(T * colsPer);
        weights.forEach(([k, b], t) => {
          const values = k?.dataSync() ?? new Float32Array(0);
          for (let i = 0; i < rowsPer; i++) {
            kernel.set(
              values.subarray(i * colsPer, (i + 1) * colsPer),
              (t * rowsPer + i) * T * colsPer + t * colsPer,
            );
          }
          bias.set(b?.dataSync() ?? new Float32Array(0), t * colsPer);
        });
        steps.push({
          kernel: tf.tensor2d(kernel, [T * rowsPer, T * colsPer]),
          bias: tf.tensor1d(bias),
          activation,
        });
        kernelSteps.push({
          kernel: Float32Array.from(weights.flatMap(([k]) => Array.from(k?.dataSync() ?? []))),
          bias,
          inputs: rowsPer,
          outputs: colsPer,
        });
      }
      const kernelReads = reads.filter((r): r is StepInput => r === 'relu' || r === 'linear');
      const kernel =
        withKernel && kernelReads.length === reads.length
          ? createTowerKernel(
              towers.length,
              firstReader.offset,
              firstReader.units,
              kernelSteps,
              kernelReads,
            )
          : null;
      const headActivation = ACTIVATIONS[activationOf(towers[0]?.[depth - 1])];
      stacks.push({
        offset: firstReader.offset,
        firstUnits: firstReader.units,
        firstActivation: firstReader.activation,
        steps,
        kernel,
        headActivation: headActivation ?? ((x) => x),
        heads: towers.map((chain) => chain[depth - 1] as tf.layers.Layer),
        layers: towers.flat(),
      });
    }
    start = end;
  }
  return stacks;
}
