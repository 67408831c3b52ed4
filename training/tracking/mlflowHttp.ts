/**
 * The transport under the MLflow client: one HTTP call with auth and retries, typed errors, the
 * REST API's JSON calls, and the server's health. Resources (runs, artifacts, registry) build on it.
 */
import { MlflowApiError, MlflowAuthError, MlflowUnavailableError } from './mlflowErrors';
import type { MlflowClientOptions, RetryPolicy } from './mlflowTypes';

export type Query = Record<string, string | number | undefined>;

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

export class MlflowHttp {
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

  protected async api<T>(
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
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
