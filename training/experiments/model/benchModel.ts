/**
 * npm run bench:model: Retém's default training against gradient boosting (XGBoost, LightGBM and
 * CatBoost, each with a small fixed tuning budget) by stratified 5-fold cross-validation on the
 * same folds. Every model is scored by the same two rules: profit at the best threshold on its
 * pooled out-of-fold scores (hindsight, equally optimistic for all), and profit at a threshold
 * chosen out of sample (fold f's threshold chosen on the other folds' out-of-fold scores). A
 * paired bootstrap over the pooled rows gives the 90% interval of Retém's profit minus each
 * anchor's and P(Retém earns more).
 *
 * Flags: --config trial.json (the recipe's settings, as `npm run train -- --config` reads them;
 * absent: the defaults), --seed (the training's; the outer folds keep the default seed's), --label.
 * The anchors' out-of-fold scores are cached in
 * artifacts/bench/anchors/ and reused while the data, the folds and anchors_cv.py are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rocAuc, averagePrecision, logLoss, brierScore } from '../../../src/core/metrics';
import { meanNonZeroCells, sparseMultiplyAdds } from '../../lib/modelBudget';
import {
  contactsAt,
  pairedProfitDifference,
  profitOfContacts,
  ProfitCurve,
  DEFAULT_PAYOFFS,
  chooseThreshold,
} from '../../../src/core/decision';
import { stratifiedFolds } from '../../lib/split';
import { describeTargetProblem, resolveTarget } from '../../../src/core/records';
import { predictProbabilities } from '../../../src/model/network';
import { integerFlag, UsageError } from '../../lib/cliArgs';
import { readRecipe } from '../../lib/recipeSettings';
import { loadTable } from '../../lib/csvFile';
import { DEFAULT_TRAINING, crossFit, selectRows } from '../../lib/pipeline';
import {
  recordTrial,
  writeModelBenchTable,
  type ModelBenchRun,
  type ModelResult,
} from './modelTables';
import { benchPython } from './python';
import { comparisonsPerCustomer } from '../../lib/treeMember';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_TRAINING.seed) },
    label: { type: 'string', default: 'retem' },
  },
});
const root = resolve(import.meta.dirname, '..', '..', '..');
const dataPath =
  positionals[0] ?? resolve(root, '..', 'shared', 'data', 'santander', 'train.csv.gz');
const k = 5;
const seed = DEFAULT_TRAINING.seed;
const payoffs = DEFAULT_PAYOFFS;
const recipe = (() => {
  try {
    return readRecipe(flags.config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
})();
const trial = {
  folds: recipe.folds,
  towers: recipe.towers,
  hidden: recipe.network.hidden,
  linearShare: recipe.linearShare,
  quantize: recipe.quantize,
  learningRate: recipe.learningRate,
  batchSize: recipe.batchSize,
  treeShare: recipe.trees.share,
  treeDepth: recipe.trees.boosting.depth,
  treeColumns: recipe.trees.columns,
  treeLearningRate: recipe.trees.boosting.learningRate,
  treeMax: recipe.trees.boosting.maxTrees,
  maxSteps: recipe.maxSteps,
  maxEpochs: recipe.maxEpochs,
  patience: recipe.patience,
  distilShare: recipe.distillation.share,
  distilLogitWeight: recipe.distillation.logitWeight,
  distilSpreadCap: recipe.distillation.logitSpreadCap,
  teacherMax: recipe.distillation.boosting.maxTrees,
  teacherLearningRate: recipe.distillation.boosting.learningRate,
  teacherColumns: recipe.distillation.columns,
  teacherLambda: recipe.distillation.boosting.lambda,
  /** Seeds the training (weights, shuffles, teachers, inner folds); the outer folds stay the default seed's. */
  seed: integerFlag('seed', flags.seed, 0, 2 ** 31 - 1),
};

const { table } = await loadTable(dataPath, { idColumn: 'ID', targetColumn: 'TARGET' });
const target = resolveTarget('TARGET', table.targets ?? []);
if (!target.ok) throw new Error(describeTargetProblem(target.problem));
const labels = target.value.labels;
const folds = stratifiedFolds(labels, k, seed);
const rowsOf = (fold: number, held: boolean) =>
  Uint32Array.from(Array.from(folds).flatMap((f, i) => ((f === fold) === held ? [i] : [])));

// Retém: the default training on each fold's other rows (its own cross-fitting inside them).
const oof = new Float64Array(labels.length);
const ownThresholds: number[] = [];
const foldAucs: number[] = [];
let trainingSeconds = 0;
const treeShares: number[] = [];
let budget: {
  weightBytes: number;
  multiplyAddsPerCustomer: number;
  treeComparisons: number;
  calibration: string;
} | null = null;
const started = Date.now();
for (let fold = 0; fold < k; fold++) {
  const trainPool = rowsOf(fold, false);
  const held = rowsOf(fold, true);
  const foldStarted = Date.now();
  const fitted = await crossFit(
    table,
    labels,
    trainPool,
    {
      ...DEFAULT_TRAINING,
      ...recipe,
      idColumn: 'ID',
      target: target.value.mapping,
      seed: trial.seed,
      threads: 2,
    },
    { stage: () => undefined, epoch: () => undefined },
  );
  trainingSeconds += (Date.now() - foldStarted) / 1000;
  treeShares.push(fitted.trees?.share ?? 0);
  if (fitted.trees !== null) {
    console.error(
      `fold ${fold + 1}/${k}: trees alone out of fold AUC ${fitted.trees.outOfFoldAuc.toFixed(4)}, network ${fitted.trees.networkOutOfFoldAuc.toFixed(4)}; by share ${fitted.trees.aucByShare.map((s) => `${s.share}: ${s.auc.toFixed(4)}`).join(', ')}; trees per fold ${fitted.trees.treesPerFold.join('/')}, ${fitted.trees.columns} columns`,
    );
  }
  if (fitted.teacher !== null) {
    console.error(
      `fold ${fold + 1}/${k}: teachers out of fold AUC ${fitted.teacher.outOfFoldAuc.toFixed(4)}, trees per fold ${fitted.teacher.treesPerFold.join('/')}`,
    );
  }
  const poolLabels = Uint8Array.from(trainPool, (row) => labels[row] ?? 0);
  ownThresholds.push(chooseThreshold(fitted.outOfFold, poolLabels, payoffs, { seed }).threshold);
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
  const map = fitted.calibration.map;
  budget = {
    weightBytes: fitted.weightBytes,
    multiplyAddsPerCustomer: sparseMultiplyAdds(
      {
        towers: fitted.outcomes.length,
        hidden: trial.hidden,
        linear: trial.linearShare > 0,
        calibrationKnots: map.method === 'isotonic' ? map.x.length : 0,
        treeColumns: fitted.trees !== null && fitted.trees.share > 0 ? fitted.trees.columns : 0,
      },
      meanNonZeroCells(table, trainPool),
    ),
    treeComparisons:
      fitted.trees !== null && fitted.trees.share > 0
        ? comparisonsPerCustomer(fitted.trees.member)
        : 0,
    calibration: map.method === 'isotonic' ? `isotonic (${map.x.length} knots)` : 'Platt',
  };
  fitted.model.dispose();
  if (fitted.unquantized !== fitted.model) fitted.unquantized.dispose();
  console.error(
    `fold ${fold + 1}/${k}: AUC ${auc.toFixed(4)}, ${budget.calibration}, best epochs ${fitted.outcomes.map((o) => o.bestEpoch).join('/')}`,
  );
}
const retemSeconds = (Date.now() - started) / 1000;

// The anchors, run by anchors_cv.py unless a cached run on the same data and folds exists.
const foldsText = Array.from(folds).join('\n') + '\n';
const anchorsDir = join(root, 'artifacts', 'bench', 'anchors');
const anchorsScript = join(root, 'training', 'experiments', 'model', 'anchors_cv.py');
const key = createHash('sha256')
  .update(readFileSync(dataPath))
  .update(foldsText)
  .update(readFileSync(anchorsScript))
  .digest('hex');
const keyFile = join(anchorsDir, 'key.txt');
if (!existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key) {
  mkdirSync(anchorsDir, { recursive: true });
  writeFileSync(join(anchorsDir, 'folds.txt'), foldsText);
  execFileSync(
    benchPython(root),
    [
      anchorsScript,
      dataPath,
      join(anchorsDir, 'folds.txt'),
      anchorsDir,
      'ID',
      'TARGET',
      String(seed),
    ],
    { stdio: 'inherit' },
  );
  writeFileSync(keyFile, key);
}
const anchorSummary = JSON.parse(readFileSync(join(anchorsDir, 'anchors.json'), 'utf8')) as Record<
  string,
  { kept: Record<string, number>; trials: { auc: number; seconds: number }[] }
>;
const anchorNames = Object.keys(anchorSummary);
const scoresOf: Record<string, Float64Array> = { [flags.label]: oof };
for (const name of anchorNames) {
  scoresOf[name] = Float64Array.from(
    readFileSync(join(anchorsDir, `${name}.txt`), 'utf8')
      .trim()
      .split('\n')
      .map(Number),
  );
}

/** Thresholds chosen out of sample: fold f's on the other folds' out-of-fold scores. */
function outOfSampleContacts(scores: Float64Array): Uint8Array {
  const contacts = new Uint8Array(scores.length);
  for (let fold = 0; fold < k; fold++) {
    const others = rowsOf(fold, false);
    const threshold = chooseThreshold(
      Float64Array.from(others, (row) => scores[row] ?? 0),
      Uint8Array.from(others, (row) => labels[row] ?? 0),
      payoffs,
      { seed },
    ).threshold;
    for (const row of rowsOf(fold, true)) contacts[row] = (scores[row] ?? 0) >= threshold ? 1 : 0;
  }
  return contacts;
}
const profitOf = (contacts: Uint8Array) => profitOfContacts(contacts, labels, payoffs);

const models = [flags.label, ...anchorNames];
const scored = models.map((name) => {
  const scores = scoresOf[name] ?? new Float64Array(0);
  const best = ProfitCurve.fromScores(scores, labels).best(payoffs);
  const hindsight = contactsAt(scores, best.threshold);
  const outOfSample = outOfSampleContacts(scores);
  const result: ModelResult = {
    model: name,
    auc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    logLoss: logLoss(scores, labels),
    brier: brierScore(scores, labels),
    threshold: best.threshold,
    contacted: best.contacted,
    profit: best.profit,
    profitOutOfSample: profitOf(outOfSample),
  };
  return { result, contacts: { hindsight, outOfSample } };
});
const rows = scored.map((entry) => entry.result);
const ours = scored[0];
if (ours === undefined) throw new Error('no rows');
// Retém's own thresholds, as each fold's training chose them (what the shipped model does).
const ownContacts = new Uint8Array(labels.length);
for (let fold = 0; fold < k; fold++) {
  for (const row of rowsOf(fold, true))
    ownContacts[row] = (oof[row] ?? 0) >= (ownThresholds[fold] ?? 1) ? 1 : 0;
}
const ownProfit = profitOf(ownContacts);
const comparisons = scored.slice(1).map((anchor) => ({
  anchor: anchor.result.model,
  hindsight: pairedProfitDifference(
    ours.contacts.hindsight,
    anchor.contacts.hindsight,
    labels,
    payoffs,
    { seed },
  ),
  outOfSample: pairedProfitDifference(
    ours.contacts.outOfSample,
    anchor.contacts.outOfSample,
    labels,
    payoffs,
    { seed },
  ),
}));

const money = (value: number) => `R$ ${Math.round(value).toLocaleString('en-US')}`;
console.log(
  `\nStratified ${k}-fold CV on ${dataPath} (${labels.length} rows), the same folds for every model`,
);
console.log(
  `${'model'.padEnd(10)}${'CV AUC'.padStart(9)}${'log loss'.padStart(10)}${'threshold'.padStart(11)}${'contacted'.padStart(11)}${'profit (best)'.padStart(15)}${'profit (out of sample)'.padStart(24)}`,
);
for (const r of rows) {
  console.log(
    `${r.model.padEnd(10)}${r.auc.toFixed(4).padStart(9)}${r.logLoss.toFixed(4).padStart(10)}${r.threshold.toFixed(4).padStart(11)}${String(r.contacted).padStart(11)}${money(r.profit).padStart(15)}${money(r.profitOutOfSample).padStart(24)}`,
  );
}
console.log(
  `Retém at the thresholds its own trainings chose: ${money(ownProfit)} (${ownThresholds.map((t) => t.toFixed(4)).join(', ')})`,
);
console.log(
  `Retém fold AUCs: ${foldAucs.map((a) => a.toFixed(4)).join(', ')}; ${budget?.calibration ?? ''}; weights ${budget?.weightBytes ?? 0} bytes`,
);
for (const c of comparisons) {
  for (const rule of ['hindsight', 'outOfSample'] as const) {
    const d = c[rule];
    console.log(
      `Retém − ${c.anchor} (${rule === 'hindsight' ? 'best pooled threshold' : 'threshold out of sample'}): ${money(d.observed)}, 90% interval ${money(d.interval[0])} … ${money(d.interval[1])}, P(Retém earns more) ${d.probabilityAWins.toFixed(2)}`,
    );
  }
}
const bestAnchor = Math.max(...rows.slice(1).map((r) => r.profit));
const bestAnchorOut = Math.max(...rows.slice(1).map((r) => r.profitOutOfSample));
console.log(
  `Profit ratio to the best anchor: ${(ours.result.profit / bestAnchor).toFixed(3)} (best threshold), ${(ours.result.profitOutOfSample / bestAnchorOut).toFixed(3)} (out of sample); bar 1.03`,
);

if (budget === null) throw new Error('no fold was trained');
const run: ModelBenchRun = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model.trim() ?? 'unknown' },
  label: flags.label,
  trial,
  secondsPerTraining: trainingSeconds / k,
  treeShares,
  results: rows,
  ownThresholdProfit: ownProfit,
  budget,
  comparisons,
};
mkdirSync(join(root, 'artifacts', 'bench'), { recursive: true });
const out = join(
  root,
  'artifacts',
  'bench',
  flags.label === 'retem' ? 'model.json' : `model-${flags.label}.json`,
);
writeFileSync(
  join(root, 'artifacts', 'bench', `oof-${flags.label}.txt`),
  Array.from(oof).join('\n') + '\n',
);
writeFileSync(
  out,
  JSON.stringify(
    { ...run, retemFoldAucs: foldAucs, ownThresholds, retemSeconds, anchors: anchorSummary },
    null,
    1,
  ),
);
recordTrial(
  join(root, 'training', 'experiments', 'model', 'trials.json'),
  join(root, 'training', 'experiments', 'model', 'TRIALS.md'),
  run,
);
if (flags.label === 'retem') {
  writeModelBenchTable(
    join(root, 'docs', 'benchmarks.md'),
    run,
    join(root, 'training', 'experiments', 'model', 'trials.json'),
  );
}
console.log(
  `figures written to ${out}, training/experiments/model/TRIALS.md${flags.label === 'retem' ? ' and docs/benchmarks.md' : ''}`,
);
