/**
 * npm run bench:model -- --screen-trees: a quick screen of the tree member alone, before a change
 * to its boosting goes to the churn suite (hours). For each outer fold of the suite's first
 * repeat, the other folds are treated as `npm run train` treats its file (its test share held
 * out, none by default, the spec fitted on the rest, five cross-fitting folds); each variant boosts one tree model per
 * cross-fitting fold, and their average (the member as it ships) scores the outer fold. With
 * --refit F it also boosts one model on every development row for F × the folds' mean tree count.
 *
 *   npm run bench:model -- --screen-trees --sets powerco,ecommerce
 *     --variants '[{}, {"depth": 6}, {"depth": 6, "patience": 10}]' [--refit 1.1]
 *
 * A variant overrides the default boosting options (treeBoosting.ts's DEFAULT_BOOSTING). It
 * screens: towers, blend, calibration and threshold are left out, so only the suite judges a
 * default. Unlike the suite and `npm run train`, it reads the whole file once (so column kinds
 * are decided with the held fold in view, and the outer folds equal the suite's only when the
 * reader keeps every row), and it scores the averaged leaves unquantised.
 */
import { parseArgs } from 'node:util';
import { logLoss, rocAuc } from '../../../../src/core/metrics';
import { averageTrees, treeCount, treeLogits } from '../../../../src/core/scoring';
import { DEFAULT_TRAINING, encodeRows, planFolds, readLabelledFile } from '../../../lib/pipeline';
import { stratifiedFolds, stratifiedSplit } from '../../../lib/split';
import { boostTrees, DEFAULT_BOOSTING, type BoostingOptions } from '../../../lib/treeBoosting';
import { boostFolds, DEFAULT_TREE_MEMBER, treeInputs } from '../../../lib/treeMember';
import { CHURN_SUITE } from '../churnSuite';
import { SUITE_FOLD_SEED, SUITE_FOLDS } from '../suite/suiteData';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--screen-trees'),
  options: {
    sets: { type: 'string' },
    variants: { type: 'string', default: '[{}]' },
    refit: { type: 'string', default: '0' },
  },
});
const variants = JSON.parse(values.variants) as Partial<Omit<BoostingOptions, 'seed'>>[];
const refit = Number(values.refit);
const wanted = values.sets?.split(',');
const sets = CHURN_SUITE.filter((set) => wanted === undefined || wanted.includes(set.name));
const seed = DEFAULT_TRAINING.seed;
const quiet = { stage() {}, epoch() {} };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

console.log(
  '| file | variant | AUC | log loss | refit AUC | refit log loss | trees a fold (min–max) | s |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const set of sets) {
  const file = await readLabelledFile(
    {
      dataPath: set.path,
      idColumn: set.id,
      targetColumn: set.target,
      exclude: set.exclude,
      positive: set.positive,
    },
    quiet,
  );
  const { table, labels } = file;
  const outer = stratifiedFolds(labels, SUITE_FOLDS, SUITE_FOLD_SEED);
  const all = Uint32Array.from(labels.keys());
  for (const variant of variants) {
    const options = { ...DEFAULT_BOOSTING, ...variant };
    const averaged = new Float64Array(labels.length);
    const refitted = new Float64Array(labels.length);
    const counts: number[] = [];
    const started = Date.now();
    for (let fold = 0; fold < SUITE_FOLDS; fold++) {
      const held = all.filter((row) => outer[row] === fold);
      const { kept: development } = stratifiedSplit(
        labels,
        DEFAULT_TRAINING.testFraction,
        seed,
        all.filter((row) => outer[row] !== fold),
      );
      const encoded = encodeRows(table, labels.length, development, {
        idColumn: set.id,
        target: file.target,
      });
      const plan = planFolds(labels, development, DEFAULT_TRAINING.folds, seed + 1);
      const bins = treeInputs(
        encoded.spec,
        encoded.matrix,
        encoded.width,
        development,
        DEFAULT_TREE_MEMBER,
      );
      const models = await boostFolds(bins, labels, plan.folds, options, seed);
      counts.push(...models.map(treeCount));
      const logits = treeLogits(averageTrees(models), encoded.matrix, encoded.width, held);
      held.forEach((row, i) => (averaged[row] = sigmoid(logits[i] ?? 0)));
      if (refit > 0) {
        const trees = Math.round(mean(models.map(treeCount)) * refit);
        const one = boostTrees(bins, labels, development, new Uint32Array(0), {
          ...options,
          maxTrees: Math.max(trees, 1),
          seed: seed * 7919,
        });
        const z = treeLogits(one.model, encoded.matrix, encoded.width, held);
        held.forEach((row, i) => (refitted[row] = sigmoid(z[i] ?? 0)));
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const refitCells =
      refit > 0
        ? [rocAuc(refitted, labels).toFixed(4), logLoss(refitted, labels).toFixed(4)]
        : ['', ''];
    console.log(
      `| ${set.name} | \`${JSON.stringify(variant)}\` | ${rocAuc(averaged, labels).toFixed(4)} | ${logLoss(averaged, labels).toFixed(4)} | ${refitCells.join(' | ')} | ${mean(counts).toFixed(0)} (${Math.min(...counts)}–${Math.max(...counts)}) | ${seconds.toFixed(0)} |`,
    );
  }
}
