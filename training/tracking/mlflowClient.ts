/**
 * A thin typed client for MLflow's REST API (2.x and 3.x servers), over fetch. It covers what the
 * training CLI needs: experiments, runs, batched logging within the server's limits, artifacts
 * through the mlflow-artifacts proxy, the model registry with aliases, and MLflow 3 LoggedModels.
 * Auth is read from the same variables as MLflow's own clients.
 */
import { chunkBatch, KEY_PATTERN, truncate } from './mlflowBatch';
import { MlflowClientError, MlflowApiError } from './mlflowErrors';
import { MlflowHttp, sleep } from './mlflowHttp';
import {
  LOG_BATCH_LIMITS,
  type ArtifactFile,
  type Experiment,
  type LoggedModelInfo,
  type Metric,
  type ModelVersion,
  type Run,
  type RunInfo,
} from './mlflowTypes';

export * from './mlflowErrors';
export * from './mlflowTypes';
export { chunkBatch } from './mlflowBatch';
export { mlflowOptionsFromEnv } from './mlflowHttp';

/** The resources: experiments, runs and their logging, artifacts, the registry, logged models. */
export class MlflowClient extends MlflowHttp {
  // ---------------------------------------------------------------- experiments

  /** The experiment of that name, or null when none exists. */
  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const answer = await this.api<{ experiment: Experiment }>('GET', 'experiments/get-by-name', {
        experiment_name: name,
      });
      return answer.experiment;
    } catch (error) {
      if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')
        return null;
      throw error;
    }
  }

  /**
   * Finds or creates an active experiment. A concurrent creator winning the race is fine; a
   * deleted experiment of that name is an error (MLflow keeps deleted names reserved).
   */
  async getOrCreateExperiment(
    name: string,
    tags: Record<string, string> = {},
  ): Promise<Experiment> {
    const found = await this.getExperimentByName(name);
    if (found !== null) return this.activeOrThrow(found);
    try {
      const created = await this.api<{ experiment_id: string }>('POST', 'experiments/create', {
        name,
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      });
      return { experiment_id: created.experiment_id, name, lifecycle_stage: 'active' };
    } catch (error) {
      if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS') {
        const raced = await this.getExperimentByName(name);
        if (raced !== null) return this.activeOrThrow(raced);
      }
      throw error;
    }
  }

  private activeOrThrow(experiment: Experiment): Experiment {
    if (experiment.lifecycle_stage !== 'active') {
      throw new MlflowClientError(
        'experiment-deleted',
        `the experiment "${experiment.name}" is deleted; restore it or choose another name`,
      );
    }
    return experiment;
  }

  // ---------------------------------------------------------------- runs

  async createRun(
    experimentId: string,
    runName: string,
    tags: Record<string, string>,
  ): Promise<RunInfo> {
    const answer = await this.api<{ run: Run }>('POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Date.now(),
      tags: Object.entries(tags).map(([key, value]) => ({
        key,
        value: truncate(value, LOG_BATCH_LIMITS.tagValueChars),
      })),
    });
    return answer.run.info;
  }

  async updateRun(
    runId: string,
    status: 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED',
  ): Promise<void> {
    await this.api('POST', 'runs/update', { run_id: runId, status, end_time: Date.now() });
  }

  async getRun(runId: string): Promise<Run> {
    return (await this.api<{ run: Run }>('GET', 'runs/get', { run_id: runId })).run;
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const answer = await this.api<{ metrics?: Metric[] }>('GET', 'metrics/get-history', {
      run_id: runId,
      metric_key: key,
      max_results: 25000,
    });
    return answer.metrics ?? [];
  }

  /**
   * Logs metrics, params and tags, split into as many runs/log-batch calls as the server's limits
   * need. Non-finite metric values are skipped (JSON cannot carry them) and counted; keys that
   * MLflow would refuse throw TypeError before anything is sent.
   */
  async logBatch(
    runId: string,
    batch: { metrics?: Metric[]; params?: Record<string, string>; tags?: Record<string, string> },
  ): Promise<{ calls: number; skippedMetrics: number }> {
    const metrics = (batch.metrics ?? []).filter((m) => Number.isFinite(m.value));
    const skippedMetrics = (batch.metrics ?? []).length - metrics.length;
    const params = Object.entries(batch.params ?? {}).map(([key, value]) => ({
      key,
      value: truncate(value, LOG_BATCH_LIMITS.paramValueChars),
    }));
    const tags = Object.entries(batch.tags ?? {}).map(([key, value]) => ({
      key,
      value: truncate(value, LOG_BATCH_LIMITS.tagValueChars),
    }));
    for (const key of [
      ...metrics.map((m) => m.key),
      ...params.map((p) => p.key),
      ...tags.map((t) => t.key),
    ]) {
      if (key.length > 250 || !KEY_PATTERN.test(key))
        throw new TypeError(`MLflow refuses the key "${key}"`);
    }
    let calls = 0;
    for (const chunk of chunkBatch(metrics, params, tags)) {
      await this.api('POST', 'runs/log-batch', { run_id: runId, ...chunk });
      calls++;
    }
    return { calls, skippedMetrics };
  }

  // ---------------------------------------------------------------- artifacts

  /**
   * Maps an artifact URI served through the mlflow-artifacts proxy to its HTTP path. Throws for
   * any other scheme (s3://, file://…), since the server is then not proxying artifacts.
   */
  artifactHttpPath(artifactUri: string, relativePath = ''): string {
    const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
    if (match === null) {
      throw new MlflowClientError(
        'artifacts-not-proxied',
        `the server stores artifacts at "${artifactUri}", which it does not proxy; start it with --serve-artifacts (the default since MLflow 2.0)`,
      );
    }
    const root = (match[1] ?? '').replace(/\/+$/, '');
    const rel = relativePath.replace(/^\/+/, '');
    if (rel.split('/').includes('..'))
      throw new TypeError(`artifact paths may not contain "..": ${relativePath}`);
    return `/api/2.0/mlflow-artifacts/artifacts/${root}${rel === '' ? '' : `/${rel}`}`;
  }

  async uploadArtifact(
    artifactUri: string,
    relativePath: string,
    bytes: Uint8Array,
  ): Promise<void> {
    await this.call('PUT', this.artifactHttpPath(artifactUri, relativePath), { body: bytes });
  }

  async downloadArtifact(artifactUri: string, relativePath: string): Promise<Uint8Array> {
    const response = await this.call('GET', this.artifactHttpPath(artifactUri, relativePath));
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * Lists the files under an artifact directory (not recursive). Paths are relative to the
   * artifact root, as MLflow's run listing gives them ("model/model.json").
   */
  async listArtifacts(artifactUri: string, relativePath = ''): Promise<ArtifactFile[]> {
    const root = this.artifactHttpPath(artifactUri, relativePath).replace(
      '/api/2.0/mlflow-artifacts/artifacts/',
      '',
    );
    const response = await this.call('GET', '/api/2.0/mlflow-artifacts/artifacts', {
      query: { path: root },
    });
    const answer = (await response.json()) as { files?: ArtifactFile[] };
    const prefix = relativePath.replace(/^\/+|\/+$/g, '');
    return (answer.files ?? []).map((file) => ({
      ...file,
      path: prefix === '' ? file.path : `${prefix}/${file.path}`,
    }));
  }

  // ---------------------------------------------------------------- registry

  /**
   * Whether the server has the model registry. Hosted servers (DagsHub has been one) may lack it,
   * answering 404 ENDPOINT_NOT_FOUND or an HTML page.
   */
  async hasRegistry(): Promise<boolean> {
    try {
      await this.api('GET', 'registered-models/search', { max_results: 1 });
      return true;
    } catch (error) {
      if (
        error instanceof MlflowApiError &&
        (error.status === 404 || error.errorCode === 'ENDPOINT_NOT_FOUND')
      )
        return false;
      throw error;
    }
  }

  async createRegisteredModel(name: string, description?: string): Promise<void> {
    try {
      await this.api('POST', 'registered-models/create', {
        name,
        ...(description !== undefined ? { description } : {}),
      });
    } catch (error) {
      if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS') return;
      throw error;
    }
  }

  async createModelVersion(
    name: string,
    source: string,
    runId: string,
    tags: Record<string, string> = {},
    description?: string,
  ): Promise<ModelVersion> {
    // A LoggedModel source ("models:/<id>") must also name the model in model_id.
    const modelId = /^models:\/(m-[\w]+)$/.exec(source)?.[1];
    if (source.includes('..')) throw new TypeError('a model version source may not contain ".."');
    const answer = await this.api<{ model_version: ModelVersion }>(
      'POST',
      'model-versions/create',
      {
        name,
        source,
        run_id: runId,
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        ...(description !== undefined ? { description } : {}),
        ...(modelId !== undefined ? { model_id: modelId } : {}),
      },
    );
    return answer.model_version;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return (
      await this.api<{ model_version: ModelVersion }>('GET', 'model-versions/get', {
        name,
        version,
      })
    ).model_version;
  }

  /** Polls until the version is READY; throws when it fails or the wait runs out. */
  async waitForModelVersion(
    name: string,
    version: string,
    timeoutMs = 60_000,
  ): Promise<ModelVersion> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.getModelVersion(name, version);
      if (current.status === 'READY') return current;
      if (current.status === 'FAILED_REGISTRATION') {
        throw new MlflowClientError(
          'registration-failed',
          `version ${version} of ${name} failed to register`,
        );
      }
      if (Date.now() > deadline) {
        throw new MlflowClientError(
          'registration-timeout',
          `version ${version} of ${name} is still ${current.status} after ${timeoutMs / 1000} s`,
        );
      }
      await sleep(250);
    }
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    if (!/^[\w-]*$/.test(alias) || alias === 'latest' || /^v\d+$/.test(alias)) {
      throw new TypeError(`"${alias}" cannot be a model alias`);
    }
    await this.api('POST', 'registered-models/alias', { name, alias, version });
  }

  /**
   * The version an alias points at, or null when the alias (or the model) does not exist. The
   * server answers a missing alias with a generic INVALID_PARAMETER_VALUE, so the model's own
   * alias list decides, rather than the wording of an error.
   */
  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion | null> {
    let aliases: { alias: string; version: string }[];
    try {
      aliases =
        (
          await this.api<{ registered_model: { aliases?: { alias: string; version: string }[] } }>(
            'GET',
            'registered-models/get',
            { name },
          )
        ).registered_model.aliases ?? [];
    } catch (error) {
      if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')
        return null;
      throw error;
    }
    if (!aliases.some((entry) => entry.alias === alias)) return null;
    return (
      await this.api<{ model_version: ModelVersion }>('GET', 'registered-models/alias', {
        name,
        alias,
      })
    ).model_version;
  }

  async getDownloadUri(name: string, version: string): Promise<string> {
    return (
      await this.api<{ artifact_uri: string }>('GET', 'model-versions/get-download-uri', {
        name,
        version,
      })
    ).artifact_uri;
  }

  // ---------------------------------------------------------------- MLflow 3 LoggedModel

  /** Creates a LoggedModel, or returns null when the server predates them (MLflow < 3). */
  async createLoggedModel(
    experimentId: string,
    name: string,
    sourceRunId: string,
  ): Promise<LoggedModelInfo | null> {
    try {
      const answer = await this.api<{ model: { info: LoggedModelInfo } }>('POST', 'logged-models', {
        experiment_id: experimentId,
        name,
        source_run_id: sourceRunId,
      });
      return answer.model.info;
    } catch (error) {
      if (
        error instanceof MlflowApiError &&
        (error.status === 404 || error.errorCode === 'ENDPOINT_NOT_FOUND')
      )
        return null;
      throw error;
    }
  }

  /** Marks a LoggedModel READY (status 2) once all its files are uploaded. */
  async finalizeLoggedModel(modelId: string): Promise<void> {
    await this.api('PATCH', `logged-models/${modelId}`, { model_id: modelId, status: 2 });
  }

  /** Links a LoggedModel to the run as its output. */
  async logRunOutput(runId: string, modelId: string, step = 0): Promise<void> {
    await this.api('POST', 'runs/outputs', {
      run_id: runId,
      models: [{ model_id: modelId, step }],
    });
  }
}
