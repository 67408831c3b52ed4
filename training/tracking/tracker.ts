/**
 * What a training run tells MLflow: params, per-epoch and final metrics, the model card, the model
 * directory with an MLmodel file, plots, a registered version, and the champion alias when the new
 * version earns more on the same customers out of sample than the current champion.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { readModelDir } from '../lib/modelDir';
import { candidateProfit, profitsOnSameRows } from './championComparison';
import type { TrainingConfig, TrainingOutcome } from '../lib/pipeline';
import { MlflowClient, type Metric, type MlflowClientOptions, type RunInfo } from './mlflowClient';
import { profitCurvePng, rocPng } from './plots';
import {
  downloadVersion,
  MLFLOW_MODEL_DIR_FILES,
  MODEL_DIR_FILES,
  OPTIONAL_MODEL_DIR_FILES,
} from './registry';
import { mlmodelText } from '../exports/mlflow/mlflowModel';

export interface TrackingOptions {
  readonly experiment: string;
  /** Registered model name; null skips registration. */
  readonly registerName: string | null;
  readonly runName: string;
}

export interface TrackingResult {
  readonly runId: string;
  readonly experimentId: string;
  readonly version: string | null;
  readonly promoted: boolean;
  /** Why the champion alias moved or did not. */
  readonly decision: string;
}

/** Git commit of the working tree, or undefined outside a checkout. */
function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** A run in progress. Created before training so that a crash can be recorded as FAILED. */
export class TrainingTracker {
  private constructor(
    readonly client: MlflowClient,
    readonly run: RunInfo,
    private readonly options: TrackingOptions,
  ) {}

  /** Creates the experiment if needed and a RUNNING run. Throws MlflowUnavailableError when down. */
  static async start(
    clientOptions: MlflowClientOptions,
    options: TrackingOptions,
  ): Promise<TrainingTracker> {
    const client = new MlflowClient(clientOptions);
    const experiment = await client.getOrCreateExperiment(options.experiment, {
      'mlflow.experimentKind': 'custom_model_development',
    });
    const commit = gitCommit();
    const run = await client.createRun(experiment.experiment_id, options.runName, {
      'mlflow.user': userInfo().username,
      'mlflow.source.name': 'training/cli/train.ts',
      'mlflow.source.type': 'LOCAL',
      ...(commit !== undefined ? { 'mlflow.source.git.commit': commit } : {}),
    });
    return new TrainingTracker(client, run, options);
  }

  /** Marks the run FAILED; never throws (the server may be the reason for the failure). */
  async fail(): Promise<boolean> {
    try {
      await this.client.updateRun(this.run.run_id, 'FAILED');
      return true;
    } catch {
      return false;
    }
  }

  /** Logs everything about a finished training whose model directory is at modelDir. */
  async finish(
    outcome: TrainingOutcome,
    config: TrainingConfig,
    modelDir: string,
    say: (line: string) => void,
  ): Promise<TrackingResult> {
    const { client, run } = this;
    const runId = run.run_id;
    const m = outcome.metrics;
    await client.logBatch(runId, {
      params: paramsOf(config, outcome),
      tags: {
        'mlflow.note.content': outcome.card,
        'retem.schema_hash': outcome.spec.schemaHash,
        'retem.dataset_hash': m.data.hash,
      },
    });
    await client.logBatch(runId, { metrics: [...epochMetrics(outcome), ...finalMetrics(outcome)] });

    // Artifacts: the model directory with its MLmodel file, then the plots.
    const serverVersion = await this.serverVersion();
    const mlmodel = await mlmodelText({
      spec: outcome.spec,
      threshold: m.threshold.threshold,
      runId,
      mlflowVersion: serverVersion,
    });
    const modelFiles = [...MODEL_DIR_FILES, ...MLFLOW_MODEL_DIR_FILES, ...OPTIONAL_MODEL_DIR_FILES];
    for (const file of modelFiles) {
      if (!existsSync(join(modelDir, file))) continue;
      await client.uploadArtifact(
        run.artifact_uri,
        `model/${file}`,
        await readFile(join(modelDir, file)),
      );
    }
    await client.uploadArtifact(
      run.artifact_uri,
      'model/MLmodel',
      new TextEncoder().encode(mlmodel),
    );
    const scores = m.outOfSample.scores;
    const labels = m.outOfSample.labels;
    await client.uploadArtifact(
      run.artifact_uri,
      'plots/profit_curve.png',
      await profitCurvePng(scores, labels, m.payoffs, m.threshold.threshold),
    );
    await client.uploadArtifact(
      run.artifact_uri,
      'plots/roc.png',
      await rocPng(scores, labels, m.test.auc),
    );

    // MLflow 3: the same files as a LoggedModel linked to the run, where the server has them.
    let source = `${run.artifact_uri}/model`;
    const logged = await client.createLoggedModel(run.experiment_id, 'retem-churn', runId);
    if (logged !== null) {
      for (const file of modelFiles) {
        await client.uploadArtifact(
          logged.artifact_uri,
          file,
          await readFile(join(modelDir, file)),
        );
      }
      await client.uploadArtifact(
        logged.artifact_uri,
        'MLmodel',
        new TextEncoder().encode(mlmodel),
      );
      await client.finalizeLoggedModel(logged.model_id);
      await client.logRunOutput(runId, logged.model_id);
      source = `models:/${logged.model_id}`;
    }

    const comparisonProfit = candidateProfit(outcome);
    let version: string | null = null;
    let promoted = false;
    let decision = 'not registered (no --register-name)';
    const name = this.options.registerName;
    if (name !== null) {
      if (await client.hasRegistry()) {
        // Registered only now: every file is uploaded, so a version never points at a partial model.
        await client.createRegisteredModel(
          name,
          'Retém churn model: TF.js MLP ensemble, profit-optimal threshold',
        );
        const created = await client.createModelVersion(name, source, runId, {
          out_of_sample_profit: String(comparisonProfit),
          schema_hash: outcome.spec.schemaHash,
          dataset_hash: m.data.hash,
        });
        const ready = await client.waitForModelVersion(name, created.version);
        version = ready.version;
        ({ promoted, decision } = await this.decideChampion(name, outcome, comparisonProfit));
        if (promoted) await client.setAlias(name, 'champion', version);
      } else {
        // Servers without a registry (some hosted ones): the run's artifacts and tags stand in.
        decision =
          'the server has no model registry: the model stays as run artifacts, tagged retem.candidate';
        await client.logBatch(runId, {
          tags: { 'retem.candidate': name, 'retem.out_of_sample_profit': String(comparisonProfit) },
        });
      }
    }
    await client.logBatch(runId, { tags: { 'retem.champion_decision': decision } });
    await client.updateRun(runId, 'FINISHED');
    say(`MLflow: run ${runId} in experiment "${this.options.experiment}" at ${client.trackingUri}`);
    if (version !== null) say(`MLflow: registered ${name ?? ''} version ${version}; ${decision}`);
    else say(`MLflow: ${decision}`);
    return { runId, experimentId: run.experiment_id, version, promoted, decision };
  }

  private async serverVersion(): Promise<string> {
    try {
      const response = await this.client.call('GET', '/version');
      return (await response.text()).trim();
    } catch {
      return 'unknown';
    }
  }

  /**
   * The new version takes the champion alias only if, on the same customers out of sample
   * (championComparison.ts says which) and with this run's payoffs, its profit at its own
   * threshold beats the champion's at the champion's.
   */
  private async decideChampion(
    name: string,
    outcome: TrainingOutcome,
    candidateProfit: number,
  ): Promise<{ promoted: boolean; decision: string }> {
    const champion = await this.client.getVersionByAlias(name, 'champion');
    if (champion === null)
      return {
        promoted: true,
        decision: `promoted to champion: there was none (${rowsWord(outcome)} profit R$ ${candidateProfit})`,
      };
    const dir = await mkdtemp(join(tmpdir(), 'retem-champion-'));
    try {
      await downloadVersion(this.client, champion, dir);
      const current = await readModelDir(dir);
      const profits = profitsOnSameRows(outcome, current);
      current.model.dispose();
      if (profits === null) {
        return {
          promoted: false,
          decision: `not promoted: champion version ${champion.version} cannot read this data's columns, or its recorded rows are not this file's, so the two cannot be compared on the same rows`,
        };
      }
      const wins = profits.candidate > profits.champion;
      return {
        promoted: wins,
        decision: `${wins ? 'promoted to champion' : 'not promoted'}: ${rowsWord(outcome)} profit R$ ${profits.candidate} ${wins ? 'beats version' : 'does not beat champion version'} ${champion.version}'s R$ ${profits.champion} on the same ${profits.rows} rows`,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** What the candidate's profit was measured on, in the decision's words. */
function rowsWord(outcome: TrainingOutcome): string {
  return outcome.comparison.source === 'out-of-fold' ? 'out-of-fold' : 'test-row';
}

function paramsOf(config: TrainingConfig, outcome: TrainingOutcome): Record<string, string> {
  const m = outcome.metrics;
  return {
    data_file: resolve(config.dataPath),
    dataset_hash: m.data.hash,
    rows: String(m.data.rowsUsed),
    rows_skipped: String(m.data.rowsSkipped),
    columns: String(m.data.columns),
    positives: String(m.data.positives),
    id_column: config.idColumn,
    target_column: config.targetColumn,
    positive_value: m.data.target.positive,
    exclude: config.exclude.join(',') || '(none)',
    seed: String(config.seed),
    towers: String(config.towers),
    hidden: config.network.hidden.join(','),
    learning_rate: String(config.learningRate),
    batch_size: String(config.batchSize),
    max_steps: String(config.maxSteps),
    max_epochs: config.maxEpochs === null ? 'auto' : String(config.maxEpochs),
    patience: String(config.patience),
    test_fraction: String(config.testFraction),
    evaluated_on: outcome.metrics.outOfSample.source,
    tree_kind_used:
      outcome.metrics.model.trees === undefined ||
      outcome.metrics.model.trees === null ||
      outcome.metrics.model.trees.share === 0
        ? 'none'
        : (outcome.metrics.model.trees.kind ?? 'oblivious'),
    folds: String(config.folds),
    quantize: config.quantize ? 'uint8' : 'none',
    linear_share: String(config.linearShare),
    tree_share: String(config.trees.share),
    tree_depth: String(config.trees.boosting.depth),
    tree_columns: String(config.trees.columns),
    tree_learning_rate: String(config.trees.boosting.learningRate),
    distil_share: String(config.distillation.share),
    teacher_max_trees: String(config.distillation.boosting.maxTrees),
    teacher_learning_rate: String(config.distillation.boosting.learningRate),
    teacher_columns: String(config.distillation.columns),
    teacher_lambda: String(config.distillation.boosting.lambda),
    teacher_min_hessian: config.distillation.minChildHessians.join(','),
    distil_logit_weight: String(config.distillation.logitWeight),
    distil_spread_cap: String(config.distillation.logitSpreadCap),
    threads: String(config.threads),
    payoff_tp: String(config.payoffs.tp),
    payoff_fp: String(config.payoffs.fp),
    payoff_fn: String(config.payoffs.fn),
    payoff_tn: String(config.payoffs.tn),
    input_width: String(m.model.inputWidth),
    schema_hash: outcome.spec.schemaHash,
    backend: m.model.backend,
  };
}

/** loss, val_loss and val_auc per epoch (mean over the towers still training), and per tower. */
function epochMetrics(outcome: TrainingOutcome): Metric[] {
  const towers = outcome.metrics.model.towers;
  const epochs = Math.max(...towers.map((t) => t.history.length));
  const timestamp = Date.now();
  const metrics: Metric[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const logs = towers.flatMap((t) => t.history.filter((h) => h.epoch === epoch));
    const meanOf = (key: 'loss' | 'valLoss' | 'valAuc') =>
      logs.reduce((s, l) => s + l[key], 0) / logs.length;
    metrics.push({ key: 'loss', value: meanOf('loss'), timestamp, step: epoch });
    metrics.push({ key: 'val_loss', value: meanOf('valLoss'), timestamp, step: epoch });
    metrics.push({ key: 'val_auc', value: meanOf('valAuc'), timestamp, step: epoch });
  }
  towers.forEach((tower, t) => {
    for (const log of tower.history) {
      metrics.push({ key: `tower_${t + 1}/loss`, value: log.loss, timestamp, step: log.epoch });
      metrics.push({
        key: `tower_${t + 1}/val_auc`,
        value: log.valAuc,
        timestamp,
        step: log.epoch,
      });
    }
  });
  return metrics;
}

function finalMetrics(outcome: TrainingOutcome): Metric[] {
  const m = outcome.metrics;
  const t = m.test;
  const timestamp = Date.now();
  const values: Record<string, number> = {
    auc: t.auc,
    pr_auc: t.prAuc,
    log_loss: t.logLoss,
    brier: t.brier,
    threshold: m.threshold.threshold,
    profit: t.atThreshold.profit,
    profit_per_1000: t.atThreshold.profitPer1000,
    share_of_ideal: t.atThreshold.shareOfIdeal,
    contacted: t.atThreshold.contacted,
    out_of_fold_auc: m.validation.auc,
    ...(m.model.budget !== undefined
      ? {
          multiply_adds_per_customer: m.model.budget.multiplyAddsPerCustomer,
          weight_bytes: m.model.budget.weightBytes,
          tree_comparisons_per_customer: m.model.budget.treeComparisons ?? 0,
          ...(typeof m.model.budget.scoringMicrosecondsPerCustomer === 'number'
            ? { scoring_microseconds_per_customer: m.model.budget.scoringMicrosecondsPerCustomer }
            : {}),
        }
      : {}),
    ...(m.model.trees !== undefined && m.model.trees !== null
      ? {
          tree_share_used: m.model.trees.share,
          trees_out_of_fold_auc: m.model.trees.outOfFoldAuc,
          network_out_of_fold_auc: m.model.trees.networkOutOfFoldAuc,
          trees_total: m.model.trees.treesPerFold.reduce((sum, n) => sum + n, 0),
        }
      : {}),
    ...(m.model.teacher !== undefined && m.model.teacher !== null
      ? {
          teacher_out_of_fold_auc: m.model.teacher.outOfFoldAuc,
          teacher_trees_total: m.model.teacher.treesPerFold.reduce((sum, n) => sum + n, 0),
          ...(m.model.teacher.minChildHessian !== undefined
            ? { teacher_min_hessian_used: m.model.teacher.minChildHessian }
            : {}),
        }
      : {}),
    baseline_logistic_auc: m.logisticBaseline.auc,
    baseline_logistic_profit: m.logisticBaseline.atThreshold.profit,
    baseline_everyone_profit: t.baselines.everyone,
    baseline_random_profit: t.baselines.random,
    ideal_profit: t.baselines.ideal,
  };
  return Object.entries(values).map(([key, value]) => ({ key, value, timestamp, step: 0 }));
}
