/** npm run train -- --data <csv|csv.gz> --out <dir> …: trains, evaluates and exports a model. */
import { availableParallelism } from 'node:os';
import { DEFAULT_NETWORK } from '../../src/model/network';
import {
  allOrIntegerFlag,
  choiceFlag,
  integerFlag,
  numberFlag,
  settingName,
  defineCli,
  UsageError,
  type FlagSpec,
  type FlagValues,
} from '../lib/cliArgs';
import { inSettingsFile, readSettingsFile } from '../lib/settingsFile';
import { columnKey, describeColumnLabelProblem } from '../../src/core/records';
import { readDictionary } from '../lib/dictionaryFile';
import { renderSummary } from '../lib/modelCard';
import { writeModelDir } from '../lib/modelDir';
import { PAYOFF_FLAGS, payoffsFrom } from '../lib/payoffFlags';
import { createProgress } from '../lib/progress';
import { basename } from 'node:path';
import {
  DEFAULT_TRAINING,
  runTraining,
  type TrainingConfig,
  type TrainingOutcome,
} from '../lib/pipeline';
import { mlflowOptionsFromEnv, MlflowUnavailableError } from '../tracking/mlflowClient';
import { TrainingTracker } from '../tracking/tracker';

/**
 * The recipe's settings: what the default training chooses, changed only by experiments, through a
 * configuration file (--config trial.json) and never on the command line.
 */
const RECIPE_SETTINGS = {
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
    help: 'Share of the boosted-tree member in the ensemble logit: "auto" (chosen on the out-of-fold logits) or 0 … 0.9; 0 leaves trees out',
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
    help: 'Most encoded columns the teacher reads, or "all" (the teacher does not ship: no budget binds it)',
    default: String(DEFAULT_TRAINING.distillation.columns),
  },
  quantize: {
    type: 'string',
    help: 'uint8: ship large weight tensors as 8-bit; none: float32',
    default: 'uint8',
  },
} as const satisfies Record<string, FlagSpec>;

const FLAGS = {
  data: { type: 'string', help: 'Labelled customers, CSV or CSV.GZ (required)', required: true },
  out: { type: 'string', help: 'Directory to write the model into', default: 'artifacts/model' },
  id: { type: 'string', help: 'ID column', default: 'ID' },
  target: { type: 'string', help: 'Target column', default: 'TARGET' },
  positive: {
    type: 'string',
    help: 'Target value of a churner (0/1, Yes/No and true/false are understood)',
  },
  exclude: {
    type: 'string',
    multiple: true,
    help: 'Column to leave out, e.g. one that leaks the target (repeatable)',
  },
  labels: {
    type: 'string',
    help: 'A data dictionary, CSV "column,label": readable column names the app shows in contributions, segments and contact lists',
  },
  'value-column': {
    type: 'string',
    help: "A numeric column holding each customer's value in R$: metrics.json records it for the test rows, and the app compares contacting by value with contacting by probability on them",
  },
  seed: {
    type: 'string',
    help: 'Seed for splits, initial weights and shuffles',
    default: String(DEFAULT_TRAINING.seed),
  },
  'test-fraction': {
    type: 'string',
    help: 'Share of rows held out for the reported test figures',
    default: String(DEFAULT_TRAINING.testFraction),
  },
  config: {
    type: 'string',
    help: `A JSON file of recipe settings for experiments, e.g. {"towers": 1, "epochs": 8}; its keys: ${Object.keys(RECIPE_SETTINGS).join(', ')}`,
  },
  threads: {
    type: 'string',
    help: 'Worker threads training towers in parallel',
    default: String(Math.min(2, availableParallelism())),
  },
  ...PAYOFF_FLAGS,
  experiment: {
    type: 'string',
    help: 'MLflow experiment to log the run in (when MLFLOW_TRACKING_URI is set)',
    default: 'retem-churn',
  },
  'run-name': { type: 'string', help: 'MLflow run name (default: the data file and the seed)' },
  'register-name': {
    type: 'string',
    help: 'MLflow registered model to add a version to; "" skips registration',
    default: 'retem-churn',
  },
  'require-tracking': {
    type: 'boolean',
    help: 'Fail instead of training untracked when MLflow is unreachable',
  },
} as const satisfies Record<string, FlagSpec>;

/** MLflow was configured but the run could not be logged; the local model is intact. */
class TrackingError extends Error {
  override readonly name = 'TrackingError';
}

/**
 * Starts an MLflow run when MLFLOW_TRACKING_URI is set. A server that is down means training goes on
 * untracked (or fails with --require-tracking); wrong credentials always fail.
 */
async function startTracking(
  config: TrainingConfig,
  options: { experiment: string; registerName: string | null; runName: string; require: boolean },
): Promise<TrainingTracker | null> {
  const clientOptions = mlflowOptionsFromEnv();
  if (clientOptions === null) {
    if (options.require) throw new UsageError('--require-tracking needs MLFLOW_TRACKING_URI');
    console.log('Tracking is off: set MLFLOW_TRACKING_URI to log this run to MLflow.');
    return null;
  }
  try {
    const tracker = await TrainingTracker.start(clientOptions, options);
    console.log(
      `MLflow: logging run ${tracker.run.run_id} for ${basename(config.dataPath)} to ${clientOptions.trackingUri}`,
    );
    return tracker;
  } catch (error) {
    if (error instanceof MlflowUnavailableError && !options.require) {
      console.log(
        `${error.message}. Training locally without tracking (--require-tracking would stop here).`,
      );
      return null;
    }
    throw error;
  }
}

/** The recipe's part of the training config, read from its settings (flag rules, flag names). */
function recipeOf(recipe: FlagValues<typeof RECIPE_SETTINGS>) {
  const hidden = recipe.hidden
    .split(',')
    .map((w) => integerFlag(settingName('hidden'), w.trim(), 1, 4096));
  return {
    folds: integerFlag(settingName('folds'), recipe.folds, 2, 20),
    towers: integerFlag(settingName('towers'), recipe.towers, 1, 32),
    network: { ...DEFAULT_NETWORK, hidden },
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
          : numberFlag(settingName('tree-share'), recipe['tree-share'], 0, 0.9),
      columns: integerFlag(settingName('tree-columns'), recipe['tree-columns'], 1, 4096),
      boosting: {
        ...DEFAULT_TRAINING.trees.boosting,
        depth: integerFlag(settingName('tree-depth'), recipe['tree-depth'], 1, 10),
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
      boosting: {
        ...DEFAULT_TRAINING.distillation.boosting,
        maxTrees: integerFlag(settingName('teacher-trees'), recipe['teacher-trees'], 1, 10000),
      },
    },
  } satisfies Partial<TrainingConfig>;
}

defineCli(
  'npm run train -- --data <csv|csv.gz> --out <dir> [flags]',
  'Trains the churn model by cross-fitting, calibrates it and chooses the profit-maximising threshold out of fold, reports test figures and\nexports model.json, weights.bin, preprocess.json, metrics.json and MODEL_CARD.md.',
  FLAGS,
  async (flags) => {
    const recipe = readSettingsFile(flags.config, RECIPE_SETTINGS);
    const settings = inSettingsFile(flags.config, () => recipeOf(recipe));
    const out = flags.out;
    const config: TrainingConfig = {
      dataPath: flags.data,
      idColumn: columnKey(flags.id),
      targetColumn: columnKey(flags.target),
      positive: flags.positive,
      exclude: flags.exclude.map(columnKey),
      ...(flags.labels === undefined ? {} : { dictionary: await readDictionary(flags.labels) }),
      ...(flags['value-column'] === undefined
        ? {}
        : { valueColumn: columnKey(flags['value-column']) }),
      seed: integerFlag('seed', flags.seed, 0, 2 ** 31),
      ...settings,
      testFraction: numberFlag('test-fraction', flags['test-fraction'], 0.01, 0.9),
      payoffs: payoffsFrom(flags),
      threads: integerFlag('threads', flags.threads, 1, 64),
    };
    const tracker = await startTracking(config, {
      experiment: flags.experiment,
      registerName: flags['register-name'] === '' ? null : flags['register-name'],
      runName: flags['run-name'] ?? `${basename(config.dataPath)} seed ${config.seed}`,
      require: flags['require-tracking'],
    });

    const progress = createProgress(process.stderr);
    let outcome: TrainingOutcome;
    try {
      outcome = await runTraining(config, progress);
    } catch (error) {
      await tracker?.fail();
      throw error;
    }
    progress.done();
    if (outcome.dictionaryProblems.length > 0) {
      console.log(`${flags.labels ?? ''}: ${outcome.dictionaryProblems.length} line(s) not taken:`);
      for (const problem of outcome.dictionaryProblems.slice(0, 10)) {
        console.log(`  ${describeColumnLabelProblem(problem)}`);
      }
    }
    if (outcome.issues.length > 0) {
      console.log(`${outcome.issues.length} row(s) skipped:`);
      for (const issue of outcome.issues.slice(0, 10)) {
        console.log(
          `  row ${issue.row} (line ${issue.line})${issue.column !== null ? `, column ${issue.column}` : ''}: ${issue.reason}`,
        );
      }
      if (outcome.issues.length > 10) console.log(`  … and ${outcome.issues.length - 10} more`);
    }
    await writeModelDir(
      out,
      outcome.model,
      outcome.spec,
      outcome.metrics,
      outcome.card,
      outcome.files,
      outcome.segments,
    );
    console.log(renderSummary(outcome.metrics));
    console.log(
      `\nModel written to ${out}/ (model.json, weights.bin, preprocess.json, metrics.json, MODEL_CARD.md, segments.json; model.onnx and MLmodel make it an MLflow model too).`,
    );
    if (tracker !== null) {
      try {
        await tracker.finish(outcome, config, out, (line) => {
          console.log(line);
        });
      } catch (error) {
        const marked = await tracker.fail();
        throw new TrackingError(
          `logging to MLflow failed: ${(error as Error).message}. The model is kept locally in ${out}/; ` +
            `run ${tracker.run.run_id} ${marked ? 'was marked FAILED' : 'could not be marked FAILED'}; no version was registered.`,
        );
      }
    }
  },
);
