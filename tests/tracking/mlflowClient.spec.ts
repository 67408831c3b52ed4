/** The client's own logic (chunking, retries, errors) against a local stub HTTP server. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chunkBatch,
  LOG_BATCH_LIMITS,
  MlflowClientError,
  MlflowAuthError,
  MlflowClient,
  MlflowUnavailableError,
  mlflowOptionsFromEnv,
  type Metric,
} from '../../training/tracking/mlflowClient';
import { freePort } from '../support/mlflowServer';

let stub: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (stub === null) resolve();
    else
      stub.close(() => {
        resolve();
      });
  });
  stub = null;
});

/** A stub that answers with the handler's status and JSON body, recording every request. */
async function startStub(
  handler: (req: IncomingMessage, body: string, n: number) => [number, unknown],
) {
  const seen: { method: string; url: string; body: string; auth: string | undefined }[] = [];
  stub = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        auth: req.headers.authorization,
      });
      const [status, payload] = handler(req, body, seen.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => stub?.listen(port, '127.0.0.1', resolve));
  return { uri: `http://127.0.0.1:${port}`, seen };
}

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('splitting a batch within the server limits', () => {
  const metric = (i: number): Metric => ({ key: `m${i % 7}`, value: i, timestamp: 1, step: i });
  it('never exceeds 1000 metrics, 100 params, 100 tags or 1000 items per call, and keeps every item', () => {
    const metrics = Array.from({ length: 2500 }, (_, i) => metric(i));
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
    const tags = Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: 'v' }));
    const chunks = chunkBatch(metrics, params, tags);
    for (const c of chunks) {
      expect(c.metrics.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.metrics);
      expect(c.params.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.params);
      expect(c.tags.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.tags);
      expect(c.metrics.length + c.params.length + c.tags.length).toBeLessThanOrEqual(1000);
      expect(JSON.stringify(c).length).toBeLessThan(LOG_BATCH_LIMITS.bytes);
    }
    expect(chunks.flatMap((c) => c.metrics)).toEqual(metrics);
    expect(chunks.flatMap((c) => c.params)).toEqual(params);
    expect(chunks.flatMap((c) => c.tags)).toEqual(tags);
  });
  it('splits by size when values are long', () => {
    const params = Array.from({ length: 90 }, (_, i) => ({
      key: `p${i}`,
      value: 'x'.repeat(5900),
    }));
    const tags = Array.from({ length: 90 }, (_, i) => ({ key: `t${i}`, value: 'y'.repeat(7000) }));
    const chunks = chunkBatch([], params, tags);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(JSON.stringify(c).length).toBeLessThan(LOG_BATCH_LIMITS.bytes);
  });
});

describe('talking to a flaky or strict server', () => {
  it('retries 503 and 429 with back-off, then succeeds', async () => {
    const { uri, seen } = await startStub((_req, _body, n) =>
      n === 1
        ? [503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }]
        : n === 2
          ? [429, { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' }]
          : [200, { experiment: { experiment_id: '7', name: 'x', lifecycle_stage: 'active' } }],
    );
    const client = new MlflowClient({ trackingUri: uri, retry: fast });
    expect((await client.getExperimentByName('x'))?.experiment_id).toBe('7');
    expect(seen).toHaveLength(3);
  });
  it('gives up with MlflowUnavailableError when the server keeps failing or is not there', async () => {
    const { uri, seen } = await startStub(() => [
      500,
      { error_code: 'INTERNAL_ERROR', message: 'boom' },
    ]);
    await expect(
      new MlflowClient({ trackingUri: uri, retry: fast }).getRun('r'),
    ).rejects.toBeInstanceOf(MlflowUnavailableError);
    expect(seen).toHaveLength(4);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(
      new MlflowClient({ trackingUri: closed, retry: fast }).getRun('r'),
    ).rejects.toThrow(/unreachable/);
  });
  it('does not retry a 401 and says it is an auth problem', async () => {
    const { uri, seen } = await startStub(() => [
      401,
      { error_code: 'UNAUTHENTICATED', message: 'You are not authenticated' },
    ]);
    const client = new MlflowClient({
      trackingUri: uri,
      retry: fast,
      auth: { username: 'ana', password: 'x' },
    });
    const error = await client.getRun('r').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowAuthError);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.auth).toBe(`Basic ${Buffer.from('ana:x').toString('base64')}`);
  });
  it('sends a bearer token when no user name is set, and reads everything from the environment', async () => {
    const options = mlflowOptionsFromEnv({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:1/',
      MLFLOW_TRACKING_TOKEN: 'tok',
    });
    expect(options).toEqual({
      trackingUri: 'http://127.0.0.1:1/',
      auth: { username: undefined, password: undefined, token: 'tok' },
    });
    expect(mlflowOptionsFromEnv({ MLFLOW_TRACKING_URI: ' ' })).toBeNull();
    const { uri, seen } = await startStub(() => [
      200,
      { run: { info: { run_id: 'r' }, data: {} } },
    ]);
    await new MlflowClient({ trackingUri: uri, auth: { token: 'tok' } }).getRun('r');
    expect(seen[0]?.auth).toBe('Bearer tok');
  });
  it('detects a server without the model registry (answering 404), as hosted ones may be', async () => {
    const { uri } = await startStub((req) =>
      req.url?.includes('registered-models') === true
        ? [404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'no' }]
        : [200, {}],
    );
    expect(await new MlflowClient({ trackingUri: uri, retry: fast }).hasRegistry()).toBe(false);
  });
  it('creates an experiment once even when another process wins the race', async () => {
    let created = false;
    const { uri } = await startStub((req) => {
      if (req.url?.startsWith('/api/2.0/mlflow/experiments/get-by-name') === true) {
        return created
          ? [200, { experiment: { experiment_id: '3', name: 'e', lifecycle_stage: 'active' } }]
          : [404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no' }];
      }
      created = true;
      return [400, { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'exists' }];
    });
    expect(
      (await new MlflowClient({ trackingUri: uri, retry: fast }).getOrCreateExperiment('e'))
        .experiment_id,
    ).toBe('3');
  });
  it('refuses keys MLflow would refuse before sending anything, and skips NaN metrics', async () => {
    const { uri, seen } = await startStub(() => [200, {}]);
    const client = new MlflowClient({ trackingUri: uri, retry: fast });
    await expect(client.logBatch('r', { params: { 'bad key!': 'v' } })).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(0);
    const result = await client.logBatch('r', {
      metrics: [
        { key: 'a', value: Number.NaN, timestamp: 1, step: 0 },
        { key: 'a', value: 1, timestamp: 1, step: 1 },
      ],
    });
    expect(result).toEqual({ calls: 1, skippedMetrics: 1 });
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({ metrics: [{ key: 'a', value: 1 }] });
  });
  it('maps mlflow-artifacts URIs to the proxy and refuses storage it does not proxy', () => {
    const client = new MlflowClient({ trackingUri: 'http://h:5000' });
    expect(client.artifactHttpPath('mlflow-artifacts:/1/abc/artifacts', 'model/model.json')).toBe(
      '/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model/model.json',
    );
    expect(() => client.artifactHttpPath('s3://bucket/1/abc')).toThrow(MlflowClientError);
    expect(() => client.artifactHttpPath('mlflow-artifacts:/1/abc', '../x')).toThrow(TypeError);
  });
});
