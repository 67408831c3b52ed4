/** Where tests find the project, its CLIs and the shared real data. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SHARED_DATA = resolve(ROOT, '..', 'shared', 'data');
export const TSX = resolve(ROOT, 'node_modules', '.bin', 'tsx');

/**
 * True when ../shared/data is present. CI sets RETEM_REQUIRE_SHARED_DATA=1, and there a missing
 * folder is an error rather than a quiet skip.
 */
export function hasSharedData(): boolean {
  const present = existsSync(resolve(SHARED_DATA, 'santander', 'train.csv.gz'));
  if (!present && process.env['RETEM_REQUIRE_SHARED_DATA'] === '1') {
    throw new Error(`the shared data is missing at ${SHARED_DATA}`);
  }
  return present;
}
