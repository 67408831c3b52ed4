/** The production build of the app, served by `vite preview` on a free loopback port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './mlflowServer';
import { ROOT, TSX } from './paths';

export interface AppServer {
  readonly url: string;
  stop(): Promise<void>;
  /** Starts the same build again on the same port (after stop()). */
  restart(): Promise<void>;
}

/**
 * A value the build runs with in every MLflow credential variable (and one the bundler could
 * expose, VITE_*), so that a test can show that no secret from the environment reaches dist/.
 */
export const SECRET_CANARY = 'retem-canary-7f3a9c1e';

/** Another build than the demo's: its public folder (model and portfolio) and output folder. */
export interface BuildOptions {
  readonly publicDir: string;
  readonly outDir: string;
}

/**
 * Builds the app and serves it: by default the demo (its model and snapshot prepared when
 * missing) into dist/; with `other`, that public folder into that output folder.
 */
export async function buildAndServeApp(other?: BuildOptions): Promise<AppServer> {
  if (other === undefined) {
    const demo = spawnSync(TSX, [resolve(ROOT, 'training', 'demo.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MLFLOW_TRACKING_URI: '' },
    });
    if (demo.status !== 0) throw new Error(`demo preparation failed: ${demo.stderr}`);
  }
  const vite = resolve(ROOT, 'node_modules', '.bin', 'vite');
  const outDir = other === undefined ? [] : ['--outDir', other.outDir, '--emptyOutDir'];
  const build = spawnSync(vite, ['build', ...outDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...(other === undefined ? {} : { RETEM_PUBLIC_DIR: other.publicDir }),
      // vitest runs with NODE_ENV=test, which would make Vite build a development bundle.
      NODE_ENV: 'production',
      MLFLOW_TRACKING_URI: `http://user:${SECRET_CANARY}@127.0.0.1:1`,
      MLFLOW_TRACKING_USERNAME: SECRET_CANARY,
      MLFLOW_TRACKING_PASSWORD: SECRET_CANARY,
      MLFLOW_TRACKING_TOKEN: SECRET_CANARY,
    },
  });
  if (build.status !== 0) throw new Error(`vite build failed: ${build.stdout}${build.stderr}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      vite,
      [
        'preview',
        ...outDir.slice(0, 2),
        '--port',
        String(port),
        '--strictPort',
        '--host',
        '127.0.0.1',
      ],
      { cwd: ROOT, stdio: 'ignore', detached: true },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('vite preview did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = () =>
    new Promise<void>((done) => {
      const current = child;
      if (current?.pid === undefined || current.exitCode !== null) {
        done();
        return;
      }
      current.once('exit', () => {
        done();
      });
      process.kill(-current.pid, 'SIGKILL');
    });
  await start();
  return { url, stop, restart: start };
}
