/**
 * A quick look at the default training over every labelled churn set in ../shared/data, as a new
 * user meets it: each file split once, stratified, into 80% to train on with `npm run train` and
 * 20% scored with `npm run score`; the held 20%'s ROC AUC, log loss and profit at the decisions the
 * score file makes. One split per file: read differences under about 2% of profit as noise.
 *
 *   npx tsx training/experiments/model/holdoutSuite.ts [--seeds 42,7] [--sets telco,powerco] [--label NAME]
 *     [-- <train flags for every set>]
 *
 * Writes artifacts/holdout-suite/<label>.json and prints one line per set and seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvField, parseCsv, resolveTarget } from '../../../src/core/records';
import { logLoss, rocAuc } from '../../../src/core/metrics';
import { stratifiedSplit } from '../../lib/split';
import { CHURN_SUITE, type SuiteSet } from './churnSuite';
import { cliScriptPath, type CliName } from '../../lib/cliScripts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const tsx = resolve(root, 'node_modules', '.bin', 'tsx');
const argv = process.argv.slice(2);
const separator = argv.indexOf('--');
const own = separator < 0 ? argv : argv.slice(0, separator);
const trainFlags = separator < 0 ? [] : argv.slice(separator + 1);
const option = (name: string) => {
  const at = own.indexOf(`--${name}`);
  return at < 0 ? undefined : own[at + 1];
};
const seeds = (option('seeds') ?? '42').split(',').map(Number);
const wanted = option('sets')?.split(',');
const label = option('label') ?? 'default';
const sets = CHURN_SUITE.filter((set) => wanted === undefined || wanted.includes(set.name));
const work = mkdtempSync(join(tmpdir(), 'retem-holdout-'));

/** The 80% / 20% files of a set and the held rows' labels, in file order. */
function splitSet(set: SuiteSet): { train: string; held: string; ids: string[]; labels: number[] } {
  const records = parseCsv(gunzipSync(readFileSync(resolve(root, set.path))).toString('utf8'));
  const header = records[0]?.fields.map((name) => name.trim()) ?? [];
  const rows = records.slice(1).filter((r) => r.fields.length === header.length);
  const targetAt = header.indexOf(set.target);
  const idAt = header.indexOf(set.id);
  const resolved = resolveTarget(
    set.target,
    rows.map((r) => r.fields[targetAt] ?? ''),
    set.positive,
  );
  if (!resolved.ok) throw new Error(`${set.name}: ${JSON.stringify(resolved.problem)}`);
  const labels = resolved.value.labels;
  const { kept, heldOut } = stratifiedSplit(labels, 0.2, 20_26);
  const lines = (indices: Uint32Array) =>
    [records[0]?.fields ?? [], ...Array.from(indices, (i) => rows[i]?.fields ?? [])]
      .map((fields) => fields.map((f) => csvField(f)).join(','))
      .join('\n') + '\n';
  const train = join(work, `${set.name}-train.csv`);
  const held = join(work, `${set.name}-held.csv`);
  writeFileSync(train, lines(kept));
  writeFileSync(held, lines(heldOut));
  return {
    train,
    held,
    ids: Array.from(heldOut, (i) => (rows[i]?.fields[idAt] ?? '').trim()),
    labels: Array.from(heldOut, (i) => labels[i] ?? 0),
  };
}

function run(script: CliName, args: string[]): string {
  const result = spawnSync(tsx, [cliScriptPath(root, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MLFLOW_TRACKING_URI: '' },
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`${script}: ${result.stderr}`);
  return result.stdout;
}

interface Outcome {
  readonly set: string;
  readonly seed: number;
  readonly auc: number;
  readonly logLoss: number;
  readonly profit: number;
  readonly contacted: number;
  readonly trainSeconds: number;
}

const outcomes: Outcome[] = [];
for (const set of sets) {
  const split = splitSet(set);
  for (const seed of seeds) {
    const model = join(work, `${set.name}-${seed}`);
    const started = Date.now();
    run('train', [
      ...['--data', split.train, '--out', model, '--id', set.id, '--target', set.target],
      ...(set.positive === undefined ? [] : ['--positive', set.positive]),
      ...set.exclude.flatMap((column) => ['--exclude', column]),
      ...['--seed', String(seed), ...trainFlags],
    ]);
    const trainSeconds = (Date.now() - started) / 1000;
    const scores = join(model, 'held-scores.csv');
    run('score', ['--model', model, '--data', split.held, '--out', scores]);
    const byId = new Map(
      parseCsv(readFileSync(scores, 'utf8'))
        .slice(1)
        .map((r) => [r.fields[0] ?? '', { p: Number(r.fields[1]), contact: r.fields[2] === '1' }]),
    );
    const p = split.ids.map((id) => byId.get(id)?.p ?? Number.NaN);
    let profit = 0;
    let contacted = 0;
    split.ids.forEach((id, i) => {
      if (byId.get(id)?.contact !== true) return;
      contacted++;
      profit += split.labels[i] === 1 ? 90 : -10;
    });
    const outcome = {
      set: set.name,
      seed,
      auc: rocAuc(p, split.labels),
      logLoss: logLoss(p, split.labels),
      profit,
      contacted,
      trainSeconds,
    };
    outcomes.push(outcome);
    console.log(
      `${set.name.padEnd(14)} seed ${String(seed).padEnd(3)} AUC ${outcome.auc.toFixed(4)}  log loss ${outcome.logLoss.toFixed(4)}  profit R$ ${profit}  contacted ${contacted}  train ${trainSeconds.toFixed(1)} s`,
    );
  }
}
const out = resolve(root, 'artifacts', 'holdout-suite');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, `${label}.json`),
  JSON.stringify(
    {
      label,
      date: new Date().toISOString(),
      machine: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      trainFlags,
      seeds,
      outcomes,
    },
    null,
    1,
  ),
);
