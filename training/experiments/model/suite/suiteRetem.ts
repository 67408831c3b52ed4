/**
 * Retém on one file of the suite, as an analyst runs it: for every outer fold of the repeats asked
 * for, `npm run train` with the defaults on the other folds' rows (told only the ID, target,
 * positive value and leaking columns) and `npm run score` on the held rows. Cached per file,
 * training seed and label in artifacts/suite/<set>/retem-<label>-seed<seed>.json, with the repeats
 * it holds: a run asked for repeats the cache holds reads them, and one asked for others trains
 * only those and adds them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../../../src/core/records';
import { cliScriptPath, type CliName } from '../../../lib/cliScripts';
import { foldRows, writeRows, type SuiteFile } from './suiteData';

export interface RetemScores {
  /** The outer repeat (0-based, an index into the file's folds) of each array below. */
  readonly repeats: readonly number[];
  /** Out-of-fold probabilities, one array per repeat run. */
  readonly oof: readonly Float64Array[];
  /** Whether `npm run score` said to contact each customer, one array per repeat run. */
  readonly contacts: readonly Uint8Array[];
  /** Seconds of each `npm run train`, fold by fold, repeat by repeat. */
  readonly trainSeconds: readonly number[];
}

/** A run as cached on disk: its repeats' scores, in the order of `repeats`. */
export interface CachedRun {
  /** Absent in runs cached before runs could hold some repeats only: then every repeat, in order. */
  readonly repeats?: number[];
  readonly oof: number[][];
  readonly contacts: number[][];
  /** The folds' training seconds, repeat after repeat (the same number of folds each). */
  readonly trainSeconds: number[];
}

/** One repeat of a run: its out-of-fold scores, contacts and the seconds of its folds' trainings. */
export interface RepeatRun {
  readonly oof: Float64Array;
  readonly contacts: Uint8Array;
  readonly trainSeconds: readonly number[];
}

/**
 * The repeats a cached run holds, by repeat (0-based). Throws on a run whose arrays do not line up
 * (a different number of score arrays than repeats, or training times that do not split evenly).
 */
export function repeatsOfCachedRun(run: CachedRun): Map<number, RepeatRun> {
  const held = run.repeats ?? run.oof.map((_, repeat) => repeat);
  const foldsPerRepeat = run.trainSeconds.length / Math.max(held.length, 1);
  if (
    run.oof.length !== held.length ||
    run.contacts.length !== held.length ||
    !Number.isInteger(foldsPerRepeat)
  ) {
    throw new Error(
      `a cached run of ${held.length} repeats holds ${run.oof.length} score arrays and ${run.trainSeconds.length} training times`,
    );
  }
  return new Map(
    held.map((repeat, i) => [
      repeat,
      {
        oof: Float64Array.from(run.oof[i] ?? []),
        contacts: Uint8Array.from(run.contacts[i] ?? []),
        trainSeconds: run.trainSeconds.slice(i * foldsPerRepeat, (i + 1) * foldsPerRepeat),
      },
    ]),
  );
}

/** The cached form of a run's repeats, in repeat order. */
export function cachedRunOf(byRepeat: ReadonlyMap<number, RepeatRun>): CachedRun {
  const repeats = [...byRepeat.keys()].sort((a, b) => a - b);
  const parts = repeats.map((repeat) => byRepeat.get(repeat) as RepeatRun);
  return {
    repeats,
    oof: parts.map((p) => Array.from(p.oof)),
    contacts: parts.map((p) => Array.from(p.contacts)),
    trainSeconds: parts.flatMap((p) => [...p.trainSeconds]),
  };
}

function runCli(root: string, script: CliName, args: readonly string[]): void {
  const result = spawnSync(
    resolve(root, 'node_modules', '.bin', 'tsx'),
    [cliScriptPath(root, script), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, MLFLOW_TRACKING_URI: '' },
      maxBuffer: 1 << 28,
    },
  );
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${result.stderr}`);
}

/**
 * What tells runs with train flags apart in the cache: '' for the defaults, else a hash of the flags
 * and of the contents of the `--config` file they name.
 */
export function trainFlagsKey(root: string, trainFlags: readonly string[]): string {
  if (trainFlags.length === 0) return '';
  const hash = createHash('sha256').update(trainFlags.join('\0'));
  const configAt = trainFlags.indexOf('--config');
  const config = configAt < 0 ? undefined : trainFlags[configAt + 1];
  if (config !== undefined) hash.update(readFileSync(resolve(root, config)));
  return `-${hash.digest('hex').slice(0, 12)}`;
}

/** `npm run train` and `npm run score` on every outer fold of one repeat. */
function trainRepeat(
  root: string,
  file: SuiteFile,
  seed: number,
  repeat: number,
  trainFlags: readonly string[],
): RepeatRun {
  const { set } = file;
  const folds = file.folds[repeat];
  if (folds === undefined) throw new Error(`${set.name}: no repeat ${repeat + 1}`);
  const idAt = file.header.indexOf(set.id);
  const work = mkdtempSync(join(tmpdir(), `retem-suite-${set.name}-`));
  const oof = new Float64Array(file.labels.length).fill(Number.NaN);
  const contacts = new Uint8Array(file.labels.length);
  const trainSeconds: number[] = [];
  for (let fold = 0; fold < Math.max(...folds) + 1; fold++) {
    const train = join(work, 'train.csv');
    const held = join(work, 'held.csv');
    const model = join(work, 'model');
    const heldRows = foldRows(folds, fold, true);
    writeRows(train, file.header, file.rows, foldRows(folds, fold, false));
    writeRows(held, file.header, file.rows, heldRows);
    const started = Date.now();
    runCli(root, 'train', [
      ...['--data', train, '--out', model, '--id', set.id, '--target', set.target],
      ...(set.positive === undefined ? [] : ['--positive', set.positive]),
      ...set.exclude.flatMap((column) => ['--exclude', column]),
      ...['--seed', String(seed), ...trainFlags],
    ]);
    trainSeconds.push((Date.now() - started) / 1000);
    const scores = join(work, 'scores.csv');
    runCli(root, 'score', ['--model', model, '--data', held, '--out', scores]);
    const byId = new Map(
      parseCsv(readFileSync(scores, 'utf8'))
        .slice(1)
        .map((r) => [r.fields[0] ?? '', r.fields]),
    );
    for (const row of heldRows) {
      const fields = byId.get((file.rows[row]?.[idAt] ?? '').trim());
      if (fields === undefined) throw new Error(`${set.name}: row ${row} was not scored`);
      oof[row] = Number(fields[1]);
      contacts[row] = fields[2] === '1' ? 1 : 0;
    }
    console.error(
      `  ${set.name} seed ${seed} repeat ${repeat + 1} fold ${fold + 1}: trained in ${trainSeconds.at(-1)?.toFixed(1)} s`,
    );
    rmSync(model, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  return { oof, contacts, trainSeconds };
}

/**
 * Retém's out-of-fold scores on a file for one training seed, on the given outer repeats (0-based),
 * training only the repeats the cache lacks and adding them to it.
 */
export function retemScores(
  root: string,
  file: SuiteFile,
  seed: number,
  repeats: readonly number[],
  label: string,
  trainFlags: readonly string[],
): RetemScores {
  const dir = join(root, 'artifacts', 'suite', file.set.name);
  const cache = join(dir, `retem-${label}${trainFlagsKey(root, trainFlags)}-seed${seed}.json`);
  const byRepeat = existsSync(cache)
    ? repeatsOfCachedRun(JSON.parse(readFileSync(cache, 'utf8')) as CachedRun)
    : new Map<number, RepeatRun>();
  const missing = [...new Set(repeats)].filter((repeat) => !byRepeat.has(repeat));
  for (const repeat of missing) {
    byRepeat.set(repeat, trainRepeat(root, file, seed, repeat, trainFlags));
    mkdirSync(dir, { recursive: true });
    writeFileSync(cache, JSON.stringify(cachedRunOf(byRepeat)));
  }
  const parts = repeats.map((repeat) => byRepeat.get(repeat) as RepeatRun);
  return {
    repeats,
    oof: parts.map((p) => p.oof),
    contacts: parts.map((p) => p.contacts),
    trainSeconds: parts.flatMap((p) => [...p.trainSeconds]),
  };
}
