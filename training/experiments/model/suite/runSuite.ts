/**
 * npm run bench:model -- --suite: Retém's default `npm run train` against XGBoost, LightGBM and
 * CatBoost, each tuned per file, on every labelled churn set in ../shared/data, by repeated
 * stratified CV with the same folds for every model (5 folds × 3 repeats under 20,000 customers,
 * 5 folds once above). The anchors run every repeat; Retém's training seeds take the repeats in
 * turn (the first seed the first repeat, and so on), so each seed trains 5 times per file.
 *
 *   npm run bench:model -- --suite [--sets telco,powerco] [--seeds 42,7,13] [--label NAME]
 *     [--threads 2] [-- <train flags for every set>]
 *
 * The anchors' scores are cached in artifacts/suite/<set>/anchors-<key>/, and Retém's per file,
 * seed and label (the commit by default) in artifacts/suite/<set>/; a rerun trains only what is
 * missing. Writes artifacts/suite/<label>.json; a run of every set is recorded in TRIALS.md, and
 * one of the default recipe (no train flags, or only a --config that changes no setting) also
 * writes docs/model-suite.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { recipeIsDefault } from '../../../lib/recipeSettings';
import { CHURN_SUITE } from '../churnSuite';
import { anchorScores } from './suiteAnchors';
import { readSuiteFile, repeatOfSeed } from './suiteData';
import { retemScores, type RetemScores } from './suiteRetem';
import { fileFigures, type FileFigures } from './suiteScores';
import { writeSuiteTables, type SuiteRun } from './suiteTables';
import { recordSuiteTrial, suiteTrialOf } from './suiteTrials';

const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const argv = process.argv.slice(2).filter((arg) => arg !== '--suite');
const separator = argv.indexOf('--');
const { values } = parseArgs({
  args: separator < 0 ? argv : argv.slice(0, separator),
  options: {
    sets: { type: 'string' },
    seeds: { type: 'string', default: '42,7,13' },
    label: { type: 'string' },
    threads: { type: 'string', default: '2' },
  },
});
const trainFlags = separator < 0 ? [] : argv.slice(separator + 1);
const wanted = values.sets?.split(',');
const unknown = wanted?.filter((name) => !CHURN_SUITE.some((set) => set.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(
    `--sets: no set ${unknown.join(', ')}; the suite has ${CHURN_SUITE.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const seeds = values.seeds.split(',').map(Number);
const label =
  values.label ??
  execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const threads = Number(values.threads);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: root,
  encoding: 'utf8',
}).trim();
const sets = CHURN_SUITE.filter((set) => wanted === undefined || wanted.includes(set.name));

const files: FileFigures[] = [];
const anchorsKept: SuiteRun['anchorsKept'] = {};
for (const set of sets) {
  const file = readSuiteFile(root, set);
  const anchors = anchorScores(root, file, threads);
  anchorsKept[set.name] = Object.fromEntries(
    anchors.map((a) => [
      a.name,
      { params: a.kept, rounds: a.rounds, searchSeconds: a.searchSeconds, cvSeconds: a.cvSeconds },
    ]),
  );
  const retem = new Map<number, RetemScores>();
  seeds.forEach((seed, at) =>
    retem.set(
      seed,
      retemScores(root, file, seed, [repeatOfSeed(at, file.folds.length)], label, trainFlags),
    ),
  );
  const figures = fileFigures(file, retem, anchors);
  files.push(figures);
  console.log(
    `${set.name.padEnd(14)} profit ÷ best anchor ${figures.profitRatio.toFixed(3)} (P ${figures.probabilityRetemWins.toFixed(2)}), AUC ${figures.retem.auc.toFixed(4)} vs ${Math.max(...figures.anchors.map((a) => a.auc)).toFixed(4)}, log loss ÷ best ${figures.logLossRatio.toFixed(3)}, train ${figures.trainSecondsMean.toFixed(1)} s`,
  );
}

const run: SuiteRun = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim() ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  label,
  commit,
  trainFlags,
  files,
  anchorsKept,
};
const out = join(root, 'artifacts', 'suite');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${label}.json`), JSON.stringify(run, null, 1));
if (sets.length === CHURN_SUITE.length) {
  const configAt = trainFlags.indexOf('--config');
  const configPath = configAt < 0 ? undefined : trainFlags[configAt + 1];
  const config =
    configPath === undefined
      ? null
      : (JSON.parse(readFileSync(resolve(root, configPath), 'utf8')) as Record<string, unknown>);
  const model = join(root, 'training', 'experiments', 'model');
  recordSuiteTrial(
    join(model, 'suite', 'suiteTrials.json'),
    join(model, 'TRIALS.md'),
    suiteTrialOf(run, commit, config),
  );
  console.log('recorded in training/experiments/model/TRIALS.md');
  // A run whose only flag is a configuration file that changes no setting is the default's run.
  const defaultRecipe =
    trainFlags.length === 0 ||
    (trainFlags.length === 2 &&
      configPath !== undefined &&
      recipeIsDefault(resolve(root, configPath)));
  if (defaultRecipe) {
    writeSuiteTables(join(root, 'docs', 'model-suite.md'), run);
    console.log('tables written to docs/model-suite.md');
  }
}
