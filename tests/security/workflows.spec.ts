/**
 * The GitHub workflows, audited by zizmor offline (pinned in .venv-mlflow by
 * tests/tools/ensure-tools.sh): actions pinned by commit hash, least-privilege permissions,
 * no persisted credentials, no cache in the job that publishes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MLFLOW_VENV } from '../support/mlflowServer';
import { ROOT } from '../support/paths';

const workflows = resolve(ROOT, '.github', 'workflows');

describe('the GitHub workflows', () => {
  it('pass zizmor --offline with no finding at all', () => {
    const result = spawnSync(join(MLFLOW_VENV, 'bin', 'zizmor'), ['--offline', workflows], {
      encoding: 'utf8',
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('No findings to report');
  });

  it('pin every action to a full commit hash', () => {
    for (const file of ['ci.yml', 'pages.yml']) {
      const uses = [...readFileSync(join(workflows, file), 'utf8').matchAll(/uses:\s*(\S+)/g)];
      expect(uses.length, file).toBeGreaterThan(0);
      for (const [, action] of uses) expect(action, file).toMatch(/@[0-9a-f]{40}$/);
    }
  });
});
