/**
 * The model beyond Node, for npm run bench: MLflow's pyfunc on a frame as pandas.read_csv gives
 * it, and the Spark job on local[2] (Spark's start left out), in rows per second. Null when the
 * MLflow virtualenv (.venv-mlflow, made by tests/tools/ensure-tools.sh) is not there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface PythonScoringFigures {
  readonly rows: number;
  readonly pyfuncRowsPerSecond: number;
  /** Null when the Spark job failed (Java or pyspark missing). */
  readonly sparkRowsPerSecond: number | null;
}

/** Scores `data` with the model directory `model` through pyfunc and through Spark. */
export function benchPythonScoring(
  root: string,
  model: string,
  data: string,
): PythonScoringFigures | null {
  const python = resolve(root, '.venv-mlflow', 'bin', 'python');
  if (!existsSync(python)) return null;
  const run = (args: string[]) =>
    spawnSync(python, args, {
      encoding: 'utf8',
      timeout: 900_000,
      env: { ...process.env, PYSPARK_PYTHON: python },
    });
  const timed = run([
    resolve(root, 'training', 'experiments', 'app', 'pyfunc_speed.py'),
    model,
    data,
  ]);
  if (timed.status !== 0) throw new Error(`pyfunc: ${timed.stderr}`);
  const { rows, seconds } = JSON.parse(timed.stdout.trim().split('\n').pop() ?? '{}') as {
    rows: number;
    seconds: number;
  };
  const spark = run([
    resolve(root, 'training', 'exports', 'spark', 'score_portfolio.py'),
    '--model-uri',
    model,
    '--data',
    data,
    '--out',
    join(mkdtempSync(join(tmpdir(), 'retem-spark-')), 'scores'),
  ]);
  const sparkRate = /customers scored in [\d.]+ s \(([\d,]+) rows\/s\)/.exec(spark.stdout)?.[1];
  return {
    rows,
    pyfuncRowsPerSecond: rows / seconds,
    sparkRowsPerSecond: sparkRate === undefined ? null : Number(sparkRate.replaceAll(',', '')),
  };
}
