/**
 * A thin typed client for MLflow's REST API (2.x and 3.x servers), over fetch. It covers what the
 * training CLI needs: experiments, runs, batched logging within the server's limits, artifacts
 * through the mlflow-artifacts proxy, the model registry with aliases, and MLflow 3 LoggedModels.
 * Auth is read from the same variables as MLflow's own clients.
 */

export interface MlflowAuth {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
}

export interface RetryPolicy {
  /** Further attempts after the first. */
  readonly retries: number;
  /** First back-off; doubles each time, with ±25% jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface MlflowClientOptions {
  readonly trackingUri: string;
  readonly auth?: MlflowAuth;
  readonly retry?: Partial<RetryPolicy>;
  readonly fetch?: typeof fetch;
  /** Per-request timeout. Default 60 s. */
  readonly timeoutMs?: number;
}

/** The server answered with an MLflow error ({error_code, message}) or an unexpected status. */
export class MlflowApiError extends Error {
  override readonly name: string = 'MlflowApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly endpoint: string,
  ) {
    super(`MLflow ${endpoint} answered ${status} ${errorCode}: ${message}`);
  }
}

/**
 * A condition the client detects itself, not an answer of the server: an experiment that is
 * deleted, artifacts the server does not proxy, a version that failed or timed out registering.
 */
export class MlflowClientError extends Error {
  override readonly name = 'MlflowClientError';
  constructor(
    readonly code:
      | 'experiment-deleted'
      | 'artifacts-not-proxied'
      | 'registration-failed'
      | 'registration-timeout',
    message: string,
  ) {
    super(message);
  }
}

/** 401 or 403: the credentials are missing or wrong. */
export class MlflowAuthError extends MlflowApiError {
  override readonly name = 'MlflowAuthError';
}

/** The server could not be reached, or kept failing, after every retry. */
export class MlflowUnavailableError extends Error {
  override readonly name = 'MlflowUnavailableError';
  constructor(
    readonly trackingUri: string,
    readonly lastFailure: unknown,
  ) {
    super(`MLflow at ${trackingUri} is unreachable: ${describeCause(lastFailure)}`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof MlflowApiError) return cause.message;
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}

export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly lifecycle_stage: string;
  readonly artifact_location?: string;
}

export interface RunInfo {
  readonly run_id: string;
  readonly experiment_id: string;
  readonly status: string;
  readonly artifact_uri: string;
  readonly run_name?: string;
  readonly start_time?: number;
  readonly end_time?: number;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

export interface Run {
  readonly info: RunInfo;
  readonly data: { metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

export interface ModelVersion {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly run_id?: string;
  readonly status: string;
  readonly aliases?: string[];
  readonly tags?: KeyValue[];
}

export interface LoggedModelInfo {
  readonly model_id: string;
  readonly artifact_uri: string;
  readonly status?: string;
}

export interface ArtifactFile {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: string | number;
}

/** The server's per-call limits for runs/log-batch. */
export const LOG_BATCH_LIMITS = {
  metrics: 1000,
  params: 100,
  tags: 100,
  total: 1000,
  bytes: 1_000_000,
  paramValueChars: 6000,
  tagValueChars: 8000,
} as const;

const KEY_PATTERN = /^[/\w.\- :]*$/;

/** Reads MLFLOW_TRACKING_URI and the auth variables; null when tracking is not configured. */
export function mlflowOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): MlflowClientOptions | null {
  const trackingUri = env['MLFLOW_TRACKING_URI']?.trim();
  if (trackingUri === undefined || trackingUri === '') return null;
  return {
    trackingUri,
    auth: {
      username: env['MLFLOW_TRACKING_USERNAME'],
      password: env['MLFLOW_TRACKING_PASSWORD'],
      token: env['MLFLOW_TRACKING_TOKEN'],
    },
  };
}

type Query = Record<string, string | number | undefined>;

export class MlflowClient {
  readonly trackingUri: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: MlflowClientOptions) {
    this.trackingUri = options.trackingUri.replace(/\/+$/, '');
    if (!/^https?:\/\//.test(this.trackingUri)) {
      throw new TypeError(
        `MLFLOW_TRACKING_URI must be an http(s) URL; got "${options.trackingUri}"`,
      );
    }
    this.base = this.trackingUri;
    const auth = options.auth ?? {};
    this.headers = {};
    if (auth.username !== undefined && auth.username !== '' && auth.password !== undefined) {
      this.headers['authorization'] =
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    } else if (auth.token !== undefined && auth.token !== '') {
      this.headers['authorization'] = `Bearer ${auth.token}`;
    }
    this.retry = { retries: 4, baseDelayMs: 250, maxDelayMs: 8000, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  // ---------------------------------------------------------------- transport

  /**
   * One HTTP call with retries: network errors, 429 and 5xx are retried with exponential back-off;
   * 401/403 throw MlflowAuthError and other statuses MlflowApiError at once.
   */
  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    path: string,
    options: { query?: Query; json?: unknown; body?: Uint8Array; raw?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(this.base + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...this.headers };
    let body: string | ArrayBuffer | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      body = options.body.slice().buffer;
    }
    let lastError: unknown = null;
    for (let attempt = 0; attempt <= this.retry.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt));
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        lastError = error;
        continue;
      }
      if (response.ok) return response;
      const failure = await this.errorOf(response, `${method} ${path}`);
      if (response.status === 429 || response.status >= 500) {
        lastError = failure;
        continue;
      }
      throw failure;
    }
    throw new MlflowUnavailableError(this.trackingUri, lastError);
  }

  private backoff(attempt: number): number {
    const delay = Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
    return delay * (0.75 + Math.random() * 0.5);
  }

  private async errorOf(response: Response, endpoint: string): Promise<MlflowApiError> {
    let code = `HTTP_${response.status}`;
    let message = response.statusText;
    try {
      const text = await response.text();
      try {
        const parsed = JSON.parse(text) as { error_code?: string; message?: string };
        code = parsed.error_code ?? code;
        message = parsed.message ?? text.slice(0, 300);
      } catch {
        message = text.slice(0, 300) || message;
      }
    } catch {
      // no body
    }
    if (response.status === 401 || response.status === 403) {
      return new MlflowAuthError(response.status, code, message, endpoint);
    }
    return new MlflowApiError(response.status, code, message, endpoint);
  }

  private async api<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    payload?: unknown,
  ): Promise<T> {
    const path = `/api/2.0/mlflow/${endpoint}`;
    const response =
      method === 'GET' || method === 'DELETE'
        ? await this.call(method, path, { query: payload as Query })
        : await this.call(method, path, { json: payload ?? {} });
    const text = await response.text();
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /** True when the server answers /health. */
  async health(): Promise<boolean> {
    try {
      const response = await this.fetchImpl(`${this.base}/health`, {
        headers: this.headers,
        signal: AbortSignal.timeout(5000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }

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

const TRUNCATED = '…[truncated]';

/** Cuts a value to exactly max characters, marking the cut. */
function truncate(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - TRUNCATED.length) + TRUNCATED;
}

/**
 * Splits a batch into payloads that respect every per-call limit: 1000 metrics, 100 params,
 * 100 tags, 1000 items and about 1 MB each. Order is kept.
 */
export function chunkBatch(
  metrics: readonly Metric[],
  params: readonly KeyValue[],
  tags: readonly KeyValue[],
): { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] }[] {
  const chunks: { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] }[] = [];
  let current = { metrics: [] as Metric[], params: [] as KeyValue[], tags: [] as KeyValue[] };
  let bytes = 0;
  const budget = LOG_BATCH_LIMITS.bytes - 10_000;
  const flush = () => {
    if (current.metrics.length + current.params.length + current.tags.length > 0)
      chunks.push(current);
    current = { metrics: [], params: [], tags: [] };
    bytes = 0;
  };
  const add = (kind: 'metrics' | 'params' | 'tags', item: Metric | KeyValue, limit: number) => {
    const size = JSON.stringify(item).length + 1;
    const items = current.metrics.length + current.params.length + current.tags.length;
    if (current[kind].length >= limit || items >= LOG_BATCH_LIMITS.total || bytes + size > budget)
      flush();
    (current[kind] as (Metric | KeyValue)[]).push(item);
    bytes += size;
  };
  for (const item of params) add('params', item, LOG_BATCH_LIMITS.params);
  for (const item of tags) add('tags', item, LOG_BATCH_LIMITS.tags);
  for (const item of metrics) add('metrics', item, LOG_BATCH_LIMITS.metrics);
  flush();
  return chunks;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
