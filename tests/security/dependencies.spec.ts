/** The app's production dependencies: few, pinned by the lockfile, listed with their licenses. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

const json = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as unknown;

describe('the production dependencies', () => {
  const pkg = json('package.json') as { dependencies: Record<string, string> };
  const lock = json('package-lock.json') as { packages: Record<string, { version: string }> };
  const listing = readFileSync(resolve(ROOT, 'docs', 'architecture.md'), 'utf8');

  it('are listed in docs/architecture.md with the lockfile’s version and their license', () => {
    const names = Object.keys(pkg.dependencies);
    expect(names.length).toBeLessThanOrEqual(12);
    for (const name of names) {
      const version = lock.packages[`node_modules/${name}`]?.version ?? '?';
      const { license } = json(`node_modules/${name}/package.json`) as { license: string };
      expect(listing).toContain(`| \`${name}\` | ${version} | ${license} |`);
    }
  });
});
