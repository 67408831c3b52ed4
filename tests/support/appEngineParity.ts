/**
 * The app's scoring engine against the CLIs on a trained model: a portfolio snapshotted by
 * `npm run snapshot`, scored chunk by chunk through the sparse first layer and the dense product,
 * and a lookup's contributions against occlusion done by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { type PreprocessSpec, createValueEncoder } from '../../src/core/preprocess';
import { parseCsv } from '../../src/core/records/csv';
import { textOfCode, type ColumnTexts } from '../../src/core/records/textCodes';
import { densifyRow } from '../../src/core/snapshot/chunkCells';
import { decodeSnapshot } from '../../src/core/snapshot/snapshot';
import { ScoringEngine } from '../../src/features/inference/engine';
import type { ModelFiles } from '../../src/model/artifacts';
import { predictProbabilities } from '../../src/model/network';
import { initTensorflow } from '../../training/lib/tfNode';
import { runCliScript } from './cli';
import { valueOf } from './results';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape of the JSON it reads
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The app's engine for the model directory `model`, as the worker creates it. */
export async function engineOf(model: string): Promise<ScoringEngine> {
  await initTensorflow();
  return ScoringEngine.create({
    modelJson: readJson<ModelFiles['modelJson']>(join(model, 'model.json')),
    weights: new Uint8Array(readFileSync(join(model, 'weights.bin'))),
    spec: readJson<PreprocessSpec>(join(model, 'preprocess.json')),
    card: '',
  });
}

/**
 * Snapshots `data` with the CLI for `model`, then scores every chunk with the app's engine through
 * the sparse first layer and through the dense product: the largest difference of each from the
 * scoring CLI's probabilities in `scoresCsv`, and the IDs in snapshot order.
 */
export async function snapshotScoredAsCli(model: string, data: string, scoresCsv: string) {
  const portfolio = join(model, 'customers.snapshot');
  const snapped = runCliScript('snapshot', ['--model', model, '--data', data, '--out', portfolio]);
  expect(snapped.status, snapped.stderr).toBe(0);
  const byCli = new Map(
    parseCsv(readFileSync(scoresCsv, 'utf8'))
      .slice(1)
      .map((r) => [r.fields[0] ?? '', Number(r.fields[1])]),
  );
  const engine = await engineOf(model);
  expect(engine.scoringPath).toBe('sparse, wasm-simd');
  let worstSparse = 0;
  let worstDense = 0;
  let worstContribution = 0;
  const ids: string[] = [];
  const header = decodeSnapshot(gunzipSync(readFileSync(portfolio)), (chunk) => {
    // A lookup's contributions (sparse rows) against occlusion done by hand on the dense path.
    for (let r = 0; r < Math.min(5, chunk.ids.length); r++) {
      const values = densifyRow(chunk, r, new Float64Array(engine.columns.length));
      const expected = occlusionByHand(engine, values, chunk.texts);
      for (const c of engine.contributions(values, chunk.texts, 1000)) {
        const reference = expected.get(c.column) ?? Number.NaN;
        worstContribution = Math.max(worstContribution, Math.abs(c.delta - reference));
      }
      expect(engine.contributions(values, chunk.texts, 1000).length).toBe(expected.size);
    }
    const sparse = engine.scoreChunk(chunk);
    const dense = engine.scoreChunkDense(chunk);
    chunk.ids.forEach((id, r) => {
      const key = chunk.labels?.[r] ?? String(id);
      ids.push(key);
      const expected = byCli.get(key) ?? Number.NaN;
      worstSparse = Math.max(worstSparse, Math.abs((sparse[r] ?? Number.NaN) - expected));
      worstDense = Math.max(worstDense, Math.abs((dense[r] ?? Number.NaN) - expected));
    });
  });
  expect(worstContribution).toBeLessThanOrEqual(1e-6);
  return { header, ids, worstSparse, worstDense };
}

/**
 * Occlusion the long way: each column the customer differs on (a number from the training median,
 * a text from the most common category) set back, encoded densely and scored by the layered model.
 */
function occlusionByHand(
  engine: ScoringEngine,
  values: Float64Array,
  texts: ColumnTexts | undefined,
): Map<string, number> {
  const { spec } = engine.bundle;
  const encode = valueOf(createValueEncoder(spec, engine.columns));
  const width = spec.outputNames.length;
  const score = (row: Float64Array, rowTexts: ColumnTexts | undefined) => {
    const out = new Float32Array(width);
    encode(row, out, 0, rowTexts);
    return predictProbabilities(engine.model, out, width)[0] ?? Number.NaN;
  };
  const base = score(values, texts);
  const deltas = new Map<string, number>();
  for (const feature of spec.features) {
    if (feature.kind === 'zero-count') continue;
    const c = engine.columns.indexOf(feature.column);
    const copy = new Float64Array(values);
    let copyTexts = texts;
    if (feature.kind === 'numeric') {
      if (values[c] === feature.fill) continue;
      copy[c] = feature.fill;
    } else {
      const mode = feature.categories[0];
      if (mode === undefined || textOfCode(texts, c, values[c] ?? 0) === mode) continue;
      const own = texts?.[c] ?? [];
      copyTexts = engine.columns.map((_, i) => (i === c ? [...own, mode] : texts?.[i]));
      copy[c] = own.length + 1;
    }
    deltas.set(feature.column, base - score(copy, copyTexts));
  }
  return deltas;
}
