/**
 * Retém on one file of the suite, as an analyst runs it: for every outer fold, `npm run train` with
 * the defaults on the other folds' rows (told only the ID, target, positive value and leaking
 * columns) and `npm run score` on the held rows. Cached per file, training seed and label in
 * artifacts/suite/<set>/retem-<label>-seed<seed>.json.
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
  /** Out-of-fold probabilities, one array per repeat. */
  readonly oof: readonly Float64Array[];
  /** Whether `npm run score` said to contact each customer, one array per repeat. */
  readonly contacts: readonly Uint8Array[];
  /** Seconds of each `npm run train`, fold by fold. */
  readonly trainSeconds: readonly number[];
}

interface CachedRun {
  readonly oof: number[][];
  readonly contacts: number[][];
  readonly trainSeconds: number[];
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

/** Retém's out-of-fold scores on a file for one training seed, training only what is not cached. */
export function retemScores(
  root: string,
  file: SuiteFile,
  seed: number,
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
    const run = JSON.parse(readFileSync(cache, 'utf8')) as CachedRun;
    return {
      oof: run.oof.map((p) => Float64Array.from(p)),
      contacts: run.contacts.map((c) => Uint8Array.from(c)),
      trainSeconds: run.trainSeconds,
    };
  }
  const { set } = file;
  const idAt = file.header.indexOf(set.id);
  const work = mkdtempSync(join(tmpdir(), `retem-suite-${set.name}-`));
  const oof = file.folds.map(() => new Float64Array(file.labels.length).fill(Number.NaN));
  const contacts = file.folds.map(() => new Uint8Array(file.labels.length));
  const trainSeconds: number[] = [];
  file.folds.forEach((folds, repeat) => {
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
        (oof[repeat] as Float64Array)[row] = Number(fields[1]);
        (contacts[repeat] as Uint8Array)[row] = fields[2] === '1' ? 1 : 0;
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
    oof: oof.map((p) => Array.from(p)),
    contacts: contacts.map((c) => Array.from(c)),
    trainSeconds,
  };
  writeFileSync(cache, JSON.stringify(run));
  return { oof, contacts, trainSeconds };
}
