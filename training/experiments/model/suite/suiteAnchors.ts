/**
 * The suite's anchors for one file: anchors_suite.py's out-of-fold probabilities, cached in
 * artifacts/suite/<set>/anchors-<key>/ and recomputed only when the file, its folds, the script or
 * the pinned packages change.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchPython } from '../python';
import { featureColumns, writeRows, type SuiteFile } from './suiteData';

export const ANCHOR_NAMES = ['xgboost', 'lightgbm', 'catboost'] as const;
export type AnchorName = (typeof ANCHOR_NAMES)[number];
/** Random-search configurations per anchor and file. */
export const ANCHOR_CONFIGS = 20;

export interface AnchorScores {
  readonly name: AnchorName;
  /** Out-of-fold probabilities, one array per repeat. */
  readonly oof: readonly Float64Array[];
  readonly kept: Record<string, number>;
  readonly rounds: number;
  /** Seconds of the search and of the outer cross-validation. */
  readonly searchSeconds: number;
  readonly cvSeconds: number;
}

interface AnchorsJson {
  readonly anchors: Record<
    string,
    {
      kept: { params: Record<string, number> };
      rounds: number;
      cv_seconds: number;
      trials: { seconds: number }[];
    }
  >;
}

const here = import.meta.dirname;

/** The anchors' scores on a file, computing them first when no cached run matches. */
export function anchorScores(root: string, file: SuiteFile, threads: number): AnchorScores[] {
  const script = join(here, 'anchors_suite.py');
  const foldsText = Array.from(file.labels, (_, row) =>
    file.folds.map((folds) => folds[row] ?? 0).join(' '),
  ).join('\n');
  const key = createHash('sha256')
    .update(readFileSync(resolve(root, file.set.path)))
    .update(JSON.stringify(file.set))
    .update(foldsText)
    .update(readFileSync(script))
    .update(readFileSync(join(here, '..', 'requirements.txt')))
    .update(String(ANCHOR_CONFIGS))
    .digest('hex')
    .slice(0, 16);
  const dir = join(root, 'artifacts', 'suite', file.set.name, `anchors-${key}`);
  const done = join(dir, 'done');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    const columns = featureColumns(file);
    writeRows(
      join(dir, 'features.csv'),
      columns.map((at) => file.header[at] ?? ''),
      file.rows.map((fields) => columns.map((at) => fields[at] ?? '')),
    );
    writeFileSync(join(dir, 'labels.txt'), file.labels.join('\n') + '\n');
    writeFileSync(join(dir, 'folds.txt'), foldsText + '\n');
    console.error(`• ${file.set.name}: tuning and cross-validating the anchors (cached in ${dir})`);
    execFileSync(
      benchPython(root),
      [
        script,
        join(dir, 'features.csv'),
        join(dir, 'labels.txt'),
        join(dir, 'folds.txt'),
        dir,
        ...['--configs', String(ANCHOR_CONFIGS), '--threads', String(threads)],
      ],
      { stdio: 'inherit' },
    );
    writeFileSync(done, new Date().toISOString());
  }
  const summary = JSON.parse(readFileSync(join(dir, 'anchors.json'), 'utf8')) as AnchorsJson;
  return ANCHOR_NAMES.map((name) => {
    const entry = summary.anchors[name];
    if (entry === undefined) throw new Error(`${dir}: no ${name}`);
    const lines = readFileSync(join(dir, `${name}.txt`), 'utf8')
      .trim()
      .split('\n');
    const oof = file.folds.map((_, repeat) =>
      Float64Array.from(lines, (line) => Number(line.trim().split(/\s+/)[repeat])),
    );
    return {
      name,
      oof,
      kept: entry.kept.params,
      rounds: entry.rounds,
      searchSeconds: entry.trials.reduce((sum, t) => sum + t.seconds, 0),
      cvSeconds: entry.cv_seconds,
    };
  });
}
