import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  modelBenchMarkdown,
  recordTrial,
  seedSpreadTable,
  SEEDS_END,
  SEEDS_START,
  TRIALS_END,
  TRIALS_START,
  type ModelBenchRun,
} from '../../training/experiments/model/modelTables';

const difference = (observed: number, p: number) => ({
  observed,
  interval: [observed - 1000, observed + 1000] as const,
  probabilityAWins: p,
  resamples: 2000,
});
const result = (model: string, auc: number, profit: number, profitOutOfSample: number) => ({
  model,
  auc,
  prAuc: 0.2,
  logLoss: 0.135,
  brier: 0.035,
  threshold: 0.1,
  contacted: 8000,
  profit,
  profitOutOfSample,
});
const run = (label: string, profit: number): ModelBenchRun => ({
  date: '2026-12-01T05:00:00.000Z',
  machine: { cpus: 2, model: 'AMD EPYC' },
  label,
  trial: { folds: 5, towers: 2, hidden: [24, 12], linearShare: 0.25, quantize: true },
  secondsPerTraining: 41.4,
  results: [
    result(label, 0.8386, profit, 62_650),
    result('xgboost', 0.8402, 61_130, 58_910),
    result('lightgbm', 0.8388, 61_420, 59_630),
  ],
  ownThresholdProfit: 61_540,
  budget: { weightBytes: 151_640, multiplyAddsPerCustomer: 19_182.4, calibration: 'Platt' },
  comparisons: [
    { anchor: 'xgboost', hindsight: difference(1740, 0.94), outOfSample: difference(3740, 1) },
    { anchor: 'lightgbm', hindsight: difference(1450, 0.89), outOfSample: difference(3020, 1) },
  ],
});

describe("the model bench's generated tables", () => {
  it("divides Retém's profit by the best anchor's under each rule", () => {
    const markdown = modelBenchMarkdown(run('retem', 62_870));
    expect(markdown).toContain('| Retém | 0.8386 | 0.1350 | 0.03500 | R$ 62,870 | R$ 62,650 |');
    // 62,870 / 61,420 (LightGBM, best threshold); 62,650 / 59,630 (LightGBM, out of sample).
    expect(markdown).toContain(
      '1.024 at the best pooled threshold, 1.051 with thresholds out of sample',
    );
    expect(markdown).toContain(
      '| xgboost | R$ 1,740 [R$ 740, R$ 2,740], 0.94 | R$ 3,740 [R$ 2,740, R$ 4,740], 1.00 |',
    );
    expect(markdown).toContain('19,182 multiply-adds per customer');
  });

  it('keeps one row per trial label, the losers too, replacing a label run again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retem-trials-'));
    const md = join(dir, 'TRIALS.md');
    const json = join(dir, 'trials.json');
    writeFileSync(md, `# Trials\n\n${TRIALS_START}\n${TRIALS_END}\n`);
    recordTrial(json, md, run('a', 60_000));
    recordTrial(json, md, run('b', 63_000));
    recordTrial(json, md, run('a', 61_000));
    const rows = readFileSync(md, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| a ') || line.startsWith('| b '));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('| R$ 61,000 | 0.993 |');
    expect(rows[1]).toContain('| R$ 63,000 | 1.026 |');
    expect(rows[0]).toContain('| 0.89 |');
  });

  it('names the teacher a trial distilled from, with its penalty and columns when the run records them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retem-trials-'));
    const md = join(dir, 'TRIALS.md');
    writeFileSync(md, `# Trials\n\n${TRIALS_START}\n${TRIALS_END}\n`);
    const distilled = (label: string, teacher: Partial<ModelBenchRun['trial']>) => {
      const base = run(label, 63_000);
      return {
        ...base,
        trial: {
          ...base.trial,
          distilShare: 0.9,
          teacherMax: 150,
          teacherLearningRate: 0.05,
          ...teacher,
        },
      };
    };
    recordTrial(join(dir, 'trials.json'), md, distilled('before', {}));
    recordTrial(
      join(dir, 'trials.json'),
      md,
      distilled('after', {
        teacherMax: 300,
        teacherLearningRate: 0.03,
        teacherLambda: 1,
        teacherColumns: 'all',
      }),
    );
    recordTrial(
      join(dir, 'trials.json'),
      md,
      distilled('capped', { teacherLambda: 10, teacherColumns: 64 }),
    );
    recordTrial(
      join(dir, 'trials.json'),
      md,
      distilled('seeded', { teacherLambda: 1, teacherSeeds: 3, distilHeldRows: true, seed: 7 }),
    );
    recordTrial(
      join(dir, 'trials.json'),
      md,
      distilled('shared', { teacherLambda: 1, teacherRows: 'development' }),
    );
    recordTrial(join(dir, 'trials.json'), md, distilled('own', { teacherRows: 'fold' }));
    const text = readFileSync(md, 'utf8');
    expect(text).toContain(
      'distilled from depth-wise trees (share 0.9, ≤ 150 trees a fold at 0.05) |',
    );
    expect(text).toContain('(share 0.9, ≤ 300 trees a fold at 0.03, λ 1, all columns) |');
    expect(text).toContain('(share 0.9, ≤ 150 trees a fold at 0.05, λ 10, ≤ 64 columns) |');
    expect(text).toContain(
      'training seed 7, distilled from depth-wise trees (share 0.9, ≤ 150 trees a fold at 0.05, λ 1, 3 seeds averaged, taught on the held rows too) |',
    );
    expect(text).toContain(
      '| shared | 5 folds × 2 towers 24–12, linear 0.25, 8-bit, distilled from depth-wise trees (share 0.9, ≤ 150 trees a fold at 0.05, λ 1, one teacher of all development rows) |',
    );
    // Each fold's own teacher is the default: nothing is added for it.
    expect(text).toContain(
      '| own | 5 folds × 2 towers 24–12, linear 0.25, 8-bit, distilled from depth-wise trees (share 0.9, ≤ 150 trees a fold at 0.05) | 0.8386',
    );
  });

  it('gathers the runs of one configuration at several training seeds, with their means', () => {
    const seeded = (label: string, seed: number | undefined, auc: number, profit: number) => {
      const base = run(label, profit);
      const [ours, ...anchors] = base.results;
      if (ours === undefined) throw new Error('a run has results');
      return {
        ...base,
        trial: seed === undefined ? base.trial : { ...base.trial, seed },
        results: [{ ...ours, auc }, ...anchors],
      };
    };
    const wider = run('wide', 63_000);
    const runs = [
      seeded('base', undefined, 0.8409, 63_350),
      seeded('base-seed7', 7, 0.8405, 63_260),
      // The same seed run again later: only the latest run counts.
      { ...seeded('base-seed7-again', 7, 0.8401, 62_000), date: '2026-12-02T05:00:00.000Z' },
      seeded('base-seed1', 1, 0.8404, 62_990),
      // Another configuration at one seed only: not in the table.
      { ...wider, trial: { ...wider.trial, hidden: [28, 14] } },
    ];
    const table = seedSpreadTable(runs).split('\n');
    expect(table).toHaveLength(3);
    // AUC mean (0.8409 + 0.8401 + 0.8404) / 3; profit ratios to LightGBM's R$ 61,420 (best
    // threshold) and to LightGBM's R$ 59,630 out of sample (62,650 for every run).
    expect(table[2]).toBe(
      '| 5 folds × 2 towers 24–12, linear 0.25, 8-bit | 42 / 7 / 1 | 0.8409 / 0.8401 / 0.8404 | 0.8405 | 1.031 / 1.009 / 1.026 | 1.022 | 1.051 / 1.051 / 1.051 | 1.051 |',
    );
    expect(seedSpreadTable(runs.slice(0, 1)).split('\n')).toHaveLength(2);
  });

  it('rewrites the seed table with the trials table when TRIALS.md has its markers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retem-trials-'));
    const md = join(dir, 'TRIALS.md');
    writeFileSync(
      md,
      `# Trials\n\n${TRIALS_START}\n${TRIALS_END}\n\n${SEEDS_START}\n${SEEDS_END}\n`,
    );
    const other = run('other', 62_000);
    recordTrial(join(dir, 'trials.json'), md, run('a', 63_000));
    recordTrial(join(dir, 'trials.json'), md, { ...other, trial: { ...other.trial, seed: 7 } });
    const seeds = readFileSync(md, 'utf8').split(SEEDS_START)[1] ?? '';
    expect(seeds).toContain('| 42 / 7 | 0.8386 / 0.8386 | 0.8386 | 1.026 / 1.009 | 1.018 |');
  });

  it('adds to the benchmarks doc the default training at every seed recorded, when there are two or more', () => {
    const base = run('retem', 62_870);
    const other = run('retem-seed7', 61_420);
    const runs = [base, { ...other, trial: { ...other.trial, seed: 7 } }];
    expect(modelBenchMarkdown(base, runs)).toContain(
      'The same training from 2 training seeds (42 / 7; the outer folds unchanged): CV AUC 0.8386 / 0.8386, mean 0.8386; profit ratio to the best anchor 1.024 / 1.000 at the best pooled threshold (mean 1.012) and 1.051 / 1.051 with thresholds out of sample (mean 1.051).',
    );
    expect(modelBenchMarkdown(base, [base])).not.toContain('training seeds');
    expect(modelBenchMarkdown(base)).not.toContain('training seeds');
  });
});
