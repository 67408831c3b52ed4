import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  featureColumns,
  readSuiteFile,
  repeatOfSeed,
} from '../../training/experiments/model/suite/suiteData';
import {
  cvThresholdContacts,
  fileFigures,
} from '../../training/experiments/model/suite/suiteScores';
import {
  SUITE_END,
  SUITE_START,
  writeSuiteTables,
} from '../../training/experiments/model/suite/suiteTables';
import type { AnchorScores } from '../../training/experiments/model/suite/suiteAnchors';
import {
  cachedRunOf,
  repeatsOfCachedRun,
  trainFlagsKey,
  type CachedRun,
} from '../../training/experiments/model/suite/suiteRetem';
import { RECIPE_SETTINGS, recipeIsDefault } from '../../training/lib/recipeSettings';
import { recipeOf } from '../../training/experiments/model/suite/suiteTrials';
import { DEFAULT_PAYOFFS, profitOfContacts } from '../../src/core/decision';
import { rocAuc } from '../../src/core/metrics';

const dir = mkdtempSync(join(tmpdir(), 'retem-suite-spec-'));

/** n customers, every fifth a churner ("yes"), with an ID, a leak and one feature. */
function churnFile(n: number): string {
  const path = join(dir, `churn-${n}.csv`);
  const lines = ['id,plan,leak,left'];
  for (let i = 0; i < n; i++)
    lines.push(`c${i},${i % 3 === 0 ? 'gold' : 'basic'},${i % 5},${i % 5 === 0 ? 'yes' : 'no'}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const setOf = (path: string) => ({
  name: 'tiny',
  path,
  id: 'id',
  target: 'left',
  positive: 'yes',
  exclude: ['leak'],
});

describe("the churn suite's files", () => {
  it('labels by the positive value and gives models every column but the ID, target and leaks', () => {
    const file = readSuiteFile('/', setOf(churnFile(100)));
    expect(file.labels.reduce((a, b) => a + b, 0)).toBe(20);
    expect(featureColumns(file).map((at) => file.header[at])).toEqual(['plan']);
  });

  it('cross-validates files under 20,000 customers three times, each repeat stratified and distinct', () => {
    const file = readSuiteFile('/', setOf(churnFile(100)));
    expect(file.folds).toHaveLength(3);
    for (const folds of file.folds) {
      for (let fold = 0; fold < 5; fold++) {
        const rows = [...folds.keys()].filter((row) => folds[row] === fold);
        expect(rows).toHaveLength(20);
        expect(rows.filter((row) => file.labels[row] === 1)).toHaveLength(4);
      }
    }
    expect(Array.from(file.folds[0] ?? [])).not.toEqual(Array.from(file.folds[1] ?? []));
  });

  it('cross-validates larger files once', () => {
    expect(readSuiteFile('/', setOf(churnFile(20_000))).folds).toHaveLength(1);
  });

  it("gives Retém's training seeds the repeats in turn, and every seed the one repeat of a large file", () => {
    expect([0, 1, 2].map((seed) => repeatOfSeed(seed, 3))).toEqual([0, 1, 2]);
    expect(repeatOfSeed(3, 3)).toBe(0);
    expect([0, 1, 2].map((seed) => repeatOfSeed(seed, 1))).toEqual([0, 0, 0]);
    expect(() => repeatOfSeed(0, 0)).toThrow();
  });
});

describe("the churn suite's figures", () => {
  // Two folds of four customers: in fold 0 churners score 0.9 and loyal customers 0.1; in fold 1,
  // 0.6 and 0.4.
  const labels = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
  const folds = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const scores = Float64Array.from([0.9, 0.1, 0.9, 0.1, 0.6, 0.4, 0.6, 0.4]);

  it("sets fold 0's threshold on fold 1's scores", () => {
    // Fold 1 pays best with a cut above 0.4 and at most 0.6: fold 0 contacts its 0.9s, not its 0.1s.
    expect(Array.from(cvThresholdContacts(scores, labels, folds)).slice(0, 4)).toEqual([
      1, 0, 1, 0,
    ]);
  });

  it("never reads a fold's own labels for its threshold", () => {
    const flipped = Uint8Array.from(labels, (y, row) => (folds[row] === 1 ? 1 - y : y));
    const before = cvThresholdContacts(scores, labels, folds).slice(4);
    expect(Array.from(cvThresholdContacts(scores, flipped, folds).slice(4))).toEqual(
      Array.from(before),
    );
  });

  it("divides Retém's profit by the best anchor's and ranks it among the four models", () => {
    const file = { ...readSuiteFile('/', setOf(churnFile(100))) };
    const n = file.labels.length;
    const perfect = Float64Array.from(file.labels, (y) => (y === 1 ? 0.95 : 0.05));
    const uninformed = Float64Array.from({ length: n }, () => 0.2);
    const repeats = file.folds.length;
    const anchor = (name: AnchorScores['name'], oof: Float64Array): AnchorScores => ({
      name,
      oof: Array.from({ length: repeats }, () => oof),
      kept: {},
      rounds: 1,
      searchSeconds: 0,
      cvSeconds: 0,
    });
    // Retém contacts every churner and 10 loyal customers: 20 × 90 − 10 × 10 = R$1,700.
    const contacts = Uint8Array.from(file.labels, (y, i) =>
      y === 1 || (i % 5 === 1 && i < 50) ? 1 : 0,
    );
    const figures = fileFigures(
      file,
      new Map([
        [
          42,
          {
            repeats: Array.from({ length: repeats }, (_, repeat) => repeat),
            oof: Array(repeats).fill(perfect),
            contacts: Array(repeats).fill(contacts),
            trainSeconds: [3, 5],
          },
        ],
      ]),
      [anchor('xgboost', perfect), anchor('lightgbm', uninformed), anchor('catboost', uninformed)],
    );
    // XGBoost's perfect scores contact exactly the 20 churners: R$1,800.
    expect(figures.anchors[0]?.profit).toBe(1800);
    expect(figures.retem.profit).toBe(1700);
    expect(figures.profitRatio).toBeCloseTo(1700 / 1800, 12);
    expect(figures.bestProfit).toBe('xgboost');
    expect(figures.rank).toBe(2);
    expect(figures.aucGap).toBe(0);
    expect(figures.trainSecondsMean).toBe(4);
    expect(figures.probabilityRetemWins).toBe(0);
  });
});

describe("the churn suite's figures for seeds on different repeats", () => {
  const file = readSuiteFile('/', setOf(churnFile(100)));
  const n = file.labels.length;
  // XGBoost ranks at random on repeat 1 and well on repeats 2 and 3, each with its own noise, so
  // each partition sets its own thresholds and a run paired with the wrong repeat is told apart.
  const xgboost = file.folds.map((_, repeat) =>
    Float64Array.from(file.labels, (y, i) =>
      repeat === 0
        ? (i % 9) / 10
        : y === 1
          ? 0.3 + ((i + repeat) % 7) / 10
          : ((i * repeat) % 9) / 10,
    ),
  );
  const uninformed = Float64Array.from({ length: n }, () => 0.2);
  const anchor = (name: AnchorScores['name']): AnchorScores => ({
    name,
    oof: name === 'xgboost' ? xgboost : file.folds.map(() => uninformed),
    kept: {},
    rounds: 1,
    searchSeconds: 0,
    cvSeconds: 0,
  });
  const anchors = [anchor('xgboost'), anchor('lightgbm'), anchor('catboost')];
  const contactsOf = (repeat: number) =>
    cvThresholdContacts(
      xgboost[repeat] ?? uninformed,
      file.labels,
      file.folds[repeat] ?? file.labels,
    );
  const profit = (repeat: number) =>
    profitOfContacts(contactsOf(repeat), file.labels, DEFAULT_PAYOFFS);
  // Retém's run on a repeat gives exactly XGBoost's scores and contacts on that repeat.
  const runOn = (repeat: number) => ({
    repeats: [repeat],
    oof: [xgboost[repeat] ?? uninformed],
    contacts: [contactsOf(repeat)],
    trainSeconds: [1, 1, 1, 1, 1],
  });

  it("score each run on its own repeat's folds and pair it with the anchor's same repeat", () => {
    const figures = fileFigures(
      file,
      new Map([
        [42, runOn(0)],
        [7, runOn(1)],
        [13, runOn(2)],
      ]),
      anchors,
    );
    expect(figures.bestProfit).toBe('xgboost');
    expect(figures.retemBySeed.map((s) => s.profitCvThreshold)).toEqual([0, 1, 2].map(profit));
    expect(figures.retemBySeed.map((s) => s.model)).toEqual([
      'seed 42, repeat 1',
      'seed 7, repeat 2',
      'seed 13, repeat 3',
    ]);
    expect(profit(1)).toBeGreaterThan(profit(0));
    // Paired with its own repeat, every resample is a tie: Retém never earns more. Paired with
    // repeat 1's random ranking, its runs on repeats 2 and 3 would nearly always earn more.
    expect(figures.probabilityRetemWins).toBe(0);
    expect(figures.profitRatio).toBeCloseTo(1, 12);
  });

  it('compare two seeds with the anchors on the same two repeats', () => {
    const figures = fileFigures(
      file,
      new Map([
        [42, runOn(0)],
        [7, runOn(1)],
      ]),
      anchors,
    );
    expect(figures.anchors[0]?.profit).toBeCloseTo((profit(0) + profit(1)) / 2, 9);
    expect(figures.profitRatio).toBeCloseTo(1, 12);
    expect(figures.anchors[0]?.auc).toBeCloseTo(
      (rocAuc(xgboost[0] ?? uninformed, file.labels) +
        rocAuc(xgboost[1] ?? uninformed, file.labels)) /
        2,
      12,
    );
    expect(figures.aucGap).toBeCloseTo(0, 12);
  });
});

describe("the churn suite's cache of Retém's runs, repeat by repeat", () => {
  const scores = (repeat: number) => [repeat / 10, 1 - repeat / 10];

  it('reads a run cached before runs named their repeats as every repeat, in order', () => {
    const old: CachedRun = {
      oof: [0, 1, 2].map(scores),
      contacts: [
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      trainSeconds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    };
    const second = repeatsOfCachedRun(old).get(1);
    expect(Array.from(second?.oof ?? [])).toEqual([0.1, 0.9]);
    expect(Array.from(second?.contacts ?? [])).toEqual([1, 0]);
    expect(second?.trainSeconds).toEqual([6, 7, 8, 9, 10]);
  });

  it('adds a newly trained repeat to the ones it holds, in repeat order', () => {
    const held = repeatsOfCachedRun({
      repeats: [2],
      oof: [scores(2)],
      contacts: [[1, 1]],
      trainSeconds: [5, 5],
    });
    expect(held.has(0)).toBe(false);
    held.set(0, {
      oof: Float64Array.from(scores(0)),
      contacts: Uint8Array.from([0, 1]),
      trainSeconds: [3, 3],
    });
    expect(cachedRunOf(held)).toEqual({
      repeats: [0, 2],
      oof: [scores(0), scores(2)],
      contacts: [
        [0, 1],
        [1, 1],
      ],
      trainSeconds: [3, 3, 5, 5],
    });
  });

  it('refuses a run whose arrays do not line up with its repeats', () => {
    expect(() =>
      repeatsOfCachedRun({
        repeats: [0, 1],
        oof: [scores(0)],
        contacts: [[0, 1]],
        trainSeconds: [1],
      }),
    ).toThrow(/2 repeats holds 1 score arrays/);
  });
});

describe("the churn suite's tables", () => {
  it('replace only their own block of the document', () => {
    const doc = join(dir, 'suite.md');
    writeFileSync(
      doc,
      `# Suite\n\nWritten by hand.\n\n${SUITE_START}\nold\n${SUITE_END}\n\nAfter.\n`,
    );
    writeSuiteTables(doc, {
      date: '2026-12-05T12:00:00.000Z',
      machine: 'test machine',
      label: 'abc1234',
      trainFlags: [],
      files: [],
      anchorsKept: {},
    });
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('# Suite\n\nWritten by hand.\n\n')).toBe(true);
    expect(text).not.toContain('\nold\n');
    expect(text).toContain('Run `abc1234` on 2026-12-05, test machine.');
    expect(text.endsWith(`${SUITE_END}\n\nAfter.\n`)).toBe(true);
  });
});

describe("the churn suite's cache of Retém's runs", () => {
  it('keeps the default runs apart from trials, and a trial apart from an edited config', () => {
    const config = join(dir, 'trial.json');
    writeFileSync(config, '{"tree-max": 1000}');
    const trial = trainFlagsKey('/', ['--config', config]);
    writeFileSync(config, '{"tree-max": 500}');
    const edited = trainFlagsKey('/', ['--config', config]);
    expect(trainFlagsKey('/', [])).toBe('');
    expect(trial).toMatch(/^-[0-9a-f]{12}$/);
    expect(edited).not.toBe(trial);
  });
});

describe("the suite's default run", () => {
  it('is also a run whose configuration file only restates default settings', () => {
    const config = join(dir, 'restated.json');
    writeFileSync(
      config,
      JSON.stringify({
        'tree-max': Number(RECIPE_SETTINGS['tree-max'].default),
        folds: RECIPE_SETTINGS.folds.default,
      }),
    );
    expect(recipeIsDefault(config)).toBe(true);
    writeFileSync(config, '{}');
    expect(recipeIsDefault(config)).toBe(true);
    writeFileSync(config, JSON.stringify({ 'tree-max': 7 }));
    expect(recipeIsDefault(config)).toBe(false);
  });
});

describe("a trial's recipe in the record", () => {
  it('names its configuration and its other train flags, or says it ran the defaults', () => {
    expect(recipeOf({ config: null, trainFlags: [] })).toBe('defaults');
    expect(recipeOf({ config: null, trainFlags: ['--test-fraction', '0.01'] })).toBe(
      '`--test-fraction 0.01`',
    );
    expect(
      recipeOf({
        config: { 'tree-max': 7 },
        trainFlags: ['--config', 'trial.json', '--test-fraction', '0.01'],
      }),
    ).toBe('`{"tree-max":7}` `--test-fraction 0.01`');
  });
});
