/** The demo's model and Node's scores of its customers: the references the browser tests check. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../src/core/records/csv';
import type { ModelMetrics } from '../../src/core/modelFiles/modelMetrics';
import { runCliScript } from './cli';
import { ROOT } from './paths';
import { readModelMetrics } from '../../training/lib/modelDir';

/** Every demo customer's probability by ID, as `npm run score` writes it (to 6 decimals). */
export function nodeScoresOfDemo(work: string): Map<string, number> {
  const out = join(work, 'node-scores.csv');
  const scored = runCliScript('score', [
    '--model',
    resolve(ROOT, 'public', 'model'),
    '--data',
    resolve(ROOT, 'data', 'demo', 'customers.csv'),
    '--out',
    out,
  ]);
  if (scored.status !== 0) throw new Error(scored.stderr);
  const scores = new Map<string, number>();
  for (const record of parseCsv(readFileSync(out, 'utf8')).slice(1))
    scores.set(record.fields[0] ?? '', Number(record.fields[1]));
  return scores;
}

/** The demo model's metrics, with the out-of-sample rows beside them. */
export function demoMetrics(): ModelMetrics {
  return readModelMetrics(resolve(ROOT, 'public', 'model'));
}
