/**
 * A model's metrics in two files: metrics.json's figures, small enough for the app's start, and
 * out-of-sample.json's rows, which the view reads after it. Both Node and the browser read them
 * back to the very numbers the training measured.
 */
import { describe, expect, it } from 'vitest';
import {
  expectedRowsOf,
  outOfSampleFileJson,
  readMetricsJson,
  readOutOfSampleFile,
  splitMetrics,
  withOutOfSampleRows,
  type ModelFigures,
  type ModelMetrics,
} from '../../src/core/modelFiles';
import { createRng } from '../../src/core/rng';

/** Metrics of `rows` out-of-fold rows with float32 scores, and a value column with gaps. */
function metricsOf(rows: number): ModelMetrics {
  const rng = createRng(31);
  const scores = Array.from({ length: rows }, () => Math.fround(rng.next() ** 3));
  return {
    schemaHash: 'sha256:abc',
    createdAt: '2026-12-07T07:00:00.000Z',
    threshold: { threshold: 0.1 },
    test: { auc: 0.8 },
    outOfSample: {
      source: 'out-of-fold',
      scores,
      labels: scores.map((s) => (rng.next() < s ? 1 : 0)),
      valueColumn: 'saldo',
      values: scores.map((_, i) => (i % 7 === 0 ? null : Math.round(rng.next() * 1e5) / 100)),
    },
  } as unknown as ModelMetrics;
}

/** Through JSON text, as a file on disk or over the network. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("a model's out-of-sample rows", () => {
  it('leave metrics.json for their own file and come back exactly: float32 scores, labels, values with gaps', () => {
    const metrics = metricsOf(5000);
    const { figures, rows } = splitMetrics(metrics);
    expect(figures.outOfSample).toEqual({
      source: 'out-of-fold',
      rows: 5000,
      file: 'out-of-sample.json',
      valueColumn: 'saldo',
    });
    expect(figures.test).toBe(metrics.test);
    const written = viaJson(figures);
    const read = readMetricsJson(written);
    expect(read.inlineRows).toBeNull();
    const file = readOutOfSampleFile(
      viaJson(outOfSampleFileJson(rows, metrics)),
      expectedRowsOf(read.figures),
    );
    if (!file.ok) throw new Error(file.problem.code);
    expect(withOutOfSampleRows(read.figures, file.value)).toEqual(metrics);
  });

  it('take 4 bytes a score in the file, where metrics.json printed 10 to 12 characters', () => {
    const metrics = metricsOf(20_000);
    const { figures, rows } = splitMetrics({
      ...metrics,
      outOfSample: {
        source: 'test',
        scores: metrics.outOfSample.scores,
        labels: metrics.outOfSample.labels,
      },
    });
    expect(JSON.stringify(figures).length).toBeLessThan(500);
    // Base64 of 4 bytes of score and 1 of label per row: 5 · 4/3 characters.
    const fileLength = JSON.stringify(outOfSampleFileJson(rows, metrics)).length;
    expect(fileLength / 20_000).toBeGreaterThan(6.6);
    expect(fileLength / 20_000).toBeLessThan(6.8);
    expect(JSON.stringify(metrics.outOfSample.scores).length / 20_000).toBeGreaterThan(10);
  });

  it('are read from a metrics.json that holds them inline, as written before they had their own file', () => {
    // Such a file printed each float32 score as its shortest decimal: 0.1 for float32(0.1).
    const legacy = {
      schemaHash: 'sha256:old',
      outOfSample: { source: 'test', scores: [0.1, 0.30000001, 0.7], labels: [0, 0, 1] },
    } as unknown as ModelFigures;
    const { figures, inlineRows } = readMetricsJson(legacy);
    expect(figures.outOfSample).toEqual({ source: 'test', rows: 3 });
    expect(inlineRows?.scores).toEqual([Math.fround(0.1), Math.fround(0.3), Math.fround(0.7)]);
    expect(inlineRows?.labels).toEqual([0, 0, 1]);
  });

  it('name what is wrong with a file that cannot serve the figures, another training of the same spec included', () => {
    const metrics = metricsOf(10);
    const { figures, rows } = splitMetrics(metrics);
    const json = outOfSampleFileJson(rows, metrics) as Record<string, unknown>;
    const expected = expectedRowsOf(figures);
    const problem = (changed: unknown, of = expected) => {
      const read = readOutOfSampleFile(changed, of);
      return read.ok ? null : read.problem;
    };
    expect(problem(json)).toBeNull();
    expect(problem({ format: 'retem-metrics', version: 1 })).toEqual({ code: 'not-out-of-sample' });
    expect(problem('not json at all')).toEqual({ code: 'not-out-of-sample' });
    expect(problem(json, { ...expected, schemaHash: 'sha256:other' })).toEqual({
      code: 'other-training',
    });
    // Trained again on the same file with other settings: the same spec, another time.
    expect(problem(json, { ...expected, createdAt: '2026-12-08T09:00:00.000Z' })).toEqual({
      code: 'other-training',
    });
    expect(problem(json, { ...expected, rows: 11 })).toEqual({
      code: 'inconsistent',
      field: 'rows',
    });
    expect(problem(json, { ...expected, source: 'test' })).toEqual({
      code: 'inconsistent',
      field: 'rows',
    });
    expect(problem({ ...json, scores: 'AAAA' })).toEqual({ code: 'inconsistent', field: 'scores' });
    expect(problem({ ...json, labels: btoa('\u0000\u0002'.repeat(5)) })).toEqual({
      code: 'inconsistent',
      field: 'labels',
    });
    // Values exactly when metrics.json names their column, and from that column.
    expect(problem({ ...json, values: 7 })).toEqual({ code: 'inconsistent', field: 'values' });
    expect(problem({ ...json, valueColumn: 'renda' })).toEqual({
      code: 'inconsistent',
      field: 'values',
    });
    const withoutValues = Object.fromEntries(
      Object.entries(json).filter(([key]) => key !== 'values' && key !== 'valueColumn'),
    );
    expect(problem(withoutValues)).toEqual({ code: 'inconsistent', field: 'values' });
    const noColumn: typeof expected = {
      schemaHash: expected.schemaHash,
      createdAt: expected.createdAt,
      rows: expected.rows,
      source: expected.source,
    };
    expect(problem(json, noColumn)).toEqual({ code: 'inconsistent', field: 'values' });
    expect(problem(withoutValues, noColumn)).toBeNull();
  });
});
