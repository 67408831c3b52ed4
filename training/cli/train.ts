/** npm run train -- --data <csv|csv.gz> --out <dir> …: trains, evaluates and exports a model. */
import { availableParallelism } from 'node:os';
import { DEFAULT_NETWORK } from '../../src/model/network';
import {
  integerFlag,
  numberFlag,
  parseFlags,
  runCli,
  usage,
  UsageError,
  type FlagSpec,
} from '../lib/cliArgs';
import { renderSummary } from '../lib/modelCard';
import { writeModelDir } from '../lib/modelDir';
import { PAYOFF_FLAGS, payoffsFrom } from '../lib/payoffFlags';
import { createProgress } from '../lib/progress';
import { runTraining } from '../lib/trainPipeline';

const FLAGS = {
  data: { type: 'string', help: 'Labelled customers, CSV or CSV.GZ (required)' },
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
  seed: { type: 'string', help: 'Seed for splits, initial weights and shuffles', default: '42' },
  towers: { type: 'string', help: 'MLP towers in the ensemble', default: '3' },
  hidden: {
    type: 'string',
    help: 'Hidden layer widths of a tower, comma-separated',
    default: DEFAULT_NETWORK.hidden.join(','),
  },
  'learning-rate': { type: 'string', help: 'Adam learning rate', default: '0.0003' },
  'batch-size': { type: 'string', help: 'Rows per training batch', default: '512' },
  epochs: {
    type: 'string',
    help: 'Most epochs per tower (early stopping usually ends sooner)',
    default: '60',
  },
  patience: {
    type: 'string',
    help: 'Epochs without a better validation AUC before stopping',
    default: '8',
  },
  'test-fraction': {
    type: 'string',
    help: 'Share of rows held out for the reported test figures',
    default: '0.15',
  },
  'validation-fraction': {
    type: 'string',
    help: 'Share of the remaining rows for early stopping and the threshold',
    default: '0.15',
  },
  threads: {
    type: 'string',
    help: 'Worker threads training towers in parallel',
    default: String(Math.min(2, availableParallelism())),
  },
  ...PAYOFF_FLAGS,
} as const satisfies Record<string, FlagSpec>;

const USAGE = usage(
  'npm run train -- --data <csv|csv.gz> --out <dir> [flags]',
  'Trains the churn model, chooses the profit-maximising threshold on validation rows, reports test figures and\nexports model.json, weights.bin, preprocess.json, metrics.json and MODEL_CARD.md.',
  FLAGS,
);

runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags === null) {
    console.log(USAGE);
    return;
  }
  if (flags.data === undefined) throw new UsageError('--data is required');
  const hidden = (flags.hidden ?? '')
    .split(',')
    .map((w) => integerFlag('hidden', w.trim(), 1, 4096));
  const out = flags.out ?? 'artifacts/model';
  const progress = createProgress(process.stderr);
  const outcome = await runTraining(
    {
      dataPath: flags.data,
      idColumn: flags.id ?? 'ID',
      targetColumn: flags.target ?? 'TARGET',
      positive: flags.positive,
      exclude: flags.exclude,
      seed: integerFlag('seed', flags.seed, 0, 2 ** 31),
      towers: integerFlag('towers', flags.towers, 1, 32),
      network: { ...DEFAULT_NETWORK, hidden },
      learningRate: numberFlag('learning-rate', flags['learning-rate'], 1e-6, 1),
      batchSize: integerFlag('batch-size', flags['batch-size'], 1, 1 << 16),
      maxEpochs: integerFlag('epochs', flags.epochs, 1, 10000),
      patience: integerFlag('patience', flags.patience, 1, 10000),
      testFraction: numberFlag('test-fraction', flags['test-fraction'], 0.01, 0.9),
      validationFraction: numberFlag(
        'validation-fraction',
        flags['validation-fraction'],
        0.01,
        0.9,
      ),
      payoffs: payoffsFrom(flags),
      threads: integerFlag('threads', flags.threads, 1, 64),
    },
    progress,
  );
  progress.done();
  if (outcome.issues.length > 0) {
    console.log(`${outcome.issues.length} row(s) skipped:`);
    for (const issue of outcome.issues.slice(0, 10)) {
      console.log(
        `  row ${issue.row} (line ${issue.line})${issue.column !== null ? `, column ${issue.column}` : ''}: ${issue.reason}`,
      );
    }
    if (outcome.issues.length > 10) console.log(`  … and ${outcome.issues.length - 10} more`);
  }
  await writeModelDir(out, outcome.model, outcome.spec, outcome.metrics, outcome.card);
  console.log(renderSummary(outcome.metrics));
  console.log(
    `\nModel written to ${out}/ (model.json, weights.bin, preprocess.json, metrics.json, MODEL_CARD.md).`,
  );
  if (process.env['MLFLOW_TRACKING_URI'] === undefined) {
    console.log('Tracking is off: set MLFLOW_TRACKING_URI to log this run to MLflow.');
  }
}, USAGE);
