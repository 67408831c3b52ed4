/**
 * npm run twin:fit: fits the synthetic twin's figures to the real Santander rows in ../shared/data
 * and writes data/santander-twin.json. Only statistics leave the real data; no row does.
 * The class-signal dial is set so that the logistic baseline scores about the same AUC on the twin
 * as on the real rows.
 */
import {
  describeHeaderProblem,
  type ColumnarTable,
  describeTargetProblem,
  resolveTarget,
} from '../../src/core/records';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fitLogistic, predictLogistic } from '../../src/core/evaluation';
import { rocAuc } from '../../src/core/metrics';
import { DEFAULT_SENTINELS, encodeTable, fitPreprocess } from '../../src/core/preprocess';
import { stratifiedSplit } from '../lib/split';
import { fitTwinStats, type TwinStats } from '../lib/twin';
import { defineCli, type FlagSpec } from '../lib/cliArgs';
import { loadTable } from '../lib/csvFile';
import { twinTable } from '../lib/twinTable';

const root = resolve(import.meta.dirname, '..', '..');
const FLAGS = {
  data: {
    type: 'string',
    help: 'Real labelled Santander rows',
    default: resolve(root, '..', 'shared', 'data', 'santander', 'train.csv.gz'),
  },
  out: { type: 'string', help: 'Where to write the figures', default: 'data/santander-twin.json' },
} as const satisfies Record<string, FlagSpec>;

function logisticAuc(table: ColumnarTable, labels: Uint8Array): number {
  const { kept, heldOut } = stratifiedSplit(labels, 0.25, 7);
  const spec = fitPreprocess(table, kept, 'ID', null);
  const all = Uint32Array.from({ length: labels.length }, (_, i) => i);
  const encoded = encodeTable(spec, table, all);
  if (!encoded.ok) throw new Error(describeHeaderProblem(encoded.problem));
  const matrix = encoded.value;
  const width = spec.outputNames.length;
  const model = fitLogistic(matrix, width, labels, kept, { seed: 7 });
  return rocAuc(
    predictLogistic(model, matrix, width, heldOut),
    Uint8Array.from(heldOut, (r) => labels[r] ?? 0),
  );
}

function labelsOf(table: ColumnarTable): Uint8Array {
  const target = resolveTarget('TARGET', table.targets ?? []);
  if (!target.ok) throw new Error(describeTargetProblem(target.problem));
  return target.value.labels;
}

defineCli(
  'npm run twin:fit -- [flags]',
  'Fits the synthetic twin to the real data (statistics only).',
  FLAGS,
  async (flags) => {
    const { table } = await loadTable(flags.data, { idColumn: 'ID', targetColumn: 'TARGET' });
    const labels = labelsOf(table);
    const realAuc = logisticAuc(table, labels);
    console.log(`logistic baseline AUC on the real rows: ${realAuc.toFixed(4)}`);
    // The twin's AUC grows with the class signal: bisect for the real AUC.
    let low = 0.2;
    let high = 1;
    let best: { stats: TwinStats; gap: number } | null = null;
    for (let step = 0; step < 7; step++) {
      const classSignal = Number(((low + high) / 2).toFixed(4));
      const stats = fitTwinStats(table, labels, {
        source: 'santander/train.csv.gz',
        idColumn: 'ID',
        targetColumn: 'TARGET',
        sentinels: DEFAULT_SENTINELS,
        classSignal,
      });
      const twin = twinTable(stats, 20000, 11);
      const auc = logisticAuc(twin, labelsOf(twin));
      console.log(`class signal ${classSignal}: twin AUC ${auc.toFixed(4)}`);
      const gap = Math.abs(auc - realAuc);
      if (best === null || gap < best.gap) best = { stats, gap };
      if (auc < realAuc) low = classSignal;
      else high = classSignal;
    }
    if (best === null) return;
    await writeFile(flags.out, JSON.stringify(best.stats) + '\n');
    console.log(`wrote ${flags.out} with class signal ${best.stats.classSignal}`);
  },
);
