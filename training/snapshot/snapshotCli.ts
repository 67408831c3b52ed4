/** npm run snapshot -- --model <dir> --data <csv|csv.gz> --out <file>: the app's customer snapshot. */
import { manifestPathOf } from '../../src/core/snapshot';
import { issueLine, warningCounts } from '../lib/format';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { defineCli, integerFlag, numberFlag, type FlagSpec } from '../lib/cliArgs';
import { SPEC_FILE } from '../lib/modelDir';
import { writeSnapshot } from './snapshotFile';
import { createMeter } from '../lib/progressMeter';

const FLAGS = {
  model: {
    type: 'string',
    help: 'Model directory (its preprocess.json decides the columns)',
    default: 'public/model',
  },
  data: { type: 'string', help: 'Customers to include, CSV or CSV.GZ (required)', required: true },
  out: {
    type: 'string',
    help: 'Snapshot file to write; a larger portfolio goes to parts beside it (<stem>.0000.snapshot, …), and the manifest to the same name with .json added',
    default: 'public/snapshot/customers.snapshot',
  },
  'chunk-size': { type: 'string', help: 'Customers per IndexedDB chunk', default: '512' },
  'part-mb': {
    type: 'string',
    help: 'Unpacked MB per part file (whole blocks of about 4,096 customers; about 40% as gzip)',
    default: '12',
  },
  'value-column': {
    type: 'string',
    help: "A numeric column kept as each customer's value in R$ (whether or not the model reads it): the app then contacts where each customer's expected gain is positive",
  },
} as const satisfies Record<string, FlagSpec>;

defineCli(
  'npm run snapshot -- --model <dir> --data <csv|csv.gz> --out <file>',
  'Builds the compact, gzip-compressed customer snapshot (in parts of a few MB) that the app installs into IndexedDB.',
  FLAGS,
  async (flags) => {
    const spec = JSON.parse(await readFile(join(flags.model, SPEC_FILE), 'utf8')) as PreprocessSpec;
    const started = Date.now();
    const out = flags.out;
    await mkdir(dirname(out), { recursive: true });
    const meter = createMeter(process.stderr, `reading ${basename(flags.data)}`, 1, {
      unit: null,
    });
    const built = await writeSnapshot(spec, flags.data, out, {
      chunkSize: integerFlag('chunk-size', flags['chunk-size'], 16, 65536),
      partBytes: numberFlag('part-mb', flags['part-mb'], 0.05, 1024) * 1e6,
      onProgress(share) {
        meter.update(share);
      },
      ...(flags['value-column'] === undefined ? {} : { valueColumn: flags['value-column'] }),
    });
    meter.finish();
    await writeFile(manifestPathOf(out), JSON.stringify(built.manifest, null, 2) + '\n');
    console.log(
      `${built.customers} of ${built.rowsRead} customers in ${built.files.length === 1 ? out : `${built.files.length} parts beside ${out}`}: ${(built.fileBytes / 1e6).toFixed(2)} MB on the wire (${(built.rawBytes / 1e6).toFixed(2)} MB unpacked), ${((Date.now() - started) / 1000).toFixed(1)} s; ${built.issues.length} skipped.`,
    );
    if (!built.streamed) {
      console.log(
        'The customers were not in ascending ID order: the file was read twice and held in memory (sort it by ID to build in flat memory).',
      );
    }
    for (const issue of built.issues.slice(0, 10)) console.log(issueLine(issue));
    if (built.warnings.length > 0) {
      console.log(`Warnings, customers kept all the same: ${warningCounts(built.warnings)}.`);
      for (const warning of built.warnings.slice(0, 5)) console.log(issueLine(warning));
    }
  },
);
