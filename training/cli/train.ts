/** npm run train -- --data <csv|csv.gz> --out <dir> …: trains, evaluates and exports a model. */
import { availableParallelism } from 'node:os';
import { integerFlag, numberFlag, defineCli, UsageError, type FlagSpec } from '../lib/cliArgs';
import { RECIPE_SETTINGS, readRecipe } from '../lib/recipeSettings';
import { columnKey, describeColumnLabelProblem } from '../../src/core/records';
import { readDictionary } from '../lib/dictionaryFile';
import { renderSummary } from '../lib/modelCard';
import { issueLine } from '../lib/format';
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
    help: "A numeric column holding each customer's value in R$: out-of-sample.json records it for the rows the figures come from, and the app compares contacting by value with contacting by probability on them",
  },
  seed: {
    type: 'string',
    help: 'Seed for splits, initial weights and shuffles',
    default: String(DEFAULT_TRAINING.seed),
  },
  'test-fraction': {
    type: 'string',
    help: "Share of rows held out of training for the reported figures; 0: every row trains, and the figures are each row's out of fold",
    default: String(DEFAULT_TRAINING.testFraction),
  },
  config: {
    type: 'string',
    help: `A JSON file of recipe settings for experiments, e.g. {"towers": 1, "epochs": 8}; its keys: ${Object.keys(RECIPE_SETTINGS).join(', ')}`,
  },
  threads: {
    type: 'string',
    help: 'Worker threads training towers in parallel (above 1, the tree member and its refit boost on one more)',
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

defineCli(
  'npm run train -- --data <csv|csv.gz> --out <dir> [flags]',
  'Trains the churn model by cross-fitting, calibrates it and chooses the profit-maximising threshold out of fold, reports out-of-sample figures and\nexports model.json, weights.bin, preprocess.json, metrics.json, out-of-sample.json and MODEL_CARD.md.',
  FLAGS,
  async (flags) => {
    const settings = readRecipe(flags.config);
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
      testFraction: numberFlag('test-fraction', flags['test-fraction'], 0, 0.9),
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
        console.log(issueLine(issue));
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
      `\nModel written to ${out}/ (model.json, weights.bin, preprocess.json, metrics.json, out-of-sample.json, MODEL_CARD.md, segments.json; model.onnx and MLmodel make it an MLflow model too).`,
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
