/**
 * One churn file of the suite as every model sees it: its rows as core's CSV reader reads them,
 * the labels by the user's target and positive value, and the repeated stratified folds that every
 * model shares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvField, parseCsv, resolveTarget } from '../../../../src/core/records';
import { stratifiedFolds } from '../../../lib/split';
import type { SuiteSet } from '../churnSuite';

/** The suite's outer folds do not move with the training seed. */
export const SUITE_FOLD_SEED = 2026;
export const SUITE_FOLDS = 5;
/** Files under this many rows are cross-validated three times, larger ones once. */
export const REPEAT_BELOW_ROWS = 20_000;

export interface SuiteFile {
  readonly set: SuiteSet;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly labels: Uint8Array;
  /** One fold number per row for each repeat. */
  readonly folds: readonly Uint8Array[];
}

/** Reads a set's file (gzip or plain) from the project's root; throws on a file it cannot label. */
export function readSuiteFile(root: string, set: SuiteSet): SuiteFile {
  const bytes = readFileSync(resolve(root, set.path));
  const text = (set.path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const records = parseCsv(text);
  const header = records[0]?.fields.map((name) => name.trim()) ?? [];
  const rows = records
    .slice(1)
    .filter((record) => record.fields.length === header.length)
    .map((record) => record.fields);
  const targetAt = header.indexOf(set.target);
  const resolved = resolveTarget(
    set.target,
    rows.map((fields) => fields[targetAt] ?? ''),
    set.positive,
  );
  if (!resolved.ok) throw new Error(`${set.name}: ${JSON.stringify(resolved.problem)}`);
  const labels = Uint8Array.from(resolved.value.labels);
  const repeats = labels.length < REPEAT_BELOW_ROWS ? 3 : 1;
  const folds = Array.from({ length: repeats }, (_, repeat) =>
    stratifiedFolds(labels, SUITE_FOLDS, SUITE_FOLD_SEED + repeat),
  );
  return { set, header, rows, labels, folds };
}

/**
 * The outer repeat (0-based) that the i-th training seed (0-based) runs on: seeds take the repeats
 * in turn, so three seeds on a file of three repeats average three seeds and three partitions for
 * a third of the trainings of every seed on every repeat; on a file of one repeat every seed runs
 * on it. Throws on fewer than one repeat.
 */
export function repeatOfSeed(seedIndex: number, repeats: number): number {
  if (!(repeats >= 1)) throw new Error(`a suite file needs a repeat, not ${repeats}`);
  return seedIndex % repeats;
}

/** Row numbers of one fold's held rows (held = true) or of the other folds' rows. */
export function foldRows(folds: Uint8Array, fold: number, held: boolean): Uint32Array {
  const rows: number[] = [];
  folds.forEach((f, row) => {
    if ((f === fold) === held) rows.push(row);
  });
  return Uint32Array.from(rows);
}

/** Writes a header and the given rows (all when omitted) as a comma CSV. */
export function writeRows(
  path: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  pick?: ArrayLike<number>,
): void {
  const line = (fields: readonly string[]) => fields.map((f) => csvField(f)).join(',');
  const chosen = pick === undefined ? rows : Array.from(pick, (row) => rows[row] ?? []);
  writeFileSync(path, [header, ...chosen].map(line).join('\n') + '\n');
}

/** The columns a model may read: all but the ID, the target and the leaking columns. */
export function featureColumns(file: SuiteFile): number[] {
  const dropped = new Set([file.set.id, file.set.target, ...file.set.exclude]);
  return file.header.flatMap((name, at) => (dropped.has(name) ? [] : [at]));
}
