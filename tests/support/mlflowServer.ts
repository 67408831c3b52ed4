/**
 * A real MLflow server for the tracking tests: the pinned MLflow in .venv-mlflow (installed by
 * tests/tools/ensure-tools.sh), on a free loopback port, with a sqlite store in a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../training/lib/freePort';
import { ROOT } from './paths';

export { freePort };

export const MLFLOW_VENV = resolve(ROOT, '.venv-mlflow');
export const MLFLOW_PYTHON = join(MLFLOW_VENV, 'bin', 'python');

/** The admin a basic-auth server is started with (MLflow ships no default password). */
export const BASIC_AUTH_ADMIN = { username: 'admin', password: 'retem-admin-Password-1' } as const;

export interface MlflowServer {
  readonly uri: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `mlflow server` and waits until /health answers (up to 90 s). */
export async function startMlflowServer(
  options: { basicAuth?: boolean } = {},
): Promise<MlflowServer> {
  const mlflow = join(MLFLOW_VENV, 'bin', 'mlflow');
  if (!existsSync(mlflow))
    throw new Error(
      `MLflow is not installed in ${MLFLOW_VENV}: run bash tests/tools/ensure-tools.sh`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'retem-mlflow-'));
  const port = await freePort();
  const args = [
    'server',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--backend-store-uri',
    `sqlite:///${dir}/mlflow.db`,
    '--artifacts-destination',
    join(dir, 'artifacts'),
    '--workers',
    '1',
  ];
  if (options.basicAuth === true) args.push('--app-name', 'basic-auth');
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(mlflow, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      MLFLOW_FLASK_SERVER_SECRET_KEY: 'retem-tests',
      MLFLOW_AUTH_ADMIN_PASSWORD: BASIC_AUTH_ADMIN.password,
    },
  });
  const uri = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const response = await fetch(`${uri}/health`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null)
      throw new Error(`mlflow server exited with ${child.exitCode}; see ${dir}/server.log`);
    if (Date.now() > deadline)
      throw new Error(`mlflow server did not answer /health within 90 s; see ${dir}/server.log`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    uri,
    dir,
    process: child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.pid === undefined) {
          resolveStop();
          return;
        }
        child.once('exit', () => {
          resolveStop();
        });
        // The server runs gunicorn/uvicorn workers: end the whole process group.
        process.kill(-child.pid, 'SIGKILL');
      }),
  };
}
