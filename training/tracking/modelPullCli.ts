/**
 * npm run model:pull -- [--alias champion | --version N]: downloads a registered model version from
 * MLflow into the app's model folder and verifies it before the next build ships it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rocAuc } from '../../src/core/metrics';
import { ProfitCurve } from '../../src/core/decision';
import { REGISTRY_FILE, REGISTRY_FORMAT, type RegistryRecord } from '../../src/core/modelFiles';
import { defineCli, UsageError, type FlagSpec } from '../lib/cliArgs';
import { readModelDir, ModelDirError } from '../lib/modelDir';
import { initTensorflow } from '../lib/tfNode';
import { MlflowClient, mlflowOptionsFromEnv } from './mlflowClient';
import { downloadVersion, replaceModelDir, resolveVersion } from './registry';

const FLAGS = {
  name: { type: 'string', help: 'Registered model name', default: 'retem-churn' },
  alias: { type: 'string', help: 'Alias to pull (ignored with --version)', default: 'champion' },
  version: { type: 'string', help: 'Version number to pull' },
  out: { type: 'string', help: "The app's model folder", default: 'public/model' },
} as const satisfies Record<string, FlagSpec>;

defineCli(
  'npm run model:pull -- [--alias champion | --version N] [flags]',
  'Downloads a registered version (MLFLOW_TRACKING_URI and its credentials are read from the environment),\nchecks its schema hash and re-computes its out-of-sample AUC and profit from the shipped scores, then replaces --out.',
  FLAGS,
  async (flags) => {
    const options = mlflowOptionsFromEnv();
    if (options === null)
      throw new UsageError('set MLFLOW_TRACKING_URI to the MLflow server to pull from');
    const client = new MlflowClient(options);
    const name = flags.name;
    const version = await resolveVersion(client, name, {
      alias: flags.alias,
      version: flags.version,
    });
    const staging = await mkdtemp(join(tmpdir(), 'retem-pull-'));
    try {
      const uri = await downloadVersion(client, version, staging);
      await initTensorflow();
      const exported = await readModelDir(staging);
      const { metrics } = exported;
      const auc = rocAuc(metrics.outOfSample.scores, metrics.outOfSample.labels);
      const profit = ProfitCurve.fromScores(
        metrics.outOfSample.scores,
        metrics.outOfSample.labels,
      ).at(metrics.threshold.threshold, metrics.payoffs).profit;
      if (Math.abs(auc - metrics.test.auc) > 1e-9 || profit !== metrics.test.atThreshold.profit) {
        throw new ModelDirError(
          `version ${version.version}: the shipped scores give AUC ${auc} and profit ${profit}, but metrics.json says ${metrics.test.auc} and ${metrics.test.atThreshold.profit}`,
        );
      }
      exported.model.dispose();
      const out = resolve(flags.out);
      await replaceModelDir(staging, out);
      const record: RegistryRecord = {
        format: REGISTRY_FORMAT,
        name,
        version: version.version,
        runId: version.run_id ?? null,
        alias: flags.version === undefined ? flags.alias : null,
        pulledAt: new Date().toISOString(),
      };
      await writeFile(join(out, REGISTRY_FILE), JSON.stringify(record, null, 2) + '\n');
      console.log(`Pulled ${name} version ${version.version} from ${uri} into ${out}`);
      console.log(
        `Verified: schema hash ${exported.spec.schemaHash}; out-of-sample AUC ${auc.toFixed(4)} and profit R$ ${profit} re-computed from the shipped scores.`,
      );
      console.log('The next "npm run build" ships it.');
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  },
);
