/**
 * The production build of the app, served as GitHub Pages serves it (under /retem/, 404 for a
 * missing file) on a free loopback port.
 */
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { freePort } from './mlflowServer';
import { servePages } from './pagesServer';
import { ROOT, TSX } from './paths';

/** The sub-path the build is served under, as a GitHub Pages project site is. */
export const PAGES_BASE = '/retem/';

export interface AppServer {
  /** The app's address, ending in PAGES_BASE. */
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
 * Builds the app for PAGES_BASE and serves it: by default the demo (its model and snapshot
 * prepared when missing) from dist/; with `other`, that public folder into that output folder.
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
      RETEM_BASE: PAGES_BASE,
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
  const url = `http://127.0.0.1:${port}${PAGES_BASE}`;
  const root = other?.outDir ?? resolve(ROOT, 'dist');
  let server: Server | null = null;
  const start = async () => {
    server = await servePages(root, PAGES_BASE, port);
  };
  const stop = () =>
    new Promise<void>((done) => {
      const current = server;
      server = null;
      if (current === null) {
        done();
        return;
      }
      current.closeAllConnections();
      current.close(() => {
        done();
      });
    });
  await start();
  return { url, stop, restart: start };
}
