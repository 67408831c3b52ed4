/** Running a CLI as a user would, timed, with its peak resident memory. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliScriptPath, type CliName } from '../../lib/cliScripts';

const root = resolve(import.meta.dirname, '..', '..', '..');

export interface Measured {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

/** Runs a CLI in one Node process (tsx as a loader, so the process measured is the CLI's own). */
export function measure(script: CliName, args: string[]): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliScriptPath(root, script), ...args],
      {
        cwd: root,
        env: { ...process.env, MLFLOW_TRACKING_URI: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        if (match?.[1] !== undefined) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the process has just ended
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${script} exited with ${String(code)}`));
      else resolvePromise({ seconds, peakRssMb: peakKb / 1024, stdout });
    });
  });
}
