/**
 * npm in this project: every command runs without a configuration warning, and no dependency's
 * install script runs (onnxruntime-node's would fetch CUDA binaries from outside the registry).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

const npm = (...args: string[]) =>
  spawnSync('npm', args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'warn' },
  });

describe('npm in the project', () => {
  it('prints no warning about the project configuration', () => {
    const run = npm('pkg', 'get', 'name');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('"retem"');
    expect(run.stderr).not.toMatch(/warn/i);
  });

  it('runs no dependency install scripts', () => {
    expect(npm('config', 'get', 'ignore-scripts').stdout.trim()).toBe('true');
  });

  it('runs the tool check as part of the test command, not as a pre-script ignore-scripts would skip', () => {
    const scripts = JSON.parse(npm('pkg', 'get', 'scripts').stdout) as Record<string, string>;
    expect(scripts.pretest).toBeUndefined();
    expect(scripts.test).toMatch(/^bash tests\/tools\/ensure-tools\.sh && /);
  });
});
