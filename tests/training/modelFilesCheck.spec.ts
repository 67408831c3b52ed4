/**
 * Core's check that a model's files belong together, on real files written by the model module:
 * every problem code for the corruption that causes it, and none for a consistent set.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelFiles } from '../../src/core/modelFiles/filesCheck';
import { METRICS_FORMAT } from '../../src/core/modelFiles/modelMetrics';
import { fitPreprocess, type PreprocessSpec } from '../../src/core/preprocess';
import { loadModelFiles, saveModelFiles, type ModelFiles } from '../../src/model/artifacts';
import { buildScoringModel, buildTower } from '../../src/model/network';
import type { TreeModel } from '../../src/model/treeLayer';
import { initTensorflow } from '../../training/lib/tfNode';
import { tableOf } from '../support/tables';

let spec: PreprocessSpec;
let files: ModelFiles;
const metricsOf = (schemaHash: string) => ({ format: METRICS_FORMAT, schemaHash });

async function filesFor(width: number): Promise<ModelFiles> {
  const config = { hidden: [4] };
  const tower = buildTower(width, config, 1, -2).getWeights();
  return saveModelFiles(buildScoringModel(width, config, [tower]));
}

beforeAll(async () => {
  await initTensorflow();
  const lines = [
    'ID,a,b,plan',
    ...Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${(i * 3) % 11},${i % 2 ? 'x' : 'y'}`),
  ];
  spec = fitPreprocess(
    tableOf(lines),
    Uint32Array.from({ length: 40 }, (_, i) => i),
    'ID',
    null,
  );
  files = await filesFor(spec.outputNames.length);
});

/** The layer entries of a model.json's topology, as TF.js writes them. */
const layersOf = (modelJson: ModelFiles['modelJson']) =>
  (modelJson.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers;

const check = (overrides: Partial<Parameters<typeof checkModelFiles>[0]> = {}) =>
  checkModelFiles({
    spec,
    metrics: metricsOf(spec.schemaHash),
    modelJson: files.modelJson,
    weightBytes: files.weights.byteLength,
    ...overrides,
  });

describe('checking that a model’s files belong together', () => {
  it('finds nothing wrong with files from one export', () => {
    expect(check()).toBeNull();
  });

  it('counts an 8-bit tensor at one byte per weight, and loads it as TF.js dequantises it', async () => {
    const width = spec.outputNames.length;
    const config = { hidden: [64] };
    const model = buildScoringModel(width, config, [buildTower(width, config, 3, -2).getWeights()]);
    const quantized = await saveModelFiles(model, { quantize: true });
    const entries = quantized.modelJson.weightsManifest.flatMap((group) => group.weights);
    // The first kernel (width × 64 ≥ 1,024 values) is 8-bit; biases and the head stay float32.
    expect(entries.map((e) => e.quantization?.dtype ?? 'float32')).toEqual([
      width * 64 >= 1024 ? 'uint8' : 'float32',
      'float32',
      'float32',
      'float32',
      'float32',
      'float32',
    ]);
    // Kernel 1 byte per weight; bias, head kernel and bias, calibration kernel and bias 4 bytes.
    expect(quantized.weights.byteLength).toBe(width * 64 + 64 * 4 + 64 * 4 + 4 + 4 + 4);
    expect(
      check({ modelJson: quantized.modelJson, weightBytes: quantized.weights.byteLength }),
    ).toBeNull();
    expect(
      check({ modelJson: quantized.modelJson, weightBytes: quantized.weights.byteLength + 1 }),
    ).toMatchObject({ code: 'weights-size' });
  });

  it('names a file that is not a spec, or a spec of another format version', () => {
    expect(check({ spec: { hello: 'world' } })).toEqual({ code: 'spec-not-retem' });
    expect(check({ spec: { ...spec, version: 2 } })).toEqual({
      code: 'spec-version',
      found: 2,
      supported: 1,
    });
  });

  it('names an edited spec by its recorded and recomputed schema hashes', () => {
    const edited = structuredClone(spec) as unknown as { features: { mean?: number }[] };
    const first = edited.features.find((f) => f.mean !== undefined);
    if (first?.mean === undefined) throw new Error('no numeric feature');
    first.mean += 1e-9;
    expect(check({ spec: edited })).toMatchObject({
      code: 'spec-edited',
      recorded: spec.schemaHash,
    });
  });

  it('names metrics that are not Retém’s, or come from another training', () => {
    expect(check({ metrics: {} })).toEqual({ code: 'metrics-not-retem' });
    expect(check({ metrics: metricsOf('0000000000000000') })).toEqual({
      code: 'metrics-other-training',
      spec: spec.schemaHash,
      metrics: '0000000000000000',
    });
  });

  it('reads the layers of a model with either kind of tree member, and names a layer it cannot score with before TF.js is asked', async () => {
    const width = spec.outputNames.length;
    const config = { hidden: [4] };
    const tower = buildTower(width, config, 1, -2).getWeights();
    // One tree of depth 1 on column 0, which both kinds read the same way.
    const trees = {
      depth: 1,
      bias: -1,
      columns: Int32Array.of(0),
      thresholds: Float32Array.of(0.5),
      leaves: Float32Array.of(-0.2, 0.3),
    };
    const members: TreeModel[] = [
      { kind: 'oblivious', trees },
      { kind: 'depthwise', trees },
    ];
    for (const member of members) {
      const withTrees = await saveModelFiles(
        buildScoringModel(width, config, [tower], { trees: { model: member, share: 0.5 } }),
      );
      const classes = layersOf(withTrees.modelJson).map((l) => l.class_name);
      expect(classes).toContain(member.kind === 'oblivious' ? 'ObliviousTrees' : 'DepthwiseTrees');
      expect(
        check({ modelJson: withTrees.modelJson, weightBytes: withTrees.weights.byteLength }),
      ).toBeNull();
    }

    // A model from a newer export: one of its layers is of a class this code does not have.
    const newer = structuredClone(files.modelJson);
    const dense = layersOf(newer).find((l) => l.class_name === 'Dense');
    if (dense === undefined) throw new Error('no dense layer');
    dense.class_name = 'GradientForest';
    expect(check({ modelJson: newer })).toEqual({
      code: 'network-layer-unknown',
      className: 'GradientForest',
    });
    await expect(loadModelFiles(newer, files.weights)).rejects.toThrow(/GradientForest/);
  });

  it('names a network of another width, an unreadable one, and weights of another size', async () => {
    const wider = await filesFor(spec.outputNames.length + 1);
    expect(check({ modelJson: wider.modelJson, weightBytes: wider.weights.byteLength })).toEqual({
      code: 'input-width',
      network: spec.outputNames.length + 1,
      spec: spec.outputNames.length,
    });
    expect(check({ modelJson: { modelTopology: null } })).toEqual({ code: 'network-unreadable' });
    expect(check({ weightBytes: files.weights.byteLength - 4 })).toEqual({
      code: 'weights-size',
      expected: files.weights.byteLength,
      found: files.weights.byteLength - 4,
    });
    tf.disposeVariables();
  });
});
