/**
 * An optional file beside the model (out-of-sample rows, segments) fetched from a real HTTP
 * server: a file the build does not ship is absent, a failure on the way is unreachable (worth
 * another try), and a body that is not JSON reaches the file's reader as undefined.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOptionalModelJson } from '../../src/features/inference/optionalModelFile';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/rows.json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"format":"retem-out-of-sample","rows":3}');
        return;
      case '/page.json':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>Retém</title>');
        return;
      case '/failing.json':
        response.writeHead(503);
        response.end();
        return;
      case '/cut.json':
        // A body promised in full and cut off half-way.
        response.writeHead(200, { 'content-length': '1000' });
        response.write('{"rows": [1, 2,');
        response.destroy();
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('an optional model file', () => {
  it('gives the JSON the server holds', async () => {
    expect(await fetchOptionalModelJson(`${base}/rows.json`, true)).toEqual({
      ok: true,
      value: { format: 'retem-out-of-sample', rows: 3 },
    });
  });

  it('is absent when the build ships none, without asking the server', async () => {
    expect(await fetchOptionalModelJson(`${base}/rows.json`, false)).toEqual({
      ok: false,
      problem: { code: 'absent' },
    });
  });

  it('is absent when the server has no such file', async () => {
    const read = await fetchOptionalModelJson(`${base}/segments.json`, true);
    expect(read).toEqual({ ok: false, problem: { code: 'absent' } });
  });

  it.each([
    ['the server fails', '/failing.json'],
    ['the body is cut off on the way', '/cut.json'],
  ])('is unreachable when %s', async (_, path) => {
    const read = await fetchOptionalModelJson(`${base}${path}`, true);
    expect(read).toEqual({ ok: false, problem: { code: 'unreachable' } });
  });

  it('is unreachable when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const read = await fetchOptionalModelJson(`http://127.0.0.1:${String(port)}/rows.json`, true);
    expect(read).toEqual({ ok: false, problem: { code: 'unreachable' } });
  });

  it('hands a body that is not JSON (a fallback page) to the reader as undefined', async () => {
    expect(await fetchOptionalModelJson(`${base}/page.json`, true)).toEqual({
      ok: true,
      value: undefined,
    });
  });
});
