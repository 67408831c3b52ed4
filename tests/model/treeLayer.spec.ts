/**
 * The tree member as a TF.js layer, oblivious or depth-wise: the same logits as core's evaluator,
 * and a model file that keeps its thresholds exact when the rest is quantised.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  depthwiseLogits,
  nodesPerTree,
  treeLogits,
  type ObliviousTrees,
} from '../../src/core/scoring';
import { createRng } from '../../src/core/rng';
import { loadModelFiles, saveModelFiles } from '../../src/model/artifacts';
import { predictProbabilities } from '../../src/model/network';
import * as tf from '../../src/model/tf';
import { applyTrees, type TreeModel } from '../../src/model/treeLayer';
import { initTensorflow } from '../../training/lib/tfNode';

beforeAll(async () => {
  await initTensorflow();
});

const width = 9;
const rng = createRng(41);
const depth = 4;
const trees = 300;
const columns = Int32Array.from({ length: trees * depth }, () => rng.int(width));
const model: ObliviousTrees = {
  depth,
  bias: -2.5,
  columns,
  thresholds: Float32Array.from(columns, () => rng.normal()),
  leaves: Float32Array.from({ length: trees << depth }, () => rng.normal() * 0.05),
};
const nodeColumns = Int32Array.from({ length: trees * nodesPerTree(depth) }, () => rng.int(width));
const depthwise = {
  depth,
  bias: -2.5,
  columns: nodeColumns,
  // A node in eight does not split.
  thresholds: Float32Array.from(nodeColumns, () =>
    rng.next() < 0.125 ? Number.POSITIVE_INFINITY : rng.normal(),
  ),
  leaves: Float32Array.from({ length: trees << depth }, () => rng.normal() * 0.05),
};
const rows = 200;
const matrix = Float32Array.from({ length: rows * width }, () =>
  rng.next() < 0.3 ? 0 : rng.normal(),
);

const kinds: readonly {
  readonly member: TreeModel;
  readonly logits: (m: Float32Array) => Float64Array;
}[] = [
  { member: { kind: 'oblivious', trees: model }, logits: (m) => treeLogits(model, m, width) },
  {
    member: { kind: 'depthwise', trees: depthwise },
    logits: (m) => depthwiseLogits(depthwise, m, width),
  },
];

function treeModel(member: TreeModel): tf.LayersModel {
  const input = tf.input({ shape: [width] });
  return tf.model({ inputs: input, outputs: applyTrees(input, member) });
}

describe.each(kinds)('the tree layer of $member.kind trees', ({ member, logits }) => {
  it('gives core’s logits for every row', () => {
    const viaLayer = predictProbabilities(treeModel(member), matrix, width);
    const viaCore = logits(matrix);
    let worst = 0;
    viaCore.forEach((z, i) => {
      worst = Math.max(worst, Math.abs(z - (viaLayer[i] ?? Number.NaN)));
    });
    expect(worst).toBeLessThan(1e-4);
    expect(Math.max(...viaCore) - Math.min(...viaCore)).toBeGreaterThan(0.5);
  });

  it('ships its thresholds in float32 and its leaves in 8 bits, and loads back the same layer', async () => {
    const files = await saveModelFiles(treeModel(member), { quantize: true });
    const specs = files.modelJson.weightsManifest.flatMap((group) => group.weights);
    const thresholds = specs.find((s) => s.name.endsWith('/thresholds'));
    const leaves = specs.find((s) => s.name.endsWith('/leaves'));
    expect(thresholds?.quantization).toBeUndefined();
    expect(leaves?.quantization?.dtype).toBe('uint8');
    const loaded = await loadModelFiles(files.modelJson, files.weights);
    const [loadedThresholds] = loaded.layers[1]?.getWeights() ?? [];
    expect(loaded.layers[1]?.getClassName()).toBe(
      member.kind === 'oblivious' ? 'ObliviousTrees' : 'DepthwiseTrees',
    );
    expect(Array.from(loadedThresholds?.dataSync() ?? [])).toEqual(
      Array.from(member.trees.thresholds),
    );
    // Leaves on the 8-bit grid move each logit by at most trees × half a step.
    const values = member.trees.leaves;
    const step = (Math.max(...values) - Math.min(...values)) / 255;
    const viaCore = logits(matrix);
    const viaLoaded = predictProbabilities(loaded, matrix, width);
    viaCore.forEach((z, i) => {
      expect(Math.abs(z - (viaLoaded[i] ?? Number.NaN))).toBeLessThan((trees * step) / 2);
    });
  });
});
