/**
 * The embedded demo, offline: twin customers → a model trained on them in public/model → their
 * snapshot in public/snapshot, which the app serves. Steps whose output exists are skipped
 * (--fresh redoes them). `npm start` runs this, then the app.
 */
import type { ModelMetrics } from '../src/core/modelFiles';
import { publishProblem } from './lib/publishGuard';
import { manifestPathOf, readSnapshotManifest } from '../src/core/snapshot';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { builtFilesLine } from './lib/buildSummary';
import { writeDemoData } from './lib/demoData';
import { cliScriptPath, type CliName } from './lib/cliScripts';
import { streamCsvFile } from './lib/csvFile';
import { portfolioPlan, type PortfolioState } from './lib/demoPortfolio';

const root = resolve(import.meta.dirname, '..');
const fresh = process.argv.includes('--fresh');
const shipsPortfolio = process.env['RETEM_PORTFOLIO'] !== 'none';
const demoDir = resolve(root, 'data', 'demo');
const modelDir = resolve(root, 'public', 'model');
const snapshot = resolve(root, 'public', 'snapshot', 'customers.snapshot');
const tsx = resolve(root, 'node_modules', '.bin', 'tsx');
const run = (script: CliName, args: string[]) => {
  execFileSync(tsx, [cliScriptPath(root, script), ...args], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, MLFLOW_TRACKING_URI: '' },
  });
};

let origin: Promise<{ modelIsDemo: boolean; trainedOn: string }> | null = null;

/**
 * Whether public/model was trained on the demo's twin customers, and the file it was trained on;
 * read once (the demo's train.csv is hashed for it), after the model is in place.
 */
function modelOrigin(): Promise<{ modelIsDemo: boolean; trainedOn: string }> {
  origin ??= readModelOrigin();
  return origin;
}

async function readModelOrigin(): Promise<{ modelIsDemo: boolean; trainedOn: string }> {
  const metrics = JSON.parse(await readFile(resolve(modelDir, 'metrics.json'), 'utf8')) as Pick<
    ModelMetrics,
    'data'
  >;
  const demoTrain = resolve(demoDir, 'train.csv');
  const demoHash = existsSync(demoTrain)
    ? (await streamCsvFile(demoTrain, { onHeader: () => undefined, onRecord: () => undefined }))
        .textHash
    : '';
  return { modelIsDemo: metrics.data.hash === demoHash, trainedOn: metrics.data.file };
}

/** What public/ holds about the portfolio, for portfolioPlan. */
async function portfolioState(): Promise<PortfolioState> {
  const spec = JSON.parse(await readFile(resolve(modelDir, 'preprocess.json'), 'utf8')) as {
    schemaHash: string;
  };
  const { modelIsDemo } = await modelOrigin();
  const snapshotDir = dirname(snapshot);
  let manifest: PortfolioState['manifest'] = 'absent';
  if (existsSync(manifestPathOf(snapshot))) {
    let json: unknown = null;
    try {
      json = JSON.parse(await readFile(manifestPathOf(snapshot), 'utf8'));
    } catch {
      json = null;
    }
    manifest = readSnapshotManifest(json) ?? 'unreadable';
  }
  return {
    snapshotFiles: existsSync(snapshotDir) ? readdirSync(snapshotDir) : [],
    manifest,
    modelSchemaHash: spec.schemaHash,
    modelIsDemo,
  };
}

/** Runs one step; when it fails, one line on what to do instead of a stack trace. */
function step(what: string, script: CliName, args: string[]): void {
  try {
    run(script, args);
  } catch {
    console.error(`The build stopped: ${what} failed, for the reason printed above.`);
    process.exit(1);
  }
}

const started = Date.now();
if (fresh || !existsSync(resolve(demoDir, 'train.csv'))) {
  console.log('• generating the demo customers from data/santander-twin.json');
  await writeDemoData(root, demoDir);
}
if (fresh || !existsSync(resolve(modelDir, 'model.json'))) {
  console.log('• training the demo model on the twin customers');
  step('training the demo model', 'train', [
    '--data',
    resolve(demoDir, 'train.csv'),
    '--out',
    modelDir,
  ]);
}
// A build to publish (RETEM_PUBLISH=1, as the Pages workflow sets it) never ships a model trained
// on the Santander competition's data: its license allows development only.
if (process.env['RETEM_PUBLISH'] === '1') {
  const metrics = JSON.parse(await readFile(resolve(modelDir, 'metrics.json'), 'utf8')) as Pick<
    ModelMetrics,
    'data'
  >;
  const problem = publishProblem(metrics);
  if (problem !== null) {
    console.error(
      `public/model was trained on ${problem.dataset} (data hash ${metrics.data.hash}), which is for development only: it is not published. Pull a bank's own model (npm run model:pull) or remove public/model to build the twin demo.`,
    );
    process.exit(1);
  }
}
if (!shipsPortfolio) {
  // A bank's build: no customers in the files served; the analyst opens a portfolio from disk.
  rmSync(resolve(root, 'public', 'snapshot'), { recursive: true, force: true });
  console.log('• no portfolio in this build (RETEM_PORTFOLIO=none): the app opens one from disk');
} else {
  const plan = fresh ? { action: 'build-demo' as const } : portfolioPlan(await portfolioState());
  if (plan.action === 'refuse') {
    console.error(`The build stopped: ${plan.message}`);
    process.exit(1);
  }
  if (plan.action === 'build-demo') {
    console.log('• building the customer snapshot for the app');
    step('building the demo portfolio', 'snapshot', [
      '--model',
      modelDir,
      '--data',
      resolve(demoDir, 'customers.csv'),
      '--out',
      snapshot,
    ]);
  }
}
const { modelIsDemo, trainedOn } = await modelOrigin();
console.log(
  builtFilesLine({
    seconds: (Date.now() - started) / 1000,
    modelIsDemo,
    trainedOn,
    portfolio: shipsPortfolio ? snapshot.replace(root + '/', '') : null,
  }),
);
