/**
 * npm run bench:model: Retém's default training against XGBoost (the original case's model) by
 * stratified 5-fold cross-validation on the same folds. Both get the profit-maximising threshold on
 * their pooled out-of-fold scores, so both profit figures are equally optimistic.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { rocAuc, averagePrecision } from '../../src/core/metrics';
import { ProfitCurve, DEFAULT_PAYOFFS } from '../../src/core/profit';
import { stratifiedFolds, stratifiedSplit } from '../../src/core/split';
import { describeTargetProblem, resolveTarget } from '../../src/core/target';
import { predictProbabilities, DEFAULT_NETWORK } from '../../src/model/network';
import { loadTable } from '../lib/csvFile';
import { DEFAULT_TRAINING, fitEnsemble, selectRows } from '../lib/trainPipeline';
import { benchPython } from './python';

const root = resolve(import.meta.dirname, '..', '..');
const dataPath =
  process.argv[2] ?? resolve(root, '..', 'shared', 'data', 'santander', 'train.csv.gz');
const k = 5;
const seed = DEFAULT_TRAINING.seed;

const { table } = await loadTable(dataPath, { idColumn: 'ID', targetColumn: 'TARGET' });
const target = resolveTarget('TARGET', table.targets ?? []);
if (!target.ok) throw new Error(describeTargetProblem(target.problem));
const labels = target.value.labels;
const folds = stratifiedFolds(labels, k, seed);
const work = mkdtempSync(join(tmpdir(), 'retem-bench-'));
writeFileSync(join(work, 'folds.txt'), Array.from(folds).join('\n') + '\n');

const oof = new Float64Array(labels.length);
const foldAucs: number[] = [];
const started = Date.now();
for (let fold = 0; fold < k; fold++) {
  const trainPool = Uint32Array.from(Array.from(folds).flatMap((f, i) => (f === fold ? [] : [i])));
  const held = Uint32Array.from(Array.from(folds).flatMap((f, i) => (f === fold ? [i] : [])));
  // The default training, as `npm run train` runs it, with the fold's rows in place of the file:
  // validation rows split off for early stopping, then the refit on every training row of the fold
  // (refit is on by default).
  const { kept: train, heldOut: validation } = stratifiedSplit(
    labels,
    DEFAULT_TRAINING.validationFraction,
    seed + 1,
    trainPool,
  );
  const fitted = await fitEnsemble(
    table,
    labels,
    train,
    validation,
    {
      ...DEFAULT_TRAINING,
      idColumn: 'ID',
      target: target.value.mapping,
      seed,
      network: DEFAULT_NETWORK,
      threads: 2,
      refitRows: trainPool,
    },
    { stage: () => undefined, epoch: () => undefined },
  );
  const scores = predictProbabilities(
    fitted.model,
    selectRows(fitted.matrix, fitted.width, held),
    fitted.width,
  );
  held.forEach((row, i) => {
    oof[row] = scores[i] ?? 0;
  });
  const auc = rocAuc(
    scores,
    Uint8Array.from(held, (row) => labels[row] ?? 0),
  );
  foldAucs.push(auc);
  fitted.model.dispose();
  if (fitted.evaluationModel !== fitted.model) fitted.evaluationModel.dispose();
  console.error(
    `fold ${fold + 1}/${k}: AUC ${auc.toFixed(4)}, best epochs ${fitted.outcomes.map((o) => o.bestEpoch).join('/')}`,
  );
}
const retemSeconds = (Date.now() - started) / 1000;

const python = benchPython(root);
const xgbStarted = Date.now();
execFileSync(
  python,
  [
    join(root, 'training', 'bench', 'xgboost_cv.py'),
    dataPath,
    join(work, 'folds.txt'),
    join(work, 'xgb.txt'),
    'ID',
    'TARGET',
    String(seed),
  ],
  { stdio: 'inherit' },
);
const xgbSeconds = (Date.now() - xgbStarted) / 1000;
const xgb = Float64Array.from(
  readFileSync(join(work, 'xgb.txt'), 'utf8').trim().split('\n').map(Number),
);

const summarize = (name: string, scores: Float64Array, seconds: number) => {
  const best = ProfitCurve.fromScores(scores, labels).best(DEFAULT_PAYOFFS);
  return {
    model: name,
    auc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    threshold: best.threshold,
    contacted: best.contacted,
    profit: best.profit,
    seconds,
  };
};
const rows = [summarize('retem', oof, retemSeconds), summarize('xgboost', xgb, xgbSeconds)];
const [ours, theirs] = rows;
console.log(
  `\nStratified ${k}-fold CV on ${dataPath} (${labels.length} rows), same folds for both models`,
);
console.log(
  `${'model'.padEnd(10)}${'CV AUC'.padStart(9)}${'PR AUC'.padStart(9)}${'threshold'.padStart(11)}${'contacted'.padStart(11)}${'profit R$'.padStart(12)}${'seconds'.padStart(9)}`,
);
for (const r of rows) {
  console.log(
    `${r.model.padEnd(10)}${r.auc.toFixed(4).padStart(9)}${r.prAuc.toFixed(4).padStart(9)}${r.threshold.toFixed(4).padStart(11)}${String(r.contacted).padStart(11)}${String(r.profit).padStart(12)}${r.seconds.toFixed(0).padStart(9)}`,
  );
}
console.log(`Retém fold AUCs: ${foldAucs.map((a) => a.toFixed(4)).join(', ')}`);
if (ours !== undefined && theirs !== undefined) {
  console.log(
    `Profit ratio Retém / XGBoost: ${(ours.profit / theirs.profit).toFixed(3)}; AUC difference ${(ours.auc - theirs.auc).toFixed(4)}`,
  );
  console.log(
    `Bar: CV AUC ≥ 0.835 ${ours.auc >= 0.835 ? 'met' : 'NOT met'}; profit ≥ XGBoost's ${ours.profit >= theirs.profit ? 'met' : 'NOT met'}`,
  );
}
mkdirSync(join(root, 'artifacts', 'bench'), { recursive: true });
writeFileSync(
  join(root, 'artifacts', 'bench', 'model.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
      folds: k,
      seed,
      results: rows,
      retemFoldAucs: foldAucs,
    },
    null,
    1,
  ),
);
