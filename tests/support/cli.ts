/** Runs the project's CLIs as a user would, through tsx, and captures what they print. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, TSX } from './paths';
import { cliScriptPath, type CliName } from '../../training/lib/cliScripts';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI npm runs as <name> (training/lib/cliScripts.ts) with the given flags; untracked unless `env` names an MLflow server
 * in MLFLOW_TRACKING_URI.
 */
export function runCliScript(
  name: CliName,
  args: string[],
  timeoutMs = 240_000,
  env: Record<string, string> = {},
): CliResult {
  const result = spawnSync(TSX, [cliScriptPath(ROOT, name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, MLFLOW_TRACKING_URI: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `--config <file>` for a run with these recipe settings (keys as `npm run train` lists them
 * under --config), the file written to a fresh temporary folder.
 */
export function recipeFlags(settings: Record<string, number | string>): string[] {
  const path = join(mkdtempSync(join(tmpdir(), 'retem-recipe-')), 'trial.json');
  writeFileSync(path, JSON.stringify(settings));
  return ['--config', path];
}
