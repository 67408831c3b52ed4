/**
 * A model directory in the layout today's training writes, for a benchmark that measures the app
 * with a model trained earlier: a metrics.json that still holds its out-of-sample rows inline is
 * split into metrics.json's figures and out-of-sample.json, as the app now reads them. The model
 * A/B then compares the models, not two layouts of their metrics.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { METRICS_FILE, readMetricsJson, withOutOfSampleRows } from '../../../src/core/modelFiles';
import { metricsFileTexts } from '../../lib/modelDir';

/** Rewrites `dir`'s metrics in today's layout when they are in the earlier one; else leaves it. */
export function splitInlineRows(dir: string): void {
  const { figures, inlineRows } = readMetricsJson(
    JSON.parse(readFileSync(join(dir, METRICS_FILE), 'utf8')) as Parameters<
      typeof readMetricsJson
    >[0],
  );
  if (inlineRows === null) return;
  const texts = metricsFileTexts(withOutOfSampleRows(figures, inlineRows));
  for (const [file, text] of Object.entries(texts)) writeFileSync(join(dir, file), text);
}

/** The gzip size of `files` in `dir`, kB (1,024 bytes), as a server sends them compressed. */
export function gzipKb(dir: string, files: readonly string[]): number {
  return (
    files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file))).length, 0) / 1024
  );
}
