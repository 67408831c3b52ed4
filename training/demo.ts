/**
 * npm start: the embedded demo, end to end and offline. Generates the twin customers, trains the
 * model on them, scores the customers to contact and prints the report.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeDemoData } from './lib/demoData';

const root = resolve(import.meta.dirname, '..');
const demoDir = resolve(root, 'data', 'demo');
const modelDir = resolve(root, 'artifacts', 'demo-model');
const scores = resolve(root, 'artifacts', 'demo-scores.csv');

const started = Date.now();
if (!existsSync(resolve(demoDir, 'train.csv'))) {
  console.log('• generating the demo customers from data/santander-twin.json');
  await writeDemoData(root, demoDir);
}
const tsx = resolve(root, 'node_modules', '.bin', 'tsx');
const run = (script: string, args: string[]) => {
  execFileSync(tsx, [resolve(root, 'training', 'cli', script), ...args], {
    stdio: 'inherit',
    cwd: root,
  });
};
run('train.ts', ['--data', resolve(demoDir, 'train.csv'), '--out', modelDir]);
run('score.ts', [
  '--model',
  modelDir,
  '--data',
  resolve(demoDir, 'customers.csv'),
  '--out',
  scores,
]);
console.log(
  `\nDemo done in ${((Date.now() - started) / 1000).toFixed(0)} s. Model: ${modelDir}. Decisions: ${scores}.`,
);
