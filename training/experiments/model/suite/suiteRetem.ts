/**
 * Retém on one file of the suite, as an analyst runs it: for every outer fold of the repeats asked
 * for, `npm run train` with the defaults on the other folds' rows (told only the ID, target,
 * positive value and leaking columns) and `npm run score` on the held rows. Cached per file,
 * training seed and label in artifacts/suite/<set>/retem-<label>-seed<seed>.json, with the repeats
 * it holds; a cached run that holds more repeats than asked for serves the ones asked for.
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

interface CachedRun {
  /** Absent in runs cached before runs could hold some repeats only: then every repeat. */
  readonly repeats?: number[];
  readonly oof: number[][];
  readonly contacts: number[][];
  readonly trainSeconds: number[];
}

/** The cached run's scores for the wanted repeats, or undefined when it lacks one of them. */
function cachedScores(run: CachedRun, wanted: readonly number[]): RetemScores | undefined {
  const held = run.repeats ?? run.oof.map((_, repeat) => repeat);
  const at = wanted.map((repeat) => held.indexOf(repeat));
  if (at.some((i) => i < 0)) return undefined;
  const foldsPerRepeat = run.trainSeconds.length / held.length;
  return {
    repeats: wanted,
    oof: at.map((i) => Float64Array.from(run.oof[i] ?? [])),
    contacts: at.map((i) => Uint8Array.from(run.contacts[i] ?? [])),
    trainSeconds: at.flatMap((i) =>
      run.trainSeconds.slice(i * foldsPerRepeat, (i + 1) * foldsPerRepeat),
    ),
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

/**
 * Retém's out-of-fold scores on a file for one training seed, on the given outer repeats (0-based),
 * training only when the cache lacks one of them; a run it trains replaces the cached one.
 */
export function retemScores(
  root: string,
  file: SuiteFile,
  seed: number,
  repeats: readonly number[],
  label: string,
  trainFlags: readonly string[],
): RetemScores {
  const cache = join(
    root,
    'artifacts',
    'suite',
    file.set.name,
    `retem-${label}${trainFlagsKey(root, trainFlags)}-seed${seed}.json`,
  );
  if (existsSync(cache)) {
    const cached = cachedScores(JSON.parse(readFileSync(cache, 'utf8')) as CachedRun, repeats);
    if (cached !== undefined) return cached;
  }
  const { set } = file;
  const idAt = file.header.indexOf(set.id);
  const work = mkdtempSync(join(tmpdir(), `retem-suite-${set.name}-`));
  const oof = repeats.map(() => new Float64Array(file.labels.length).fill(Number.NaN));
  const contacts = repeats.map(() => new Uint8Array(file.labels.length));
  const trainSeconds: number[] = [];
  repeats.forEach((repeat, at) => {
    const folds = file.folds[repeat];
    if (folds === undefined) throw new Error(`${file.set.name}: no repeat ${repeat + 1}`);
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
        (oof[at] as Float64Array)[row] = Number(fields[1]);
        (contacts[at] as Uint8Array)[row] = fields[2] === '1' ? 1 : 0;
      }
      console.error(
        `  ${set.name} seed ${seed} repeat ${repeat + 1} fold ${fold + 1}: trained in ${trainSeconds.at(-1)?.toFixed(1)} s`,
      );
      rmSync(model, { recursive: true, force: true });
    }
  });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(root, 'artifacts', 'suite', set.name), { recursive: true });
  const run: CachedRun = {
    repeats: [...repeats],
    oof: oof.map((p) => Array.from(p)),
    contacts: contacts.map((c) => Array.from(c)),
    trainSeconds,
  };
  writeFileSync(cache, JSON.stringify(run));
  return { repeats, oof, contacts, trainSeconds };
}
