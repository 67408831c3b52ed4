/** The MLflow REST API's records as the client reads and writes them, and its per-call limits. */

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
