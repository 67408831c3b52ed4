/**
 * How a CLI fails on what its user gave it: a model directory that is not one is named in plain
 * words, without the error class a programmer would read, and the command exits 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliScript } from '../support/cli';

const work = mkdtempSync(join(tmpdir(), 'retem-cli-failures-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('a CLI given a directory that is not a model', () => {
  it('says which file is missing, in words alone, and exits 1', () => {
    const result = runCliScript('score', [
      ...['--model', work, '--data', join(work, 'customers.csv'), '--out', join(work, 'out.csv')],
    ]);
    expect(result.status).toBe(1);
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^${escaped(work)}/[a-z.]+\\.json is missing: is ${escaped(work)} a model directory made by "npm run train"\\?$`,
      ),
    );
  });
});
