/**
 * The training CLI against a real MLflow server (no mocks): what it logs, registers and promotes,
 * read back through the REST API and through MLflow's own Python client; model:pull; failures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliScriptPath, type CliName } from '../../training/lib/cliScripts';
import { recipeFlags } from '../support/cli';
import { readRegistryRecord } from '../../src/core/modelFiles/registryRecord';
import { readModelMetrics } from '../../training/lib/modelDir';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import { MlflowAuthError, MlflowClient } from '../../training/tracking/mlflowClient';
import {
  BASIC_AUTH_ADMIN,
  freePort,
  MLFLOW_PYTHON,
  startMlflowServer,
  type MlflowServer,
} from '../support/mlflowServer';
import { ROOT, TSX } from '../support/paths';

const work = mkdtempSync(join(tmpdir(), 'retem-tracking-'));
const data = join(work, 'twin.csv');
const customers = join(work, 'customers.csv');
let server: MlflowServer;

function cli(name: CliName, args: string[], env: Record<string, string>) {
  const result = spawnSync(TSX, [cliScriptPath(ROOT, name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, out: result.stdout + result.stderr };
}
/** A quick training: two towers, patience 3, 10 epochs, unless `settings` say otherwise. */
const train = (
  out: string,
  settings: Record<string, number | string>,
  extra: string[],
  env: Record<string, string>,
) =>
  cli(
    'train',
    [
      '--data',
      data,
      '--out',
      out,
      ...recipeFlags({ towers: 2, patience: 3, epochs: 10, ...settings }),
      ...extra,
    ],
    env,
  );
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const metricsOf = (dir: string) => readModelMetrics(dir);

beforeAll(async () => {
  const stats = await readTwinStats(ROOT);
  await writeTwinCsv(stats, data, 3000, 5, 1, true);
  await writeTwinCsv(stats, customers, 400, 6, 50001, false);
  server = await startMlflowServer();
});
afterAll(async () => {
  await server.stop();
});

describe('a tracked training run', () => {
  const out = join(work, 'first');
  let runId = '';
  let client: MlflowClient;

  beforeAll(() => {
    // A first version that learned nothing (no logistic or tree member, two epochs at a tiny
    // learning rate): its calibrated probabilities sit at the base rate, so it contacts no one
    // and earns R$ 0, which a trained version beats on the same rows out of fold.
    const result = train(
      out,
      { epochs: 2, 'learning-rate': 0.00001, 'linear-share': 0, 'tree-share': 0 },
      ['--run-name', 'first'],
      {
        MLFLOW_TRACKING_URI: server.uri,
      },
    );
    expect(result.status, result.out).toBe(0);
    runId = /MLflow: run (\w+)/.exec(result.out)?.[1] ?? '';
    expect(result.out).toContain(
      'registered retem-churn version 1; promoted to champion: there was none',
    );
    client = new MlflowClient({ trackingUri: server.uri });
  });

  it('logs every hyperparameter, the data fingerprint and the payoffs as params', async () => {
    const run = await client.getRun(runId);
    const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
    const metrics = metricsOf(out);
    expect(params).toMatchObject({
      seed: '42',
      towers: '2',
      hidden: '24,12',
      learning_rate: '0.00001',
      batch_size: '512',
      max_steps: '6000',
      max_epochs: '2',
      patience: '3',
      folds: '5',
      quantize: 'uint8',
      teacher_min_hessian: '10,1',
      payoff_tp: '90',
      payoff_fp: '-10',
      dataset_hash: metrics.data.hash,
      rows: '3000',
      test_fraction: '0',
      evaluated_on: 'out-of-fold',
      tree_kind_used:
        metrics.model.trees === undefined ||
        metrics.model.trees === null ||
        metrics.model.trees.share === 0
          ? 'none'
          : metrics.model.trees.kind,
      schema_hash: metrics.schemaHash,
    });
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags['mlflow.note.content']).toBe(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8'));
    expect(tags['mlflow.source.git.commit']).toMatch(/^[0-9a-f]{40}$/);
    expect(tags['mlflow.runName']).toBe('first');
    expect(run.info.status).toBe('FINISHED');
  });

  it('logs loss, val_loss and val_auc per epoch and the final figures', async () => {
    const metrics = metricsOf(out);
    const epochs = Math.max(...metrics.model.towers.map((t) => t.epochsRun));
    const history = await client.getMetricHistory(runId, 'val_auc');
    expect(history.map((m) => m.step).sort()).toEqual(
      Array.from({ length: epochs }, (_, i) => i + 1),
    );
    expect((await client.getMetricHistory(runId, 'loss')).length).toBe(epochs);
    const last = (key: string) => client.getMetricHistory(runId, key).then((h) => h[0]?.value);
    expect(await last('auc')).toBeCloseTo(metrics.test.auc, 9);
    expect(await last('profit')).toBe(metrics.test.atThreshold.profit);
    expect(await last('threshold')).toBeCloseTo(metrics.threshold.threshold, 9);
    expect([10, 1]).toContain(metrics.model.teacher?.minChildHessian);
    expect(await last('teacher_min_hessian_used')).toBe(metrics.model.teacher?.minChildHessian);
  });

  it('uploads the model directory byte for byte, with its MLmodel file, and the plots', async () => {
    const run = await client.getRun(runId);
    const files = (await client.listArtifacts(run.info.artifact_uri, 'model'))
      .map((f) => f.path)
      .sort();
    expect(files).toEqual([
      'model/MLmodel',
      'model/MODEL_CARD.md',
      'model/code',
      'model/conda.yaml',
      'model/input_example.json',
      'model/metrics.json',
      'model/model.json',
      'model/model.onnx',
      'model/out-of-sample.json',
      'model/preprocess.json',
      'model/python_env.yaml',
      'model/requirements.txt',
      'model/segments.json',
      'model/serving_input_example.json',
      'model/weights.bin',
    ]);
    for (const file of ['weights.bin', 'model.onnx', 'code/retem_pyfunc.py', 'segments.json']) {
      const uploaded = await client.downloadArtifact(run.info.artifact_uri, `model/${file}`);
      expect(sha(uploaded), file).toBe(sha(readFileSync(join(out, file))));
    }
    const mlmodel = new TextDecoder().decode(
      await client.downloadArtifact(run.info.artifact_uri, 'model/MLmodel'),
    );
    expect(mlmodel).toContain(`run_id: ${runId}`);
    expect(mlmodel).toContain('\n  retem_tfjs:\n    format: tfjs-layers-model');
    expect(mlmodel).toContain('\n  python_function:\n    loader_module: retem_pyfunc');
    const png = await client.downloadArtifact(run.info.artifact_uri, 'plots/profit_curve.png');
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });

  it('registers version 1 and points the champion alias at it', async () => {
    const champion = await client.getVersionByAlias('retem-churn', 'champion');
    expect(champion).toMatchObject({ version: '1', run_id: runId, status: 'READY' });
    // No alias, or no model: null, read from the model's aliases rather than an error's wording.
    expect(await client.getVersionByAlias('retem-churn', 'challenger')).toBeNull();
    expect(await client.getVersionByAlias('no-such-model', 'champion')).toBeNull();
  });

  it('is what MLflow’s own Python client sees', () => {
    const script = `
import json, hashlib, os, mlflow
mlflow.set_tracking_uri(${JSON.stringify(server.uri)})
run = mlflow.get_run(${JSON.stringify(runId)})
path = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="model", dst_path=${JSON.stringify(join(work, 'py'))})
weights = hashlib.sha256(open(os.path.join(path, "weights.bin"), "rb").read()).hexdigest()
print(json.dumps({"params": run.data.params, "auc": run.data.metrics["auc"], "status": run.info.status, "weights": weights, "files": sorted(os.listdir(path))}))
`;
    const result = spawnSync(MLFLOW_PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
      params: Record<string, string>;
      auc: number;
      status: string;
      weights: string;
      files: string[];
    };
    const metrics = metricsOf(out);
    expect(seen.status).toBe('FINISHED');
    expect(seen.params['seed']).toBe('42');
    expect(seen.auc).toBeCloseTo(metrics.test.auc, 9);
    expect(seen.weights).toBe(sha(readFileSync(join(out, 'weights.bin'))));
    expect(seen.files).toContain('MLmodel');
  });

  it('moves the champion alias only to a version that earns more on the same rows out of fold', () => {
    const better = train(join(work, 'better'), { epochs: 20, 'learning-rate': 0.003 }, [], {
      MLFLOW_TRACKING_URI: server.uri,
    });
    expect(better.status, better.out).toBe(0);
    expect(better.out).toMatch(
      /registered retem-churn version 2; promoted to champion: out-of-fold profit R\$ -?\d+ beats version 1's R\$ -?\d+ on the same 3000 rows/,
    );
    const worse = train(
      join(work, 'worse'),
      { epochs: 1, 'learning-rate': 0.00001, 'tree-share': 0 },
      ['--seed', '3'],
      { MLFLOW_TRACKING_URI: server.uri },
    );
    expect(worse.status, worse.out).toBe(0);
    expect(worse.out).toMatch(
      /registered retem-churn version 3; not promoted: out-of-fold profit R\$ -?\d+ does not beat champion version 2's R\$ -?\d+ on the same 3000 rows/,
    );
  });

  it('pulls the champion into the app folder, verified, giving bit-identical scores', async () => {
    expect((await client.getVersionByAlias('retem-churn', 'champion'))?.version).toBe('2');
    const pulled = join(work, 'pulled');
    const pull = cli('modelPull', ['--out', pulled], { MLFLOW_TRACKING_URI: server.uri });
    expect(pull.status, pull.out).toBe(0);
    expect(pull.out).toContain('Pulled retem-churn version 2');
    expect(pull.out).toMatch(/Verified: schema hash [0-9a-f]{16}/);
    const a = cli(
      'score',
      ['--model', join(work, 'better'), '--data', customers, '--out', join(work, 'a.csv')],
      {},
    );
    const b = cli(
      'score',
      ['--model', pulled, '--data', customers, '--out', join(work, 'b.csv')],
      {},
    );
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(readFileSync(join(work, 'b.csv'))).toEqual(readFileSync(join(work, 'a.csv')));
    // The segments file comes along, for the app's segments view.
    expect(readFileSync(join(pulled, 'segments.json'))).toEqual(
      readFileSync(join(work, 'better', 'segments.json')),
    );
    const byVersion = cli('modelPull', ['--version', '1', '--out', join(work, 'v1')], {
      MLFLOW_TRACKING_URI: server.uri,
    });
    expect(byVersion.out).toContain('Pulled retem-churn version 1');
    // Each pull says where it came from, for the app to show; the registry's own run ID included.
    const champion = await client.getVersionByAlias('retem-churn', 'champion');
    expect(
      readRegistryRecord(JSON.parse(readFileSync(join(pulled, 'registry.json'), 'utf8'))),
    ).toMatchObject({
      name: 'retem-churn',
      version: '2',
      alias: 'champion',
      runId: champion?.run_id,
    });
    expect(
      readRegistryRecord(JSON.parse(readFileSync(join(work, 'v1', 'registry.json'), 'utf8'))),
    ).toMatchObject({
      version: '1',
      alias: null,
    });
  });

  it('logs an oversized batch completely, in as many calls as the limits need', async () => {
    const run = await client.createRun('0', 'oversized', {});
    const metrics = Array.from({ length: 2500 }, (_, i) => ({
      key: 'series',
      value: i / 10,
      timestamp: 1000 + i,
      step: i,
    }));
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, String(i)]));
    params['long'] = 'x'.repeat(7000);
    const result = await client.logBatch(run.run_id, { metrics, params });
    expect(result.calls).toBeGreaterThanOrEqual(3);
    expect((await client.getMetricHistory(run.run_id, 'series')).length).toBe(2500);
    const stored = Object.fromEntries(
      ((await client.getRun(run.run_id)).data.params ?? []).map((p) => [p.key, p.value]),
    );
    expect(Object.keys(stored)).toHaveLength(251);
    expect(stored['long']?.length).toBe(6000);
    expect(stored['long']?.endsWith('…[truncated]')).toBe(true);
  });
});

describe('when tracking fails', () => {
  it('trains locally and says so when the server is down at the start; fails with --require-tracking', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const out = join(work, 'down');
    const result = train(out, { epochs: 1 }, [], { MLFLOW_TRACKING_URI: down });
    expect(result.status, result.out).toBe(0);
    expect(result.out).toMatch(
      /MLflow at http:\/\/127\.0\.0\.1:\d+ is unreachable.*Training locally without tracking/,
    );
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
    const strict = train(join(work, 'strict'), { epochs: 1 }, ['--require-tracking'], {
      MLFLOW_TRACKING_URI: down,
    });
    expect(strict.status).toBe(1);
    expect(existsSync(join(work, 'strict', 'weights.bin'))).toBe(false);
  });

  it('keeps the local model, exits non-zero and registers nothing when the server dies mid-run', async () => {
    const dying = await startMlflowServer();
    const out = join(work, 'dying');
    const child = spawn(
      TSX,
      [
        cliScriptPath(ROOT, 'train'),
        '--data',
        data,
        '--out',
        out,
        ...recipeFlags({ towers: 2, epochs: 8, patience: 8 }),
      ],
      { cwd: ROOT, env: { ...process.env, MLFLOW_TRACKING_URI: dying.uri } },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const deadline = Date.now() + 60_000;
    while (!output.includes('MLflow: logging run') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await dying.stop();
    const status = await exited;
    expect(status, output).toBe(1);
    expect(output).toContain('logging to MLflow failed');
    expect(output).toContain(`The model is kept locally in ${out}/`);
    expect(output).toContain('no version was registered');
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
  });

  it('reports a wrong password as an authentication error (basic-auth server)', async () => {
    const guarded = await startMlflowServer({ basicAuth: true });
    try {
      const client = new MlflowClient({
        trackingUri: guarded.uri,
        auth: { username: 'admin', password: 'wrong' },
        retry: { retries: 0 },
      });
      await expect(client.getOrCreateExperiment('x')).rejects.toBeInstanceOf(MlflowAuthError);
      const result = train(join(work, 'auth'), { epochs: 1 }, [], {
        MLFLOW_TRACKING_URI: guarded.uri,
        MLFLOW_TRACKING_USERNAME: 'admin',
        MLFLOW_TRACKING_PASSWORD: 'wrong',
      });
      expect(result.status).toBe(1);
      expect(result.out).toMatch(/MlflowAuthError: MLflow .* answered 401/);
      const admin = new MlflowClient({
        trackingUri: guarded.uri,
        auth: BASIC_AUTH_ADMIN,
      });
      expect((await admin.getOrCreateExperiment('allowed')).name).toBe('allowed');
    } finally {
      await guarded.stop();
    }
  });
});
