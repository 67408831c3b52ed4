import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { rocAuc } from '../../src/core/metrics';
import { ProfitCurve } from '../../src/core/decision/profit';
import { readSegmentsFile } from '../../src/core/segments/segmentsFile';
import { decodeSnapshot, type SnapshotChunk } from '../../src/core/snapshot/snapshot';
import { snapshotScoredAsCli } from '../support/appEngineParity';
import { ScoringEngine } from '../../src/features/inference/engine';
import type { ModelFiles } from '../../src/model/artifacts';
import { buildSnapshot } from '../../training/snapshot/snapshotFile';
import { initTensorflow } from '../../training/lib/tfNode';
import { writeTwinCsv, readTwinStats } from '../../training/lib/demoData';
import { xlsxBytes } from '../support/xlsx';
import { recipeFlags, runCliScript } from '../support/cli';
import { hasSharedData, ROOT, SHARED_DATA, TSX } from '../support/paths';
import { cliScriptPath } from '../../training/lib/cliScripts';
import { withCells } from '../support/tables';
import { readModelMetrics } from '../../training/lib/modelDir';

const work = mkdtempSync(join(tmpdir(), 'retem-cli-'));
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape of the JSON it reads
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
/** Runs `npm run train` on `data` into `out` with `flags`, and expects it to succeed. */
const trainModel = (data: string, out: string, flags: readonly string[]) => {
  const result = runCliScript('train', ['--data', data, '--out', out, ...flags]);
  expect(result.status, result.stderr).toBe(0);
};
const QUICK = recipeFlags({ towers: 2, epochs: 12, patience: 4 });
// The twin's model is judged on its test AUC, so it trains long enough to learn: on its 4,000 rows,
// towers taught a teacher's logits were still improving at 12 epochs (test AUC 0.70, out of fold
// 0.70; 0.73 and 0.78 at 30 epochs).
const TWIN = recipeFlags({ towers: 2, epochs: 30, patience: 4 });

describe('training and scoring the synthetic twin', () => {
  const train = join(work, 'twin-train.csv');
  const customers = join(work, 'twin-customers.csv');
  const model = join(work, 'twin-model');

  beforeAll(async () => {
    const stats = await readTwinStats(ROOT);
    await writeTwinCsv(stats, train, 4000, 1, 1, true);
    await writeTwinCsv(stats, customers, 300, 2, 90001, false);
    trainModel(train, model, TWIN);
  });

  it('exports every file of a model directory, consistent with each other', () => {
    const spec = readJson<PreprocessSpec>(join(model, 'preprocess.json'));
    const metrics = readModelMetrics(model);
    const modelJson = readJson<{ weightsManifest: { paths: string[] }[] }>(
      join(model, 'model.json'),
    );
    expect(metrics.schemaHash).toBe(spec.schemaHash);
    expect(modelJson.weightsManifest[0]?.paths).toEqual(['./weights.bin']);
    expect(readFileSync(join(model, 'MODEL_CARD.md'), 'utf8')).toContain(
      `Threshold **${metrics.threshold.threshold.toFixed(4)}**`,
    );
    expect(spec.dropped.constant.length).toBeGreaterThan(20);
    expect(spec.dropped.duplicate.length).toBeGreaterThan(5);
    // Each tower keeps its best epoch's weights, capped by optimizer steps, and the card says so.
    expect(metrics.model.maxSteps).toBe(6000);
    const card = readFileSync(join(model, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('at most 6000 optimizer steps');
    expect(card).toContain('best weights kept');
    // Node 20 has WebAssembly SIMD: every tower trained in those loops, and the card says so.
    for (const tower of metrics.model.towers) {
      expect(tower.loops).toEqual({ firstLayer: 'wasm-simd', dense: 'wasm-simd' });
    }
    expect(card).toContain('The towers trained in their own loops: WebAssembly SIMD;');
  });

  it('lists no option whose trial lost', () => {
    const help = runCliScript('train', ['--help']);
    for (const lost of ['--ema', '--tail-average', '--input-share', '--teacher-seeds'])
      expect(help.stdout).not.toContain(lost);
    // What an analyst needs, at most 24 flags; the recipe's settings are named under --config.
    const flags = help.stdout.split('\n').filter((line) => /^ {2}--[a-z]/.test(line));
    expect(flags.length - 1).toBeLessThanOrEqual(24);
    expect(help.stdout).toMatch(/--config <value> +A JSON file of recipe settings/);
    expect(help.stdout).not.toMatch(/^ {2}--(towers|learning-rate|distil-share) /m);
  });

  it('writes the segments a per-segment plan needs: out-of-fold figures, codes and folds of every row', () => {
    const metrics = readModelMetrics(model);
    const read = readSegmentsFile(readJson(join(model, 'segments.json')));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { columns, development, test } = read.value;
    expect(read.value.schemaHash).toBe(metrics.schemaHash);
    // The twin's age column bins; every column is one the model reads.
    expect(columns.map((c) => c.column)).toContain('var15');
    const spec = readJson<PreprocessSpec>(join(model, 'preprocess.json'));
    for (const c of columns) expect(spec.inputColumns.map((i) => i.name)).toContain(c.column);
    expect(development.scores.length).toBe(metrics.split.trainRows);
    expect(test.codes[0]?.length).toBe(metrics.test.rows);
    // The development rows' out-of-fold figures are those the threshold was chosen on.
    expect(rocAuc(development.scores, development.labels)).toBeCloseTo(
      metrics.model.crossFit?.outOfFoldAuc ?? NaN,
      4,
    );
    // Without a test split, every row is a development row, measured under its fold's plans.
    expect(development.labels.reduce((a, b) => a + b, 0)).toBe(metrics.data.positives);
    expect(development.folds?.length).toBe(4000);
    expect(new Set(development.folds)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('trains on every row and reports each row out of fold', () => {
    const metrics = readModelMetrics(model);
    const { split, test } = metrics;
    expect([split.trainRows, split.validationRows, split.testRows]).toEqual([4000, 0, 0]);
    expect([metrics.outOfSample.source, test.rows]).toEqual(['out-of-fold', 4000]);
    // Cross-fitting: five fold models, each early-stopped on its own fold; the calibration and the
    // threshold come from their out-of-fold probabilities over every development row.
    expect(split.folds).toBe(5);
    expect(metrics.model.towers.map((t) => t.fold)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(metrics.threshold.source).toBe('out-of-fold');
    expect(metrics.validation.rows).toBe(split.trainRows);
    const calibration = metrics.model.crossFit?.calibration;
    const losses = calibration?.crossValidatedLogLoss ?? { platt: NaN, isotonic: NaN };
    expect(calibration?.method).toBe(losses.platt <= losses.isotonic ? 'platt' : 'isotonic');
    // The exported out-of-sample scores reproduce the reported profit for the reported threshold.
    const curve = ProfitCurve.fromScores(metrics.outOfSample.scores, metrics.outOfSample.labels);
    expect(curve.at(metrics.threshold.threshold, metrics.payoffs).profit).toBe(
      test.atThreshold.profit,
    );
    expect(test.atThreshold.profit).toBe(90 * test.atThreshold.tp - 10 * test.atThreshold.fp);
    expect(test.auc).toBeGreaterThan(0.7);
    expect(metrics.logisticBaseline.auc).toBeGreaterThan(0.7);
    expect(test.baselines.everyone).toBe(90 * test.positives - 10 * (test.rows - test.positives));
  });

  it('ships large weight tensors as 8-bit, as the metrics measured them, but the trees’ thresholds exactly', () => {
    const metrics = readModelMetrics(model);
    const modelJson = readJson<ModelFiles['modelJson']>(join(model, 'model.json'));
    const entries = modelJson.weightsManifest.flatMap((group) => group.weights);
    const size = (shape: number[]) => shape.reduce((n, d) => n * d, 1);
    for (const entry of entries) {
      const exact = entry.name.endsWith('/thresholds');
      expect(entry.quantization?.dtype, entry.name).toBe(
        size(entry.shape) >= 1024 && !exact ? 'uint8' : undefined,
      );
    }
    const stored = entries.reduce(
      (bytes, e) => bytes + size(e.shape) * (e.quantization === undefined ? 4 : 1),
      0,
    );
    expect(readFileSync(join(model, 'weights.bin')).length).toBe(stored);
    expect(metrics.model.budget?.weightBytes).toBe(stored);
    expect(metrics.model.quantization?.dtype).toBe('uint8');
  });

  it('scores a portfolio through the sparse first layer as through the dense product (max |Δp| ≤ 1e-6)', async () => {
    await initTensorflow();
    const bundle = {
      modelJson: readJson<ModelFiles['modelJson']>(join(model, 'model.json')),
      weights: new Uint8Array(readFileSync(join(model, 'weights.bin'))),
      spec: readJson<PreprocessSpec>(join(model, 'preprocess.json')),
      card: '',
    };
    const engine = await ScoringEngine.create(bundle);
    expect(engine.scoringPath).toBe('sparse, wasm-simd');
    const portfolios = [customers];
    if (hasSharedData()) portfolios.push(join(SHARED_DATA, 'santander', 'test.csv.gz'));
    const checked: number[] = [];
    for (const path of portfolios) {
      const built = await buildSnapshot(bundle.spec, path);
      let worst = 0;
      const chunks: SnapshotChunk[] = [];
      const oneByOne: number[] = [];
      decodeSnapshot(gunzipSync(built.bytes), (chunk) => {
        const sparse = engine.scoreChunk(chunk);
        const dense = engine.scoreChunkDense(chunk);
        dense.forEach((p, r) => {
          worst = Math.max(worst, Math.abs((sparse[r] ?? Number.NaN) - p));
        });
        chunks.push(chunk);
        oneByOne.push(...sparse);
      });
      expect(worst).toBeLessThanOrEqual(1e-6);
      // Many chunks at once (the network's tail on larger batches): the same probabilities.
      const together = Array.from(engine.scoreChunks(chunks));
      expect(together.length).toBe(oneByOne.length);
      expect(Math.max(...together.map((p, i) => Math.abs(p - (oneByOne[i] ?? 0))))).toBeLessThan(
        1e-7,
      );
      checked.push(oneByOne.length);
    }
    expect(checked).toEqual(hasSharedData() ? [300, 75818] : [300]);
  });

  it('scores customers, contacting by default exactly those whose expected value is not negative, and prices each decision', () => {
    const out = join(work, 'twin-scores.csv');
    const result = runCliScript('score', ['--model', model, '--data', customers, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('300 of 300 rows scored');
    // The default payoffs (R$ 90, −R$ 10) break even at 0.1.
    expect(result.stdout).toContain('Threshold 0.1000');
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header?.fields).toEqual(['ID', 'probability', 'decision', 'expected_value_brl']);
    expect(rows).toHaveLength(300);
    expect(rows[0]?.fields[0]).toBe('90001');
    for (const row of rows) {
      const p = Number(row.fields[1]);
      const contact = row.fields[2] === '1';
      // The file prints 6 decimals; the decision read the probability before rounding.
      if (Math.abs(p - 0.1) > 5e-7) expect(contact).toBe(p >= 0.1);
      const value = contact ? 90 * p - 10 * (1 - p) : 0;
      expect(Number(row.fields[3])).toBeCloseTo(value, 1);
      if (contact) expect(Number(row.fields[3])).toBeGreaterThanOrEqual(0);
    }
    expect(rows.some((row) => row.fields[2] === '1')).toBe(true);
    expect(rows.some((row) => row.fields[2] === '0')).toBe(true);
  });

  it('gives each customer their own value from a column, contacts where the expected gain is positive, and names a missing column', () => {
    // var38 is the twin's largest balance-like column: a proxy for a customer's value, named so.
    const lines = readFileSync(customers, 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(',');
    const column = header.indexOf('var38');
    const blanked = (lines[1] ?? '').split(',');
    blanked[column] = '';
    lines[1] = blanked.join(',');
    writeFileSync(join(work, 'valued.csv'), lines.join('\n') + '\n');
    const out = join(work, 'valued-scores.csv');
    const flags = ['--value-column', ' var38 ', '--value-share', '0.001', '--value-cap', '300'];
    const result = runCliScript('score', [
      ...['--model', model, '--data', join(work, 'valued.csv'), '--out', out],
      ...flags,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 row(s) had no value and count as R$ 90.');
    const [head, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(head?.fields).toEqual([
      'ID',
      'probability',
      'value_brl',
      'decision',
      'expected_value_brl',
    ]);
    expect(rows).toHaveLength(300);
    const given = new Map(
      lines.slice(1).map((line) => {
        const cells = line.split(',');
        return [cells[0] ?? '', cells[column] ?? ''] as const;
      }),
    );
    let contacted = 0;
    for (const row of rows) {
      const [id = '', probability, value, decision, expected] = row.fields;
      const p = Number(probability);
      const text = given.get(id) ?? '?';
      // The benefit of retaining this churner: 0.1% of var38, at most R$ 300; R$ 90 without one.
      const benefit = text === '' ? 90 : Math.min(0.001 * Number(text), 300);
      expect(value).toBe(text === '' ? '' : Number(text).toFixed(2));
      const gain = p * benefit - 10 * (1 - p);
      expect(decision, id).toBe(gain > 0 ? '1' : '0');
      expect(Number(expected)).toBeCloseTo(gain > 0 ? p * benefit - 10 * (1 - p) : 0, 1);
      if (gain > 0) contacted++;
    }
    expect(contacted).toBeGreaterThan(0);
    expect(contacted).toBeLessThan(300);
    // A column the file lacks is named with the header's closest names; --threshold does not mix in.
    const missing = runCliScript('score', [
      ...['--model', model, '--data', customers, '--out', out, '--value-column', 'var3B'],
    ]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(
      'no value column "var3B" in the header; the closest names in it: "var3"',
    );
    const mixed = runCliScript('score', [
      ...['--model', model, '--data', customers, '--out', out, ...flags, '--threshold', '0.2'],
    ]);
    expect(mixed.status).not.toBe(0);
    expect(mixed.stderr).toContain('--threshold and --value-column do not go together');
  });

  it('shows its progress on one line rewritten in place on a terminal, and as plain lines elsewhere', () => {
    const out = join(work, 'progress-scores.csv');
    // A pseudo-terminal (util-linux's script), as an analyst's shell gives one.
    const command = [
      TSX,
      cliScriptPath(ROOT, 'score'),
      '--model',
      model,
      '--data',
      customers,
      '--out',
      out,
    ]
      .map((part) => `'${part}'`)
      .join(' ');
    const onTerminal = spawnSync('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, MLFLOW_TRACKING_URI: '' },
    });
    expect(onTerminal.status, onTerminal.stderr).toBe(0);
    expect(onTerminal.stdout).toContain('\r\x1b[2K• scoring twin-customers.csv: done in ');
    expect(onTerminal.stdout).toContain(' s; 300 rows read');
    const piped = runCliScript('score', ['--model', model, '--data', customers, '--out', out]);
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).toMatch(/^• scoring twin-customers\.csv: done in \d+ s; 300 rows read$/m);
    expect(piped.stderr).not.toContain('\x1b[');
  });

  it('skips bad rows with their row numbers and reasons, scores the rest, and takes edited payoffs', () => {
    const lines = readFileSync(customers, 'utf8').trim().split('\n').slice(0, 6);
    lines[2] = (lines[2] ?? '').replace(/^(\d+),[^,]*/, '$1,abc');
    lines[4] = (lines[4] ?? '').split(',').slice(0, 10).join(',');
    writeFileSync(join(work, 'bad.csv'), lines.join('\n') + '\n');
    const out = join(work, 'bad-scores.csv');
    const issues = join(work, 'bad-issues.csv');
    const result = runCliScript('score', [
      '--model',
      model,
      '--data',
      join(work, 'bad.csv'),
      '--out',
      out,
      '--issues',
      issues,
      '--tp',
      '200',
      '--threshold',
      '0',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 of 5 rows scored');
    expect(result.stdout).toContain('2 skipped');
    const written = parseCsv(readFileSync(issues, 'utf8')).map((r) => r.fields);
    const idOf = (line: number) => (lines[line] ?? '').split(',')[0] ?? '';
    expect(written[0]).toEqual(['row', 'line', 'id', 'column', 'reason', 'outcome']);
    expect(written[1]).toEqual(['2', '3', idOf(2), 'var3', '"abc" is not a number', 'skipped']);
    // A row cut short names no ID: its fields do not line up with the header.
    expect(written[2]?.slice(0, 4)).toEqual(['4', '5', '', '']);
    expect(result.stdout).toContain(
      `row 2 (line 3), ID ${idOf(2)}, column var3: "abc" is not a number`,
    );
    const scored = parseCsv(readFileSync(out, 'utf8')).slice(1);
    for (const row of scored) {
      const p = Number(row.fields[1]);
      expect(Number(row.fields[3])).toBeCloseTo(200 * p - 10 * (1 - p), 1);
    }
  });

  it('scores rows with blank, overflowing or absurd cells, and names each cell as a warning', () => {
    const lines = readFileSync(customers, 'utf8').trim().split('\n').slice(0, 5);
    const edited = withCells(lines, [
      [1, 'var15', ''],
      [2, 'var38', '1e400'],
      [3, 'var15', '400'],
    ]);
    writeFileSync(join(work, 'odd.csv'), edited.join('\n') + '\n');
    const issues = join(work, 'odd-issues.csv');
    const result = runCliScript('score', [
      '--model',
      model,
      '--data',
      join(work, 'odd.csv'),
      '--out',
      join(work, 'odd-scores.csv'),
      '--issues',
      issues,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('4 of 4 rows scored');
    expect(result.stdout).toContain('0 skipped');
    expect(result.stdout).toContain(
      'Warnings, rows scored all the same: 1 blank (var15), 1 too large for a number (var38), 1 far outside the training range (var15).',
    );
    const written = parseCsv(readFileSync(issues, 'utf8')).map((r) => r.fields);
    expect(written[0]).toEqual(['row', 'line', 'id', 'column', 'reason', 'outcome']);
    const idOf = (line: number) => (edited[line] ?? '').split(',')[0] ?? '';
    expect(written.slice(1, 3)).toEqual([
      [
        '1',
        '2',
        idOf(1),
        'var15',
        'blank, though this column had no missing cell in training: scored as a missing value',
        'scored',
      ],
      [
        '2',
        '3',
        idOf(2),
        'var38',
        '"1e400" is too large for a number: scored as the largest one',
        'scored',
      ],
    ]);
    expect(written[3]?.[4]).toMatch(
      /^400 is far outside the training range \(plausible: .+ to .+\): scored clipped$/,
    );
    expect(written).toHaveLength(4);
  });

  it('trains the same model twice from the same seed, with one thread or two', () => {
    const again = join(work, 'twin-model-again');
    trainModel(train, again, [...TWIN, '--threads', '1']);
    expect(
      readFileSync(join(again, 'weights.bin')).equals(readFileSync(join(model, 'weights.bin'))),
    ).toBe(true);
  });

  it('reads UTF-16 with a byte-order mark and gzip whatever the name, and refuses binary content', () => {
    const reference = join(work, 'twin-scores.csv');
    runCliScript('score', ['--model', model, '--data', customers, '--out', reference]);
    const text = readFileSync(customers, 'utf8');
    const utf16 = join(work, 'customers-utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const gzipped = join(work, 'customers-compressed.csv');
    writeFileSync(gzipped, gzipSync(text));
    for (const data of [utf16, gzipped]) {
      const out = join(work, 'scores-other-encoding.csv');
      const result = runCliScript('score', ['--model', model, '--data', data, '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(reference, 'utf8'));
    }
    // A spreadsheet saved as .xlsx is a zip archive: binary, refused with a reason.
    const sheet = readFileSync(customers, 'utf8')
      .split('\n')
      .slice(0, 6)
      .map((line) => line.split(','));
    writeFileSync(join(work, 'book.xlsx'), xlsxBytes(sheet));
    const refused = runCliScript('score', [
      '--model',
      model,
      '--data',
      join(work, 'book.xlsx'),
      '--out',
      join(work, 'book-scores.csv'),
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not a text file (a spreadsheet such as .xlsx');
    // A gzip file cut short, and an empty file, are refused with the reasons the app gives.
    const cut = join(work, 'customers-cut.csv.gz');
    const whole = gzipSync(text);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const empty = join(work, 'customers-empty.csv');
    writeFileSync(empty, '');
    const reasons = [cut, empty].map(
      (data) =>
        runCliScript('score', ['--model', model, '--data', data, '--out', join(work, 'x.csv')])
          .stderr,
    );
    expect(reasons[0]).toContain(
      `${cut} is gzip-compressed but damaged or cut short: compress it again, or use it uncompressed`,
    );
    expect(reasons[1]).toContain(`${empty} is empty: it has no header line`);
  });

  it('names every row whose ID breaks the rule learned at training, and every repeat, and scores none of them', () => {
    const spec = readJson<PreprocessSpec>(join(model, 'preprocess.json'));
    expect(spec.idKind).toBe('integer');
    const lines = readFileSync(customers, 'utf8').trim().split('\n').slice(0, 8);
    const ids = ['-682', '535.5', 'abc', '9007199254740993', '', '90001'];
    ids.forEach((id, i) => {
      lines[i + 2] = (lines[i + 2] ?? '').replace(/^[^,]*/, id);
    });
    const data = join(work, 'bad-ids.csv');
    writeFileSync(data, lines.join('\n') + '\n');
    const out = join(work, 'bad-ids-scores.csv');
    const issues = join(work, 'bad-ids-issues.csv');
    const result = runCliScript('score', [
      '--model',
      model,
      '--data',
      data,
      '--out',
      out,
      '--issues',
      issues,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 of 7 rows scored');
    expect(
      parseCsv(readFileSync(out, 'utf8'))
        .slice(1)
        .map((r) => r.fields[0]),
    ).toEqual(['90001']);
    const reasons = parseCsv(readFileSync(issues, 'utf8'))
      .slice(1)
      .map((r) => [r.fields[0], r.fields[4]]);
    expect(reasons).toEqual([
      ['2', 'the ID "-682" is negative: this model\'s IDs are whole numbers ≥ 0'],
      ['3', 'the ID "535.5" is not a whole number: this model\'s IDs are whole numbers ≥ 0'],
      ['4', 'the ID "abc" is not a number: this model\'s IDs are whole numbers ≥ 0'],
      [
        '5',
        'the ID "9007199254740993" is beyond 2^53, where IDs lose digits: this model\'s IDs are whole numbers ≥ 0',
      ],
      ['6', 'no ID'],
      ['7', 'the ID "90001" appears again (first at row 1)'],
    ]);
    // Each skipped row names its ID as written.
    expect(
      parseCsv(readFileSync(issues, 'utf8'))
        .slice(1)
        .map((r) => r.fields[2]),
    ).toEqual(ids);
  });

  it('explains a wrong flag or an unusable file instead of crashing', () => {
    const badFlag = runCliScript('train', ['--data', train, ...recipeFlags({ towers: 'many' })]);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/--config \S+trial\.json: "towers" must be a number/);
    expect(badFlag.stderr).toContain('Usage: npm run train');
    const badColumns = runCliScript('train', [
      '--data',
      train,
      ...recipeFlags({ 'teacher-columns': 'most' }),
    ]);
    expect(badColumns.status).toBe(2);
    expect(badColumns.stderr).toContain('"teacher-columns" must be a number between 1 and 4096');
    const badTowers = runCliScript('train', ['--data', train, ...recipeFlags({ towers: 1.5 })]);
    expect(badTowers.status).toBe(2);
    expect(badTowers.stderr).toContain('"towers" must be a whole number; got "1.5"');
    const badQuantize = runCliScript('train', [
      '--data',
      train,
      ...recipeFlags({ quantize: 'int4' }),
    ]);
    expect(badQuantize.status).toBe(2);
    expect(badQuantize.stderr).toContain('"quantize" must be "uint8" or "none"; got "int4"');
    // The recipe's settings live in a configuration file, not on the command line.
    const onCommandLine = runCliScript('train', ['--data', train, '--towers', '2']);
    expect(onCommandLine.status).toBe(2);
    expect(onCommandLine.stderr).toContain("Unknown option '--towers'");
    const unknownSetting = runCliScript('train', [
      '--data',
      train,
      ...recipeFlags({ towers: 2, 'ema-decay': 0.9 }),
    ]);
    expect(unknownSetting.status).toBe(2);
    expect(unknownSetting.stderr).toMatch(
      /--config \S+trial\.json: unknown setting "ema-decay"; the settings are folds, towers, hidden, /,
    );
    const noTarget = runCliScript('train', ['--data', customers, '--out', join(work, 'x')]);
    expect(noTarget.status).toBe(1);
    expect(noTarget.stderr).toContain('no target column "TARGET"');
    // Column flags match the header as it is read, and a name that is not there gets the closest.
    const misspelt = runCliScript('train', ['--data', train, '--target', 'Target', '--id', ' ID ']);
    expect(misspelt.status).toBe(1);
    // Worded for the analyst alone, without the error's class, after the progress lines.
    expect(misspelt.stderr.trim().split('\n').at(-1)).toBe(
      `${train}: no target column "Target" in the header; the closest names in it: "TARGET"`,
    );
    const help = runCliScript('score', ['--help']);
    expect(help.stdout).toContain('--threshold');
  });
});

describe.runIf(hasSharedData())('the same CLI on other churn data, with flags only', () => {
  it('trains on IBM Telco (text categories, Yes/No target, blank cells), scores it, and snapshots it with text IDs that score the same', async () => {
    const data = resolve(SHARED_DATA, 'telco', 'telco_customer_churn.csv.gz');
    const model = join(work, 'telco');
    trainModel(data, model, ['--id', 'customerID', '--target', 'Churn', ...QUICK]);
    const spec = readJson<PreprocessSpec>(join(model, 'preprocess.json'));
    const metrics = readModelMetrics(model);
    expect(spec.target).toEqual({ column: 'Churn', positive: 'Yes', negative: 'No' });
    expect(spec.features.filter((f) => f.kind === 'categorical').length).toBeGreaterThanOrEqual(15);
    expect(spec.outputNames).toContain('TotalCharges=missing');
    expect(metrics.data.rowsUsed).toBe(7043);
    expect(metrics.test.auc).toBeGreaterThan(0.8);
    const out = join(work, 'telco-scores.csv');
    const scored = runCliScript('score', ['--model', model, '--data', data, '--out', out]);
    expect(scored.status, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('7043 of 7043 rows scored');
    // TotalCharges had blanks in training: the 11 blank cells are what the model expects.
    expect(spec.blankColumns).toEqual(['TotalCharges']);
    expect(scored.stdout).not.toContain('blank');
    const snapshot = await snapshotScoredAsCli(model, data, out);
    expect(snapshot.header).toMatchObject({ idKind: 'text', count: 7043 });
    expect(snapshot.header.textColumns).toContain('Contract');
    expect(snapshot.ids).toEqual(
      parseCsv(readFileSync(out, 'utf8'))
        .slice(1)
        .map((r) => r.fields[0])
        .sort(),
    );
    // The CLI writes six decimals (±5e-7), of float32 probabilities.
    expect(snapshot.worstSparse).toBeLessThanOrEqual(1e-6);
    expect(snapshot.worstDense).toBeLessThanOrEqual(1e-6);
    // As a challenger to another portfolio: refused, naming the column, when that portfolio lacks
    // a column or holds it as the other kind.
    const bundle = {
      modelJson: readJson<ModelFiles['modelJson']>(join(model, 'model.json')),
      weights: new Uint8Array(readFileSync(join(model, 'weights.bin'))),
      spec,
      metrics,
      card: '',
    };
    const columns = spec.inputColumns.map((c) => c.name);
    const text = spec.inputColumns.filter((c) => c.kind === 'categorical').map((c) => c.name);
    const refusal = async (held: string[], heldAsText: string[]) => {
      const engine = await ScoringEngine.forColumns(bundle, held, heldAsText);
      if (!engine.ok) return engine.problem;
      engine.value.model.dispose();
      return null;
    };
    expect(
      await refusal(
        columns.filter((c) => c !== 'tenure'),
        text,
      ),
    ).toEqual({
      code: 'missing-columns',
      columns: ['tenure'],
      count: 1,
    });
    expect(
      await refusal(
        columns,
        text.filter((c) => c !== 'Contract'),
      ),
    ).toEqual({
      code: 'text-column',
      column: 'Contract',
    });
    expect(await refusal(columns, [...text, 'tenure'])).toEqual({
      code: 'column-kind',
      column: 'tenure',
    });
    expect(await refusal([...columns].reverse(), text)).toBeNull();
  });

  it('trains on BankChurners with the leaking Naive_Bayes columns excluded, and snapshots its text columns', async () => {
    const data = resolve(SHARED_DATA, 'bank_churners', 'bank_churners.csv.gz');
    const leaks = [
      'Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_1',
      'Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_2',
    ];
    const model = join(work, 'bank');
    trainModel(data, model, [
      '--id',
      'CLIENTNUM',
      '--target',
      'Attrition_Flag',
      '--positive',
      'Attrited Customer',
      '--exclude',
      leaks[0] ?? '',
      '--exclude',
      leaks[1] ?? '',
      ...QUICK,
    ]);
    const spec = readJson<PreprocessSpec>(join(model, 'preprocess.json'));
    const metrics = readModelMetrics(model);
    expect(spec.dropped.excluded).toEqual(leaks);
    expect(spec.inputColumns.map((c) => c.name).some((n) => n.startsWith('Naive_Bayes'))).toBe(
      false,
    );
    expect(metrics.data.positives).toBe(1627);
    expect(metrics.test.auc).toBeGreaterThan(0.9);
    const out = join(work, 'bank-scores.csv');
    const scored = runCliScript('score', ['--model', model, '--data', data, '--out', out]);
    expect(scored.stdout).toContain('10127 of 10127 rows scored');
    const snapshot = await snapshotScoredAsCli(model, data, out);
    expect(snapshot.header.idKind).toBeUndefined();
    expect(snapshot.header.textColumns).toContain('Card_Category');
    expect(snapshot.ids.length).toBe(10127);
    expect(snapshot.worstSparse).toBeLessThanOrEqual(1e-6);
    expect(snapshot.worstDense).toBeLessThanOrEqual(1e-6);
  });
});
