/** npm run score -- --model <dir> --data <csv|csv.gz> --out <csv>: scores customers with a model. */
import { writeFile } from 'node:fs/promises';
import { csvField } from '../../src/core/records';
import { expectedGainThreshold } from '../../src/core/decision';
import { numberFlag, defineCli, UsageError, type FlagSpec } from '../lib/cliArgs';
import { issueLine, money, warningCounts } from '../lib/format';
import { readScoringModel } from '../lib/modelDir';
import { PAYOFF_FLAGS, payoffsFrom } from '../lib/payoffFlags';
import { VALUE_FLAGS, valueOptionFrom } from '../lib/valueFlags';
import { scoreFile } from './scoreFile';
import { ENGINES, onnxEngine, tfjsEngine } from './scoringEngine';
import { initTensorflow } from '../lib/tfNode';
import { basename } from 'node:path';
import { createMeter } from '../lib/progressMeter';

const FLAGS = {
  model: {
    type: 'string',
    help: 'Model directory written by "npm run train"',
    default: 'artifacts/model',
  },
  data: { type: 'string', help: 'Customers to score, CSV or CSV.GZ (required)', required: true },
  out: {
    type: 'string',
    help: 'Where to write ID,probability,decision,expected_value_brl',
    default: 'scores.csv',
  },
  threshold: {
    type: 'string',
    help: 'Contact when probability ≥ this (default: where the expected gain of contacting, by the model’s probabilities, is not negative under the payoffs)',
  },
  issues: {
    type: 'string',
    help: 'Also write every skipped row, and every warning on a scored one, with its reason to this CSV',
  },
  engine: {
    type: 'string',
    help: 'tfjs (TF.js on wasm) or onnx (model.onnx on onnxruntime-node, an optional package)',
    default: 'tfjs',
  },
  ...PAYOFF_FLAGS,
  ...VALUE_FLAGS,
} as const satisfies Record<string, FlagSpec>;

defineCli(
  'npm run score -- --model <dir> --data <csv|csv.gz> --out <csv> [flags]',
  "Scores every customer with the model's preprocessing and decides by the payoffs. Rows that cannot be scored are skipped\nwith reasons and counted. The payoffs default to those the model was trained with.",
  FLAGS,
  async (flags, argv) => {
    if (!(ENGINES as readonly string[]).includes(flags.engine)) {
      throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, not "${flags.engine}"`);
    }
    await initTensorflow();
    const exported = await readScoringModel(flags.model);
    const engine =
      flags.engine === 'onnx' ? await onnxEngine(flags.model, exported) : tfjsEngine(exported);
    const trained = exported.figures.payoffs;
    const given = (name: string) =>
      argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    const payoffs = payoffsFrom({
      tp: given('tp') ? flags.tp : String(trained.tp),
      fp: given('fp') ? flags.fp : String(trained.fp),
      fn: given('fn') ? flags.fn : String(trained.fn),
      tn: given('tn') ? flags.tn : String(trained.tn),
    });
    const value = valueOptionFrom(flags);
    if (value !== null && flags.threshold !== undefined) {
      throw new UsageError(
        '--threshold and --value-column do not go together: with values, each customer is contacted where their expected gain is positive',
      );
    }
    const threshold =
      flags.threshold !== undefined
        ? numberFlag('threshold', flags.threshold, 0, 1.000001)
        : expectedGainThreshold(payoffs);
    const out = flags.out;
    const started = Date.now();
    const meter = createMeter(process.stderr, `scoring ${basename(flags.data)}`, 1, {
      unit: null,
    });
    const summary = await scoreFile(
      exported.spec,
      engine,
      flags.data,
      out,
      threshold,
      payoffs,
      (share, rows) => {
        meter.update(share, `${rows.toLocaleString('en-US')} rows read`);
      },
      value,
    );
    meter.finish(`${summary.rowsRead.toLocaleString('en-US')} rows read`);
    await engine.dispose();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${summary.rowsScored} of ${summary.rowsRead} rows scored in ${seconds.toFixed(1)} s (${engine.name}); ${summary.issues.length} skipped. ` +
        (value === null
          ? `Threshold ${threshold.toFixed(4)}: contact ${summary.contacted}, expected profit ${money(summary.expectedProfit)}.`
          : `Each customer's value from "${value.column}" (share ${value.rule.share}${value.rule.cap === null ? '' : `, at most ${money(value.rule.cap)}`}): contact ${summary.contacted} where the expected gain is positive, expected profit ${money(summary.expectedProfit)}.` +
            (summary.valuesMissing > 0
              ? ` ${summary.valuesMissing} row(s) had no value and count as ${money(payoffs.tp)}.`
              : '')),
    );
    const more = (count: number) =>
      `  … and ${count} more${flags.issues === undefined ? ' (write them all with --issues <csv>)' : ''}`;
    for (const issue of summary.issues.slice(0, 10)) console.log(issueLine(issue));
    if (summary.issues.length > 10) console.log(more(summary.issues.length - 10));
    if (summary.warnings.length > 0) {
      console.log(`Warnings, rows scored all the same: ${warningCounts(summary.warnings)}.`);
      for (const warning of summary.warnings.slice(0, 5)) console.log(issueLine(warning));
      if (summary.warnings.length > 5) console.log(more(summary.warnings.length - 5));
    }
    if (flags.issues !== undefined) {
      const rows = [
        ...summary.issues.map((issue) => ({ issue, outcome: 'skipped' })),
        ...summary.warnings.map((issue) => ({ issue, outcome: 'scored' })),
      ].sort((a, b) => a.issue.row - b.issue.row);
      const lines = [
        'row,line,id,column,reason,outcome',
        ...rows.map(
          ({ issue: i, outcome }) =>
            `${i.row},${i.line},${csvField(i.id)},${csvField(i.column ?? '')},${csvField(i.reason)},${outcome}`,
        ),
      ];
      await writeFile(flags.issues, lines.join('\n') + '\n');
    }
    console.log(`Decisions written to ${out}.`);
  },
);
