/**
 * npm run bench: speed and memory of the documented commands on the real data, measured as a user
 * would run them, with the machine they ran on. Figures go to stdout and artifacts/bench/bench.json.
 * Not a test: these machines are noisy, so the figures are read, not asserted.
 *
 * With --model <dir>, everything but training is measured with that trained model (a model from
 * Santander's columns), and docs/benchmarks.md is left alone: its tables are the default's.
 */
import { existsSync, readFileSync, mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchApp } from './benchApp';
import { measure, type Measured } from './measure';
import { benchEngines } from './engineSpeed';
import { writeBenchTable, writeScaleTable } from './benchTables';
import { benchScale } from './benchScale';
import { benchPythonScoring } from './pythonScoring';
import { CHURN_SUITE } from '../model/churnSuite';

const root = resolve(import.meta.dirname, '..', '..', '..');
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};

const modelFlag = process.argv.indexOf('--model');
const givenModel = modelFlag >= 0 ? process.argv[modelFlag + 1] : undefined;
if (modelFlag >= 0 && (givenModel === undefined || !existsSync(join(givenModel, 'model.json')))) {
  console.error('Usage: npm run bench -- [--customers <N>] [--model <trained model directory>]');
  process.exit(2);
}

// npm run bench -- --customers N: the scale run only, on N twin customers.
const customersFlag = process.argv.indexOf('--customers');
if (customersFlag >= 0) {
  const customers = Number(process.argv[customersFlag + 1]);
  if (!Number.isSafeInteger(customers) || customers < 1000) {
    console.error('Usage: npm run bench -- --customers <N ≥ 1000>');
    process.exit(2);
  }
  const run = {
    date: new Date().toISOString(),
    machine,
    scale: await benchScale(customers, givenModel === undefined ? null : resolve(givenModel)),
  };
  mkdirSync(join(root, 'artifacts', 'bench'), { recursive: true });
  writeFileSync(
    join(root, 'artifacts', 'bench', `scale-${customers}.json`),
    JSON.stringify(run, null, 1) + '\n',
  );
  console.log(JSON.stringify(run.scale, null, 1));
  if (givenModel === undefined) writeScaleTable(join(root, 'docs', 'benchmarks.md'), run);
  console.log(
    `Figures written to artifacts/bench/scale-${customers}.json${givenModel === undefined ? " and docs/benchmarks.md's scale table" : ''}`,
  );
  process.exit(0);
}
const shared = resolve(root, '..', 'shared', 'data', 'santander');
const work = mkdtempSync(join(tmpdir(), 'retem-bench-'));

const model = givenModel === undefined ? join(work, 'model') : resolve(givenModel);
if (givenModel === undefined) {
  console.error('• training on santander/train.csv.gz with the default settings');
}
const train =
  givenModel === undefined
    ? await measure('train', ['--data', join(shared, 'train.csv.gz'), '--out', model])
    : null;
// The second time bar: a 10,000-row file, bank_churners, trained as the suite trains it.
const smallSet = CHURN_SUITE.find((set) => set.name === 'bank_churners');
if (smallSet === undefined) throw new Error('the churn suite has no bank_churners file to time');
if (givenModel === undefined) {
  console.error(`• training on ${smallSet.name} with the default settings`);
}
const smallModel = join(work, 'model-small');
const trainSmall =
  givenModel === undefined
    ? await measure('train', [
        ...['--data', resolve(root, smallSet.path), '--out', smallModel],
        ...['--id', smallSet.id, '--target', smallSet.target],
        ...(smallSet.positive === undefined ? [] : ['--positive', smallSet.positive]),
        ...smallSet.exclude.flatMap((column) => ['--exclude', column]),
      ])
    : null;
const smallRows =
  trainSmall === null
    ? 0
    : (
        JSON.parse(readFileSync(join(smallModel, 'metrics.json'), 'utf8')) as {
          data: { rowsUsed: number };
        }
      ).data.rowsUsed;
const metrics = JSON.parse(readFileSync(join(model, 'metrics.json'), 'utf8')) as {
  model: { trainingSeconds: number; towers: { bestEpoch: number; epochsRun: number }[] };
  test: { auc: number; atThreshold: { profit: number } };
};
console.error('• scoring santander/test.csv.gz (75,818 customers)');
const score = await measure('score', [
  '--model',
  model,
  '--data',
  join(shared, 'test.csv.gz'),
  '--out',
  join(work, 'scores.csv'),
]);
const scoredRows = Number(/(\d+) of (\d+) rows scored/.exec(score.stdout)?.[1] ?? 0);
console.error('• scoring the same customers with --engine onnx (model.onnx on onnxruntime-node)');
let scoreOnnx: Measured | null = null;
try {
  scoreOnnx = await measure('score', [
    '--model',
    model,
    '--data',
    join(shared, 'test.csv.gz'),
    '--out',
    join(work, 'scores-onnx.csv'),
    '--engine',
    'onnx',
  ]);
} catch (error) {
  console.error(`  (not measured: ${(error as Error).message})`);
}
console.error('• inference speed of both engines, CSV reading apart');
const engines = await benchEngines(model, join(shared, 'test.csv.gz'));

console.error('• the same customers through MLflow: pyfunc, and the Spark job on local[2]');
const python = benchPythonScoring(root, model, join(shared, 'test.csv.gz'));

console.error('• the app in Chromium on the 75,818-customer snapshot');
const app = await benchApp(model, join(shared, 'test.csv.gz'));

const figures = {
  date: new Date().toISOString(),
  machine,
  train:
    train === null
      ? null
      : {
          seconds: train.seconds,
          barSeconds: 90,
          ratioToBar: train.seconds / 90,
          towerSeconds: metrics.model.trainingSeconds,
          epochs: metrics.model.towers.map((t) => t.epochsRun),
          peakRssMb: train.peakRssMb,
          testAuc: metrics.test.auc,
        },
  trainSmallFile:
    trainSmall === null
      ? null
      : {
          file: smallSet.name,
          rows: smallRows,
          seconds: trainSmall.seconds,
          barSeconds: 30,
          peakRssMb: trainSmall.peakRssMb,
        },
  score: {
    seconds: score.seconds,
    rows: scoredRows,
    rowsPerSecond: scoredRows / score.seconds,
    peakRssMb: score.peakRssMb,
  },
  scoreOnnx:
    scoreOnnx === null
      ? null
      : {
          seconds: scoreOnnx.seconds,
          rows: scoredRows,
          rowsPerSecond: scoredRows / scoreOnnx.seconds,
          peakRssMb: scoreOnnx.peakRssMb,
        },
  engines,
  python,
  app: {
    ...app,
    bars: {
      bytesOnWireMb: 2.5,
      installSeconds: 1.5,
      lookupP50Ms: 2,
      scoreAllSeconds: 0.25,
      thresholdUpdateP50Ms: 16,
      coldStartSeconds: 1.5,
      csvImportSeconds: 5,
      jsAndWasmGzipKb: 600,
      modelFilesGzipKb: 250,
    },
  },
};
mkdirSync(join(root, 'artifacts', 'bench'), { recursive: true });
writeFileSync(
  join(root, 'artifacts', 'bench', 'bench.json'),
  JSON.stringify(figures, null, 1) + '\n',
);
console.log(
  `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB, Node ${machine.node}`,
);
if (train !== null) {
  console.log(
    `train (60,860 rows, defaults): ${train.seconds.toFixed(1)} s end to end (${((train.seconds / 90) * 100).toFixed(0)}% of the 90 s bar), towers ${metrics.model.trainingSeconds.toFixed(1)} s, peak RSS ${train.peakRssMb.toFixed(0)} MB`,
  );
}
if (figures.trainSmallFile !== null) {
  const small = figures.trainSmallFile;
  console.log(
    `train (${small.file}, ${small.rows} rows, defaults): ${small.seconds.toFixed(1)} s end to end (${((small.seconds / small.barSeconds) * 100).toFixed(0)}% of the ${small.barSeconds} s bar), peak RSS ${small.peakRssMb.toFixed(0)} MB`,
  );
}
console.log(
  `score (${scoredRows} rows): ${score.seconds.toFixed(1)} s, ${Math.round(figures.score.rowsPerSecond)} rows/s, peak RSS ${score.peakRssMb.toFixed(0)} MB`,
);
const bars = figures.app.bars;
const row = (name: string, value: number, bar: number, unit: string) => {
  console.log(
    `  ${name.padEnd(34)} ${value.toFixed(unit === 'ms' ? 2 : 2).padStart(9)} ${unit.padEnd(3)} bar ${String(bar).padStart(5)} ${unit.padEnd(3)} ratio ${(value / bar).toFixed(2)}`,
  );
};
console.log(`app in Chromium (${app.customers} customers):`);
row('bytes on the wire', app.bytesOnWireMb, bars.bytesOnWireMb, 'MB');
row('snapshot install', app.installSeconds, bars.installSeconds, 's');
row('lookup p50', app.lookupP50Ms, bars.lookupP50Ms, 'ms');
row('first lookup from navigation', app.firstLookupSeconds, 1, 's');
row('lookup click to screen p50', app.clickToScreenP50Ms, 4, 'ms');
row('scoring every customer', app.scoreAllSeconds, bars.scoreAllSeconds, 's');
row('threshold change to render, p50', app.thresholdUpdateP50Ms, bars.thresholdUpdateP50Ms, 'ms');
row('cold start to first prediction', app.coldStartSeconds, bars.coldStartSeconds, 's');
row('59 MB CSV upload, parse and score', app.csvImportSeconds, bars.csvImportSeconds, 's');
row('JS + wasm, gzip', app.jsAndWasmGzipKb, bars.jsAndWasmGzipKb, 'kB');
row("the model's files, gzip", app.modelFilesGzipKb, bars.modelFilesGzipKb, 'kB');
console.log(
  `  out-of-sample rows fetched after the start, gzip: ${app.outOfSampleGzipKb.toFixed(0)} kB`,
);
console.log(
  `  worst main-thread stall during the upload: ${app.csvImportWorstMainThreadStallMs.toFixed(0)} ms; lookup p95 ${app.lookupP95Ms.toFixed(2)} ms`,
);
if (figures.scoreOnnx !== null) {
  console.log(
    `score --engine onnx: ${figures.scoreOnnx.seconds.toFixed(1)} s, ${Math.round(figures.scoreOnnx.rowsPerSecond)} rows/s (${(figures.scoreOnnx.rowsPerSecond / figures.score.rowsPerSecond).toFixed(2)} × TF.js)`,
  );
}
console.log(
  `inference only (${engines.customers} customers): TF.js ${Math.round(engines.tfjsRowsPerSecond)} rows/s; ONNX Runtime ${engines.onnxRowsPerSecond === null ? 'not measured' : `${Math.round(engines.onnxRowsPerSecond)} rows/s`}`,
);
if (python !== null) {
  console.log(
    `MLflow pyfunc: ${Math.round(python.pyfuncRowsPerSecond)} rows/s; Spark on local[2]: ${python.sparkRowsPerSecond === null ? 'failed' : `${Math.round(python.sparkRowsPerSecond)} rows/s (first file after start ${Math.round(python.sparkFirstRowsPerSecond ?? 0)} rows/s)`}`,
  );
}
if (figures.train === null) {
  console.log(`Figures of the model in ${model} written to artifacts/bench/bench.json`);
} else {
  writeBenchTable(join(root, 'docs', 'benchmarks.md'), { ...figures, train: figures.train });
  console.log(
    `Figures written to artifacts/bench/bench.json and docs/benchmarks.md's benchmark table`,
  );
}
