/**
 * A model trained before the out-of-sample rows had their own file, brought to today's layout for
 * the app's benchmarks: the same two files a training writes now, read back to the same metrics.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS_FILE, OUT_OF_SAMPLE_FILE } from '../../src/core/modelFiles';
import type { ModelMetrics } from '../../src/core/modelFiles/modelMetrics';
import { splitInlineRows } from '../../training/experiments/app/appModelLayout';
import { metricsFileTexts, readModelMetrics } from '../../training/lib/modelDir';

/** Metrics of four test-split rows with float32 scores, as a training wrote them inline. */
const legacy = {
  schemaHash: 'sha256:abc',
  createdAt: '2026-11-30T10:00:00.000Z',
  threshold: { threshold: 0.1 },
  test: { auc: 0.75 },
  outOfSample: {
    source: 'test',
    scores: [0.1, 0.3, 0.7, 0.05].map(Math.fround),
    labels: [0, 0, 1, 0],
  },
} as unknown as ModelMetrics;

describe('a model directory in the earlier layout', () => {
  it('is split into the files a training writes today, which read back to the same metrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retem-layout-'));
    writeFileSync(join(dir, METRICS_FILE), JSON.stringify(legacy, null, 1));
    splitInlineRows(dir);
    const texts = metricsFileTexts(legacy);
    expect(readFileSync(join(dir, METRICS_FILE), 'utf8')).toBe(texts[METRICS_FILE]);
    expect(readFileSync(join(dir, OUT_OF_SAMPLE_FILE), 'utf8')).toBe(texts[OUT_OF_SAMPLE_FILE]);
    expect(readModelMetrics(dir)).toEqual(legacy);
    // Today's layout is left as it is.
    splitInlineRows(dir);
    expect(readFileSync(join(dir, METRICS_FILE), 'utf8')).toBe(texts[METRICS_FILE]);
  });
});
