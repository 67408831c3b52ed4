/**
 * The ONNX pipeline (preprocessing + network in one file) against core's encoder and the TF.js
 * model, on onnxruntime-node: the same probabilities, the same refusals, for awkward records.
 */
import { valueOf } from '../support/results';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { encodeTable, fitPreprocess, type PreprocessSpec } from '../../src/core/preprocess';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { nodesPerTree } from '../../src/core/scoring';
import type { TreeModel } from '../../src/model/treeLayer';
import { tableOf } from '../support/tables';
import { buildScoringModel, buildTower, predictProbabilities } from '../../src/model/network';
import { OnnxExportError } from '../../training/exports/onnx/networkGraph';
import { ONNX_MODEL_FILE, pipelineOnnxBytes } from '../../training/exports/onnx/pipelineModel';
import { scoreFile } from '../../training/scoring/scoreFile';
import { onnxEngine, tfjsEngine } from '../../training/scoring/scoringEngine';
import { initTensorflow } from '../../training/lib/tfNode';

const work = mkdtempSync(join(tmpdir(), 'retem-onnx-'));
const HEADER =
  'ID,var3,delta_x,amount,var38,age,plan,region,' +
  Array.from({ length: 10 }, (_, i) => `ind${i}`).join(',');

/** Rows with sentinels, a heavy tail, a dominant mode, blanks, and two text columns. */
function customerLines(rows: number, seed: number, firstId: number): string[] {
  const rng = createRng(seed);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const var3 = rng.next() < 0.05 ? -999999 : 2 + rng.int(5);
    const delta = rng.next() < 0.1 ? 9999999999 : rng.int(2);
    const amount = rng.next() < 0.6 ? 0 : Math.round(Math.exp(rng.normal() * 2 + 6) * 100) / 100;
    const var38 = rng.next() < 0.3 ? 117310.979016494 : Math.round(50000 + rng.next() * 200000);
    const age = rng.next() < 0.03 ? '' : String(20 + rng.int(60));
    const plan = ['Gold', 'Basic', 'Basic', 'Premium', ''][rng.int(5)] ?? '';
    const region = ['1', '2', '2', 'North', 'NA'][rng.int(5)] ?? '';
    const inds = Array.from({ length: 10 }, () => (rng.next() < 0.3 ? 1 : 0));
    lines.push([firstId + r, var3, delta, amount, var38, age, plan, region, ...inds].join(','));
  }
  return lines;
}

/**
 * Untrained but seeded towers, a logistic member, a tree member and an isotonic calibration map:
 * every layer kind the scoring model has.
 */
function scoringModel(spec: PreprocessSpec, kind: TreeModel['kind']): tf.LayersModel {
  const width = spec.outputNames.length;
  const config = { hidden: [16, 8] };
  const towers = [1, 2].map((seed) => buildTower(width, config, seed, -2).getWeights());
  const rng = createRng(9);
  const weights = Float32Array.from({ length: width }, () => rng.normal() * 0.3);
  const depth = 3;
  const splits = 6 * (kind === 'oblivious' ? depth : nodesPerTree(depth));
  const columns = Int32Array.from({ length: splits }, () => rng.int(width));
  const trees = {
    depth,
    bias: -2,
    columns,
    // Depth-wise: a node in six does not split.
    thresholds: Float32Array.from(columns, (_, k) =>
      kind === 'depthwise' && k % 6 === 5 ? Number.POSITIVE_INFINITY : rng.normal() * 0.7,
    ),
    leaves: Float32Array.from({ length: 6 << depth }, () => rng.normal() * 0.5),
  };
  return buildScoringModel(width, config, towers, {
    linear: { weights, bias: -1.5, share: 0.25 },
    trees: {
      model: kind === 'oblivious' ? { kind, trees } : { kind: 'depthwise', trees },
      share: 0.4,
    },
    calibration: { method: 'isotonic', x: [-3, -2, -1.2, 0], y: [0.01, 0.05, 0.2, 0.6] },
  });
}

let spec: PreprocessSpec;
let model: tf.LayersModel;
/** The same with depth-wise trees, exported beside it. */
let depthwiseModel: tf.LayersModel;
const depthwiseDir = join(work, 'depthwise');
const lines = [HEADER, ...customerLines(800, 1, 1)];

beforeAll(async () => {
  await initTensorflow();
  const table = tableOf(lines);
  spec = fitPreprocess(
    table,
    Uint32Array.from({ length: 600 }, (_, i) => i),
    'ID',
    null,
  );
  model = scoringModel(spec, 'oblivious');
  writeFileSync(join(work, ONNX_MODEL_FILE), pipelineOnnxBytes(spec, model, 0.12));
  depthwiseModel = scoringModel(spec, 'depthwise');
  mkdirSync(depthwiseDir);
  writeFileSync(join(depthwiseDir, ONNX_MODEL_FILE), pipelineOnnxBytes(spec, depthwiseModel, 0.12));
});

describe('the ONNX pipeline', () => {
  it('covers every kind of treatment in its spec', () => {
    const kinds = new Set(spec.features.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['categorical', 'numeric', 'zero-count']);
    expect(spec.outputNames).toEqual(
      expect.arrayContaining(['var3=missing', 'var38=mode', 'plan=Gold', 'region=other']),
    );
    expect(spec.outputNames.some((name) => name.includes(':ple'))).toBe(true);
    expect(spec.features.some((f) => f.kind === 'numeric' && f.transform === 'signed-log1p')).toBe(
      true,
    );
  });

  it.each(['oblivious', 'depthwise'] as const)(
    "gives TF.js's probabilities within 1e-6 on every customer, text and blanks included, with %s trees",
    async (kind) => {
      const table = tableOf(lines);
      const rows = Uint32Array.from({ length: table.ids.length }, (_, i) => i);
      const matrix = valueOf(encodeTable(spec, table, rows));
      const dir = kind === 'oblivious' ? work : depthwiseDir;
      const expected = predictProbabilities(
        kind === 'oblivious' ? model : depthwiseModel,
        matrix,
        spec.outputNames.length,
      );
      const csv = join(work, 'customers.csv');
      writeFileSync(csv, lines.join('\n') + '\n');
      const engine = await onnxEngine(dir, { spec });
      const out = join(dir, 'onnx-scores.csv');
      const summary = await scoreFile(spec, engine, csv, out, 0.12, DEFAULT_PAYOFFS);
      await engine.dispose();
      expect(summary.rowsScored).toBe(800);
      expect(expected).toHaveLength(800);
      const scored = parseCsv(readFileSync(out, 'utf8')).slice(1);
      let worst = 0;
      scored.forEach((record, i) => {
        worst = Math.max(worst, Math.abs(Number(record.fields[1]) - (expected[i] ?? 0)));
      });
      expect(worst).toBeLessThanOrEqual(1e-6);
      // The customers are not all alike: the check has spread to catch a wrong column.
      expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.05);
    },
  );

  it('reads the same records and refuses the same ones as the TF.js engine', async () => {
    const awkward = [
      HEADER,
      // 1.0 and 2.00 are the categories "1" and "2"; NA and blanks are missing; 7 is unseen.
      '9001,2,1,0,117310.979016494,30,Gold,1.0,1,0,0,0,0,0,0,0,0,0',
      '9002,-999999,9999999999,,,NA,,2.00,0,0,0,0,0,0,0,0,0,0',
      '9003,3,0,1e308,-5,250,Diamond,7,1,1,1,1,1,1,1,1,1,1',
      '9004,3,0,abc,1,30,Gold,North,0,0,0,0,0,0,0,0,0,0',
      '9005,4,1, 12.5 ,99999,41,Basic,North,0,1,0,1,0,1,0,1,0,1',
    ];
    const csv = join(work, 'awkward.csv');
    writeFileSync(csv, awkward.join('\n') + '\n');
    const results = [];
    for (const engine of [tfjsEngine({ spec, model }), await onnxEngine(work, { spec })]) {
      const out = join(work, `awkward-${engine.name}.csv`);
      const summary = await scoreFile(spec, engine, csv, out, 0.12, DEFAULT_PAYOFFS);
      await engine.dispose();
      results.push({ summary, rows: parseCsv(readFileSync(out, 'utf8')).slice(1) });
    }
    const [viaTfjs, viaOnnx] = results;
    expect(viaTfjs?.summary.issues).toEqual([
      {
        row: 4,
        line: 5,
        id: '9004',
        column: 'amount',
        reason: '"abc" is not a number',
        problem: { code: 'not-a-number', column: 'amount', text: 'abc' },
      },
    ]);
    expect(viaOnnx?.summary.issues).toEqual(viaTfjs?.summary.issues);
    expect(viaOnnx?.rows.map((r) => r.fields[0])).toEqual(['9001', '9002', '9003', '9005']);
    viaOnnx?.rows.forEach((record, i) => {
      const reference = viaTfjs?.rows[i]?.fields ?? [];
      expect(record.fields[0]).toBe(reference[0]);
      expect(Math.abs(Number(record.fields[1]) - Number(reference[1]))).toBeLessThanOrEqual(1e-6);
      expect(record.fields[2]).toBe(reference[2]);
    });
  });

  it('refuses a model holding a layer it cannot write, naming the layer', () => {
    const width = spec.outputNames.length;
    const input = tf.input({ shape: [width] });
    const normalised = tf.layers.batchNormalization({ name: 'norm' }).apply(input);
    const output = tf.layers
      .dense({ units: 1, activation: 'sigmoid' })
      .apply(normalised) as tf.SymbolicTensor;
    const unusual = tf.model({ inputs: input, outputs: output });
    expect(() => pipelineOnnxBytes(spec, unusual, 0.1)).toThrow(OnnxExportError);
    expect(() => pipelineOnnxBytes(spec, unusual, 0.1)).toThrow(/"norm" \(BatchNormalization\)/);
  });
});
