/** MODEL_CARD.md and the printed report: what the model was trained on and how each figure came to be. */
import type { ModelMetrics, TowerLoops, TowerSummary } from '../../src/core/modelFiles';
import type { NumericFeature, PreprocessSpec } from '../../src/core/preprocess';
import { fixed, money, percent } from './format';
import { TREE_LEAST_AUC_GAIN } from './treeMember';

/**
 * The card's words for the folds whose teacher spread so far that their gap weight shrank, or ''
 * when every fold kept `weight` (or the model predates the cap).
 */
function shrunkWeights(weight: number, perFold: readonly number[] | undefined): string {
  if (perFold === undefined || perFold.every((w) => Math.abs(w - weight) <= 1e-12)) return '';
  return ` (the weight shrunk by fold where the teacher's logits spread wider than the cap: ${perFold.map((w) => Number(w.toPrecision(3))).join('/')})`;
}

/** The report printed at the end of a training, as plain text lines. */
export function renderSummary(metrics: ModelMetrics): string {
  const t = metrics.test;
  const at = t.atThreshold;
  const lr = metrics.logisticBaseline;
  const rows: [string, string, string][] = [
    ['ROC AUC', fixed(t.auc), fixed(lr.auc)],
    ['PR AUC', fixed(t.prAuc), fixed(lr.prAuc)],
    ['log loss', fixed(t.logLoss), fixed(lr.logLoss)],
    ['Brier', fixed(t.brier, 5), fixed(lr.brier, 5)],
    ['threshold', fixed(metrics.threshold.threshold, 4), fixed(lr.threshold, 4)],
    ['contacted', String(at.contacted), String(lr.atThreshold.contacted)],
    ['profit', money(at.profit), money(lr.atThreshold.profit)],
    ['profit / 1,000 customers', money(at.profitPer1000), money(lr.atThreshold.profitPer1000)],
    ['share of ideal', percent(at.shareOfIdeal), percent(lr.atThreshold.shareOfIdeal)],
  ];
  const outOfFold = metrics.outOfSample.source === 'out-of-fold';
  const lines = [
    outOfFold
      ? `Out of fold: ${t.rows} customers, ${t.positives} churners, each scored by the fold model that did not train on it (every customer trains the shipped model)`
      : `Test set: ${t.rows} customers, ${t.positives} churners (never used for training or the threshold)`,
    '',
    `${''.padEnd(26)}${'model'.padStart(14)}${'logistic'.padStart(14)}`,
    ...rows.map(([name, a, b]) => `${name.padEnd(26)}${a.padStart(14)}${b.padStart(14)}`),
    '',
    `Baselines on the same customers: contact everyone ${money(t.baselines.everyone)}, no one ${money(t.baselines.noOne)}, ` +
      `${at.contacted} at random ${money(t.baselines.random)}, ideal ${money(t.baselines.ideal)}.`,
    outOfFold
      ? `The threshold was chosen on these same rows' probabilities (calibrated in sample); the best threshold on them is ${fixed(t.atBestThresholdInHindsight.threshold)} for ${money(t.atBestThresholdInHindsight.profit)}.`
      : `In hindsight the best threshold on the test set would have been ${fixed(t.atBestThresholdInHindsight.threshold)} for ${money(t.atBestThresholdInHindsight.profit)} (optimistic: chosen on the same rows).`,
  ];
  return lines.join('\n');
}

/** The markdown model card written beside the model. */
export function renderModelCard(
  metrics: ModelMetrics,
  spec: PreprocessSpec,
  seconds: number,
): string {
  const p = metrics.payoffs;
  const s = metrics.split;
  const numeric = spec.features.filter((f): f is NumericFeature => f.kind === 'numeric');
  const logged = numeric.filter((f) => f.transform === 'signed-log1p').length;
  const ple = numeric.filter((f) => f.pleEdges !== null).length;
  const categorical = spec.features.filter((f) => f.kind === 'categorical').length;
  return `# Model card: Retém churn model

## Data
- File \`${metrics.data.file}\` (text hash \`${metrics.data.hash}\`): ${metrics.data.rowsRead} rows read, ${metrics.data.rowsUsed} used, ${metrics.data.rowsSkipped} skipped with reasons.
- Target \`${metrics.data.target.column}\`: "${metrics.data.target.positive}" is a churner (${metrics.data.positives} rows, ${percent(metrics.data.positives / metrics.data.rowsUsed)}), "${metrics.data.target.negative}" is not.
- ${
    s.folds !== undefined && s.testRows === 0
      ? `No test split: all ${s.trainRows} rows are cross-fitted in ${s.folds} stratified folds (seed ${s.seed}), and the figures below are every row's out of fold.`
      : s.folds !== undefined
        ? `Stratified split with seed ${s.seed}: ${s.testRows} test rows (${percent(s.testFraction)}) held out; the other ${s.trainRows} development rows are cross-fitted in ${s.folds} stratified folds.`
        : `Stratified split with seed ${s.seed}: ${s.trainRows} training rows, ${s.validationRows} validation rows (${percent(s.validationFraction)} of the rest), ${s.testRows} test rows (${percent(s.testFraction)}).`
  }

## Treatment (fitted on the ${s.folds !== undefined ? 'development' : 'training'} rows only, without their labels; schema hash \`${spec.schemaHash}\`)
- ${spec.inputColumns.length} input columns kept; ${spec.dropped.constant.length} constant and ${spec.dropped.duplicate.length} duplicate columns dropped; ${spec.dropped.excluded.length} excluded on request${spec.dropped.excluded.length > 0 ? ` (${spec.dropped.excluded.join(', ')})` : ''}.
${datesLine(spec)}- Sentinel values (${[...new Set(numeric.flatMap((f) => f.sentinels))].join(', ')}) and blanks are missing values, filled with the training median, with a 0/1 indicator where the training rows had any.
- ${logged} heavy-tailed columns go through sign(x)·log(1+|x|); every numeric value is standardised and clipped to ±${numeric[0]?.clip ?? 5}.
- ${ple} columns also get a piecewise-linear encoding over target-free quantile bins; dominant non-zero modes get a flag; ${categorical} categorical columns are one-hot over their top categories plus "other" and "missing"${spec.features.some((f) => f.kind === 'zero-count') ? '; a count of zeros per row is added' : ''}.
- ${spec.outputNames.length} model inputs in all.

## Model
${modelSection(metrics, seconds)}

## Decision
- Payoffs in R$ per customer: TP ${p.tp}, FP ${p.fp}, FN ${p.fn}, TN ${p.tn}. Break-even probability ${fixed(metrics.threshold.breakEven)}.
- Threshold **${fixed(metrics.threshold.threshold)}**: ${metrics.threshold.method} (10th–90th percentile ${fixed(metrics.threshold.spread[0])}–${fixed(metrics.threshold.spread[1])}). Contact a customer when the churn probability is at or above it.

## Figures (${
    metrics.outOfSample.source === 'out-of-fold'
      ? 'every row out of fold: its fold model, which did not train on it but stopped early on it, and a calibration map fitted on the other folds; the threshold was chosen on these rows, so the profit is slightly optimistic'
      : 'test rows, never seen in training or in choosing the threshold'
  })
\`\`\`
${renderSummary(metrics)}
\`\`\`
${
  metrics.outOfSample.source === 'out-of-fold'
    ? `Calibrated by one map fitted on every row instead, the same out-of-fold logits reach ROC AUC ${fixed(metrics.validation.auc)}: the threshold was chosen on those probabilities.
The logistic baseline is each row's own fold's L2 logistic regression (the shipped baseline is their mean), with its own out-of-fold threshold.`
    : metrics.model.crossFit !== undefined
      ? `Out-of-fold ROC AUC over the ${metrics.validation.rows} development rows: ${fixed(metrics.validation.auc)} (each row scored by the fold model that did not train on it, which stopped on it, so slightly optimistic).
The logistic baseline is the mean of the fold models' L2 logistic regressions, with its own out-of-fold threshold.`
      : `Validation ROC AUC of the ensemble: ${fixed(metrics.validation.auc)} (validation rows also chose the stopping epochs, so this figure is optimistic).
The logistic baseline is an L2 logistic regression on the same inputs and split, with its own validation threshold.`
}
The scores and labels behind these figures are in \`out-of-sample.json\`, so any payoff matrix can be re-applied.
`;
}

const LOOP_WORDS: Record<TowerLoops['firstLayer'], string> = {
  'wasm-simd': 'WebAssembly SIMD',
  javascript: 'JavaScript (the WebAssembly SIMD loops could not start)',
};

/**
 * Which loops trained the towers (each combination the towers used, named once) and TF.js's part;
 * towers without the record (models from before the towers' own loops) name TF.js's backend alone.
 */
export function towerLoopsSentence(towers: readonly TowerSummary[], backend: string): string {
  const loops: TowerLoops[] = [];
  for (const tower of towers) {
    if (tower.loops === undefined) return `TF.js backend in Node: ${backend}.`;
    loops.push(tower.loops);
  }
  if (loops.length === 0) return `TF.js backend in Node: ${backend}.`;
  const kinds = new Set(
    loops.map((l) =>
      l.firstLayer === l.dense
        ? LOOP_WORDS[l.dense]
        : `${LOOP_WORDS[l.firstLayer]} for the first layer, ${LOOP_WORDS[l.dense]} for the others`,
    ),
  );
  return `The towers trained in their own loops: ${[...kinds].join('; ')}; TF.js (on its ${backend} backend in Node) drew their initial weights.`;
}

/** The card's model section: how the shipped network was trained, calibrated and stored. */
function modelSection(metrics: ModelMetrics, seconds: number): string {
  const m = metrics.model;
  const run = `${towerLoopsSentence(m.towers, m.backend)} Towers trained in ${m.trainingSeconds.toFixed(1)} s; the whole run took ${seconds.toFixed(1)} s.`;
  const cross = m.crossFit;
  if (cross === undefined) {
    return `- An ensemble of ${m.towers.length} MLP towers (${m.hidden.join('–')}, ReLU), each with its own seed, Adam at ${m.learningRate}, batch ${m.batchSize}, at most ${m.maxEpochs} epochs, early stopping on validation ROC AUC with patience ${m.patience}, best weights kept. The output blends the towers' mean probability with a logistic regression on the same inputs (${percent(m.linearShare)} of the probability; the same regression is the baseline below).
- Best epochs: ${m.towers.map((t) => t.bestEpoch).join(', ')}.${
      m.refit !== null
        ? ` **The shipped towers were then trained again, from the same seeds, on all ${m.refit.rows} labelled rows for those epoch counts** (${m.refit.seconds.toFixed(1)} s): the figures below were measured on the towers trained without the test rows, so they estimate the shipped model's quality slightly conservatively.`
        : ' The shipped towers are the ones the figures below were measured on.'
    } ${run}`;
  }
  const c = cross.calibration;
  const budget = m.budget;
  const trees = m.trees ?? null;
  const treeLine = trees === null ? '' : treeMemberLine(trees);
  const refitted = trees !== null && trees.share > 0 && typeof trees.refitTrees === 'number';
  const teacher = m.teacher ?? null;
  const teacherLine =
    teacher === null
      ? ''
      : `\n- **Distillation:** per fold, a teacher of depth-wise boosted trees (depth ${teacher.depth}, learning rate ${teacher.learningRate}, early-stopped on the fold's log loss; ${teacher.treesPerFold.join('/')} trees kept; out-of-fold AUC ${fixed(teacher.outOfFoldAuc)}) on ${teacher.columns} encoded columns. ${teacher.logitWeight === undefined ? `The fold's towers learn ${percent(1 - teacher.share)} label and ${percent(teacher.share)} teacher probability on the fold's training rows` : `On the fold's training rows, the fold's towers minimise ${Number((1 - teacher.share).toFixed(4))} × cross-entropy with the label + ${teacher.share} × ${teacher.logitWeight} × (logit − teacher logit)²${shrunkWeights(teacher.logitWeight, teacher.logitWeightPerFold)}`}, and stop on the fold's own labels. ${trees?.kind === 'depthwise' && trees.share > 0 ? 'The teachers also ship, as the tree member.' : 'The teacher does not ship.'}`;
  return `- **Cross-fitting:** ${cross.folds} fold models, each ${cross.towersPerFold} MLP tower${cross.towersPerFold > 1 ? 's' : ''} (${m.hidden.join('–')}, ReLU) and an L2 logistic regression, trained on the other folds with Adam at ${m.learningRate}, batch ${m.batchSize}, ${m.maxSteps === undefined ? '' : `at most ${m.maxSteps} optimizer steps, `}at most ${m.maxEpochs} epochs, early stopping on the own fold's ROC AUC with patience ${m.patience}, best weights kept. Best epochs: ${m.towers.map((t) => t.bestEpoch).join(', ')}.${teacherLine}${treeLine}
- The shipped model is the fold ensemble: it averages the fold models' network logits (the logistic regressions hold ${percent(m.linearShare)} of the network's part)${refitted ? ', blends them with the refitted tree member' : ''} and applies the calibration map. ${metrics.outOfSample.source === 'out-of-fold' ? `The figures below were measured on its parts: each row by the fold model that did not train on it${refitted ? ", the trees' part by that fold's own trees" : ''}.` : 'It is exactly the model the figures below were measured on.'}
- **Calibration:** ${c.method === 'platt' ? 'Platt scaling' : `isotonic regression (${c.knots} knots, linearly interpolated)`}, chosen by cross-validated log loss over the out-of-fold logits (Platt ${fixed(c.crossValidatedLogLoss.platt)}, isotonic ${fixed(c.crossValidatedLogLoss.isotonic)}); out-of-fold AUC ${fixed(cross.outOfFoldAuc)}, log loss ${fixed(cross.outOfFoldLogLoss)}.
- **Weights:** ${m.quantization?.dtype === 'uint8' ? `8-bit (TF.js uint8, per-tensor scale) for tensors of 1,024 values or more; the float32 model's ${metrics.outOfSample.source === 'out-of-fold' ? 'out-of-fold' : 'test'} AUC was ${fixed(m.quantization.unquantizedTestAuc)}` : 'float32'}.${budget !== undefined ? ` weights.bin ${(budget.weightBytes / 1000).toFixed(0)} kB; ${Math.round(budget.multiplyAddsPerCustomer).toLocaleString('en-US')} multiply-adds per customer on the sparse path (${budget.meanNonZeroCells.toFixed(1)} non-zero cells on average)${(budget.treeComparisons ?? 0) > 0 ? `, plus ${(budget.treeComparisons ?? 0).toLocaleString('en-US')} tree comparisons` : ''}${typeof budget.scoringMicrosecondsPerCustomer === 'number' ? `; scoring took ${budget.scoringMicrosecondsPerCustomer.toFixed(1)} µs a customer, measured on ${metrics.outOfSample.source === 'out-of-fold' ? 'up to 10,000 training rows' : 'the test rows'} (TF.js in Node, rows already encoded)` : ''}.` : ''} ${run}`;
}

/** The card's line on date columns, ending in a newline; empty when the spec has none. */
function datesLine(spec: PreprocessSpec): string {
  const dates = spec.inputColumns.filter((c) => c.date !== undefined);
  const first = dates[0]?.date;
  if (first === undefined) return '';
  const formats = [...new Set(dates.map((c) => c.date?.format))].join(', ');
  return `- ${dates.length} date column${dates.length === 1 ? '' : 's'} (${dates.map((c) => c.name).join(', ')}; written ${formats}) read as the days from each date to ${first.reference}, the training file's latest date; scoring counts back from the same day.\n`;
}

type TreeMemberRecord = NonNullable<ModelMetrics['model']['trees']>;

/** The card's line on the tree member: what ships, or why it was left out (empty if never fitted). */
export function treeMemberLine(trees: TreeMemberRecord): string {
  const network = fixed(trees.networkOutOfFoldAuc);
  const weighed = trees.kindsWeighed ?? [
    { kind: trees.kind ?? 'oblivious', share: trees.share, auc: 0, chosenFrom: trees.chosenFrom },
  ];
  if (trees.share === 0) {
    const bests = weighed
      .filter((w) => w.chosenFrom.length > 0)
      .map((w) => ({ kind: w.kind, ...w.chosenFrom.reduce((a, b) => (b.auc > a.auc ? b : a)) }));
    if (bests.length === 0) return '';
    if (bests.every((best) => best.share === 0)) {
      return `\n- **Tree member:** left out. Out of fold, no blend with ${bests.map((best) => KIND_NAMES[best.kind]).join(' or ')} beats the network alone's AUC ${network}.`;
    }
    const gains = bests.map((best) =>
      best.share === 0
        ? `${KIND_NAMES[best.kind]} add nothing`
        : `the best blend with ${KIND_NAMES[best.kind]} (a share of ${best.share}, AUC ${fixed(best.auc)}) adds ${(best.auc - trees.networkOutOfFoldAuc).toFixed(5)}`,
    );
    return `\n- **Tree member:** left out. Out of fold, ${gains.join(', and ')} of AUC to the network alone's ${network}, less than the ${TREE_LEAST_AUC_GAIN} trees must add: too little to pay for their comparisons on every customer scored.`;
  }
  const learnt = `learning rate ${trees.learningRate}, early-stopped on the fold's log loss; ${trees.treesPerFold.join('/')} trees kept`;
  const what =
    trees.kind === 'depthwise'
      ? `the fold's teacher above, depth-wise boosted trees of depth ${trees.depth} (${learnt}) whose splits read ${trees.columns} encoded columns`
      : `boosted oblivious trees of depth ${trees.depth} (${learnt}) on at most ${trees.columns} encoded columns (the standard scores, flags, one-hots and zero count that vary in the most rows)`;
  const others = weighed.filter((w) => w.kind !== (trees.kind ?? 'oblivious'));
  const over =
    others.length === 0
      ? ''
      : ` They were chosen over ${others.map((w) => `${KIND_NAMES[w.kind]}, whose blend ${w.share === 0 ? 'would not pay' : `at a share of ${w.share} reaches AUC ${fixed(w.auc)}`}`).join(' and ')}.`;
  const refit =
    trees.refitTrees === undefined || trees.refitTrees === null
      ? ''
      : ` What ships in the fold models' place is one model of the same kind and options boosted on every development row for ${trees.refitTrees} trees (a multiple of the fold models' mean, at most tree-max).`;
  const alone =
    refit === ''
      ? 'the trees alone as shipped (leaves as the model file stores them)'
      : "the fold models' trees alone (leaves on the model file's grid)";
  return `\n- **Tree member:** per fold, ${what}.${refit} Out of fold, ${alone} reach AUC ${fixed(trees.outOfFoldAuc)} and the network ${network}; the trees hold ${percent(trees.share)} of the blended logit${trees.chosenFrom.length > 0 ? `, the share with the best out-of-fold AUC among ${trees.chosenFrom.map((s) => `${s.share} (${fixed(s.auc)})`).join(', ')}` : ''}.${over}`;
}

const KIND_NAMES: Readonly<Record<'oblivious' | 'depthwise', string>> = {
  oblivious: 'the oblivious trees',
  depthwise: "the teachers' depth-wise trees",
};
