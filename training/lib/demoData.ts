/** The embedded demo's data: twin customers written from the figures in data/santander-twin.json. */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { TWIN_FORMAT, twinCsvLines, type TwinStats } from './twin';

export const TWIN_FIGURES = 'data/santander-twin.json';

/** Reads the committed twin figures. */
export async function readTwinStats(root: string): Promise<TwinStats> {
  const stats = JSON.parse(await readFile(join(root, TWIN_FIGURES), 'utf8')) as {
    format?: unknown;
  };
  if (stats.format !== TWIN_FORMAT) throw new Error(`${TWIN_FIGURES} is not a twin figures file`);
  return stats as TwinStats;
}

/** Writes `rows` twin customers as CSV to path, labelled or not, IDs from firstId. */
export async function writeTwinCsv(
  stats: TwinStats,
  path: string,
  rows: number,
  seed: number,
  firstId: number,
  labelled: boolean,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of twinCsvLines(stats, rows, seed, firstId, labelled)) {
    buffer += line + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'close');
}

export interface DemoFiles {
  /** Labelled customers to train on. */
  readonly train: string;
  /** Unlabelled customers to score. */
  readonly customers: string;
}

/** Writes the demo's two files under dir (deterministic: the same bytes every time). */
export async function writeDemoData(
  root: string,
  dir: string,
  trainRows = 20000,
  customerRows = 5000,
): Promise<DemoFiles> {
  const stats = await readTwinStats(root);
  const files = { train: join(dir, 'train.csv'), customers: join(dir, 'customers.csv') };
  await writeTwinCsv(stats, files.train, trainRows, 20161, 1, true);
  await writeTwinCsv(stats, files.customers, customerRows, 20162, 200001, false);
  return files;
}
