/** A bench-written block of a markdown file, between its start and end markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the block from `start` to `end` (markers included) in the file at `path` with `block`,
 * which carries its own markers; appends it when the file or its markers are absent.
 */
export function writeGeneratedBlock(path: string, start: string, end: string, block: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
