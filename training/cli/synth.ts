/** npm run demo:data: writes the demo's twin customers to data/demo/ (no real rows involved). */
import { resolve } from 'node:path';
import { integerFlag, defineCli, type FlagSpec } from '../lib/cliArgs';
import { writeDemoData } from '../lib/demoData';

const root = resolve(import.meta.dirname, '..', '..');
const FLAGS = {
  out: { type: 'string', help: 'Directory for train.csv and customers.csv', default: 'data/demo' },
  'train-rows': { type: 'string', help: 'Labelled customers to generate', default: '20000' },
  'customer-rows': { type: 'string', help: 'Unlabelled customers to generate', default: '5000' },
} as const satisfies Record<string, FlagSpec>;

defineCli(
  'npm run demo:data -- [flags]',
  'Generates synthetic customers from the twin figures in data/santander-twin.json, deterministically.',
  FLAGS,
  async (flags) => {
    const files = await writeDemoData(
      root,
      resolve(flags.out),
      integerFlag('train-rows', flags['train-rows'], 100),
      integerFlag('customer-rows', flags['customer-rows'], 1),
    );
    console.log(`wrote ${files.train} and ${files.customers}`);
  },
);
