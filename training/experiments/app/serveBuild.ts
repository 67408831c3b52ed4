/** A production build served as the benchmarks need it: vite preview, behind a byte-counting proxy. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../lib/freePort';
import { startCountingProxy, type CountingProxy } from './countingProxy';

const root = resolve(import.meta.dirname, '..', '..', '..');

export interface ServedBuild {
  /** The proxy: its URL is the app's, and it counts the bytes sent (the service worker's too). */
  readonly proxy: CountingProxy;
  /** Stops the proxy and the server; again, does nothing. */
  stop(): Promise<void>;
}

/** Serves `outDir` with vite preview on 127.0.0.1 once it answers, behind a counting proxy. */
export async function serveBuild(outDir: string): Promise<ServedBuild> {
  const port = await freePort();
  const server = spawn(
    resolve(root, 'node_modules', '.bin', 'vite'),
    ['preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, stdio: 'ignore', detached: true },
  );
  const served = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(served)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const proxy = await startCountingProxy(await freePort(), served);
  let stopped = false;
  return {
    proxy,
    async stop() {
      if (stopped) return;
      stopped = true;
      await proxy.close();
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
    },
  };
}
