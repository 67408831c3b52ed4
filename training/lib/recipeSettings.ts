/**
 * The training recipe's settings: what the default training chooses, changed only by experiments
 * through a configuration file (`--config trial.json`), never on the command line. `npm run train`
 * and `npm run bench:model` read them the same way.
 */
import { DEFAULT_NETWORK } from '../../src/model/network';
import {
  allOrIntegerFlag,
  choiceFlag,
  integerFlag,
  numberFlag,
  settingName,
  type FlagSpec,
  type FlagValues,
} from './cliArgs';
import { DEFAULT_TRAINING, type TrainingConfig } from './pipeline';
import { inSettingsFile, readSettingsFile } from './settingsFile';

/** Each setting's help, default and flag rules. */
export const RECIPE_SETTINGS = {
  folds: {
    type: 'string',
    help: 'Fold models of the cross-fitting (each early-stopped on its own held-out fold)',
    default: String(DEFAULT_TRAINING.folds),
  },
  towers: {
    type: 'string',
    help: 'MLP towers per fold model',
    default: String(DEFAULT_TRAINING.towers),
  },
  hidden: {
    type: 'string',
    help: 'Hidden layer widths of a tower, comma-separated',
    default: DEFAULT_NETWORK.hidden.join(','),
  },
  'learning-rate': {
    type: 'string',
    help: 'Adam learning rate',
    default: String(DEFAULT_TRAINING.learningRate),
  },
  'batch-size': {
    type: 'string',
    help: 'Rows per training batch',
    default: String(DEFAULT_TRAINING.batchSize),
  },
  epochs: {
    type: 'string',
    help: `Most epochs per tower: "auto" caps each tower at ${DEFAULT_TRAINING.maxSteps} optimizer steps, whatever the file's size (early stopping usually ends sooner)`,
    default: 'auto',
  },
  patience: {
    type: 'string',
    help: 'Epochs without a better validation AUC before stopping',
    default: String(DEFAULT_TRAINING.patience),
  },
  'linear-share': {
    type: 'string',
    help: 'Share of a logistic regression (same inputs) in the ensemble logit; 0 leaves it out',
    default: String(DEFAULT_TRAINING.linearShare),
  },
  'tree-share': {
    type: 'string',
    help: 'Share of the boosted-tree member in the ensemble logit: "auto" (chosen on the out-of-fold logits) or 0 … 1; 0 leaves trees out, 1 the trees alone',
    default: String(DEFAULT_TRAINING.trees.share),
  },
  'tree-depth': {
    type: 'string',
    help: 'Levels of each oblivious tree',
    default: String(DEFAULT_TRAINING.trees.boosting.depth),
  },
  'tree-columns': {
    type: 'string',
    help: 'Most encoded columns the tree member reads (each costs the sparse path what a first-layer unit does)',
    default: String(DEFAULT_TRAINING.trees.columns),
  },
  'tree-max': {
    type: 'string',
    help: "Most trees of each fold's tree member (early stopping on the fold usually ends sooner)",
    default: String(DEFAULT_TRAINING.trees.boosting.maxTrees),
  },
  'tree-learning-rate': {
    type: 'string',
    help: 'Shrinkage of each tree of the tree member',
    default: String(DEFAULT_TRAINING.trees.boosting.learningRate),
  },
  'tree-refit': {
    type: 'string',
    help: "What ships as an oblivious tree member: 0, the fold models averaged; F > 0, one model boosted on every development row for F × the fold models' mean tree count (the depth-wise teachers ship averaged)",
    default: String(DEFAULT_TRAINING.trees.refit),
  },
  'distil-share': {
    type: 'string',
    help: "Weight of the depth-wise tree teacher in the towers' training targets (0 … 1; 0: the towers learn the labels alone)",
    default: String(DEFAULT_TRAINING.distillation.share),
  },
  'distil-logit-weight': {
    type: 'string',
    help: "Nats per squared logit of gap between a tower and its teacher, in the teacher's share of the loss",
    default: String(DEFAULT_TRAINING.distillation.logitWeight),
  },
  'distil-spread-cap': {
    type: 'string',
    help: "Variance of a teacher's logits above which the gap's weight shrinks in proportion (0: never)",
    default: String(DEFAULT_TRAINING.distillation.logitSpreadCap),
  },
  'teacher-trees': {
    type: 'string',
    help: "Most trees of each fold's teacher (early stopping on the fold usually ends sooner)",
    default: String(DEFAULT_TRAINING.distillation.boosting.maxTrees),
  },
  'teacher-columns': {
    type: 'string',
    help: 'Most encoded columns the teacher reads, or "all"; where the teachers ship as the tree member, each column costs the sparse path a first-layer unit',
    default: String(DEFAULT_TRAINING.distillation.columns),
  },
  'teacher-min-hessian': {
    type: 'string',
    help: 'Least hessian on each side of a teacher split: "auto" (10 or 1, whichever gives fold 1\'s teacher the lower held-out log loss) or a number',
    default: 'auto',
  },
  quantize: {
    type: 'string',
    help: 'uint8: ship large weight tensors as 8-bit; none: float32',
    default: 'uint8',
  },
} as const satisfies Record<string, FlagSpec>;

/** The recipe's part of the training config, read from its settings (flag rules, flag names). */
function recipeFromSettings(recipe: FlagValues<typeof RECIPE_SETTINGS>) {
  const hidden = recipe.hidden
    .split(',')
    .map((w) => integerFlag(settingName('hidden'), w.trim(), 1, 4096));
  return {
    folds: integerFlag(settingName('folds'), recipe.folds, 2, 20),
    towers: integerFlag(settingName('towers'), recipe.towers, 1, 32),
    network: { hidden },
    learningRate: numberFlag(settingName('learning-rate'), recipe['learning-rate'], 1e-6, 1),
    batchSize: integerFlag(settingName('batch-size'), recipe['batch-size'], 1, 1 << 16),
    maxSteps: DEFAULT_TRAINING.maxSteps,
    maxEpochs:
      recipe.epochs === 'auto' ? null : integerFlag(settingName('epochs'), recipe.epochs, 1, 10000),
    patience: integerFlag(settingName('patience'), recipe.patience, 1, 10000),
    quantize: choiceFlag(settingName('quantize'), recipe.quantize, ['uint8', 'none']) === 'uint8',
    linearShare: numberFlag(settingName('linear-share'), recipe['linear-share'], 0, 0.99),
    trees: {
      ...DEFAULT_TRAINING.trees,
      share:
        recipe['tree-share'] === 'auto'
          ? ('auto' as const)
          : numberFlag(settingName('tree-share'), recipe['tree-share'], 0, 1),
      columns: integerFlag(settingName('tree-columns'), recipe['tree-columns'], 1, 4096),
      refit: numberFlag(settingName('tree-refit'), recipe['tree-refit'], 0, 10),
      boosting: {
        ...DEFAULT_TRAINING.trees.boosting,
        depth: integerFlag(settingName('tree-depth'), recipe['tree-depth'], 1, 10),
        maxTrees: integerFlag(settingName('tree-max'), recipe['tree-max'], 1, 10000),
        learningRate: numberFlag(
          settingName('tree-learning-rate'),
          recipe['tree-learning-rate'],
          1e-4,
          1,
        ),
      },
    },
    distillation: {
      ...DEFAULT_TRAINING.distillation,
      share: numberFlag(settingName('distil-share'), recipe['distil-share'], 0, 1),
      logitWeight: numberFlag(
        settingName('distil-logit-weight'),
        recipe['distil-logit-weight'],
        1e-6,
        100,
      ),
      logitSpreadCap: numberFlag(
        settingName('distil-spread-cap'),
        recipe['distil-spread-cap'],
        0,
        1e6,
      ),
      columns: allOrIntegerFlag(settingName('teacher-columns'), recipe['teacher-columns'], 1, 4096),
      minChildHessians:
        recipe['teacher-min-hessian'] === 'auto'
          ? DEFAULT_TRAINING.distillation.minChildHessians
          : [numberFlag(settingName('teacher-min-hessian'), recipe['teacher-min-hessian'], 0, 1e6)],
      boosting: {
        ...DEFAULT_TRAINING.distillation.boosting,
        maxTrees: integerFlag(settingName('teacher-trees'), recipe['teacher-trees'], 1, 10000),
      },
    },
  } satisfies Partial<TrainingConfig>;
}

/**
 * The recipe in a configuration file (the defaults when `path` is undefined). A bad file or value is
 * a usage error that names the file and the setting.
 */
export function readRecipe(path: string | undefined) {
  const settings = readSettingsFile(path, RECIPE_SETTINGS);
  return inSettingsFile(path, () => recipeFromSettings(settings));
}

/**
 * Whether the configuration file at `path` resolves to the default recipe: every setting it gives
 * is the default's value (an empty file is). A bad file or value throws as readRecipe does.
 */
export function recipeIsDefault(path: string): boolean {
  return JSON.stringify(readRecipe(path)) === JSON.stringify(readRecipe(undefined));
}

/** What a recipe sets in the training config. */
export type Recipe = ReturnType<typeof readRecipe>;
