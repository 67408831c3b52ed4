/**
 * The model beyond Node, for npm run bench: MLflow's pyfunc on a frame as pandas.read_csv gives
 * it, and the Spark job on local[2], in rows per second. Null when the MLflow virtualenv
 * (.venv-mlflow, made by tests/tools/ensure-tools.sh) is not there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PythonScoringFigures {
  readonly rows: number;
  readonly pyfuncRowsPerSecond: number;
  /** The Spark job's first file after Spark has started; null when Spark failed (no Java or pyspark). */
  readonly sparkFirstRowsPerSecond: number | null;
  /** The same file scored again in the same session: the rate of a long portfolio. */
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
    resolve(root, 'training', 'experiments', 'app', 'spark_speed.py'),
    model,
    data,
  ]);
  const sparkTimes =
    spark.status === 0
      ? (JSON.parse(spark.stdout.trim().split('\n').pop() ?? '{}') as {
          firstSeconds: number;
          secondSeconds: number;
        })
      : null;
  return {
    rows,
    pyfuncRowsPerSecond: rows / seconds,
    sparkFirstRowsPerSecond: sparkTimes === null ? null : rows / sparkTimes.firstSeconds,
    sparkRowsPerSecond: sparkTimes === null ? null : rows / sparkTimes.secondSeconds,
  };
}
