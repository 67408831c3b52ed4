import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  float32FromBase64,
  float32ToBase64,
} from '../../src/core/base64';
import { ProfitCurve, DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { contactsBySegment, planSegmentThresholds } from '../../src/core/segments/plan';
import {
  fitSegmentColumns,
  segmentCodesOf,
  segmentCount,
  segmentNames,
  segmentOfText,
  segmentOfValue,
  type SegmentColumn,
} from '../../src/core/segments/segments';
import { readSegmentsFile, segmentsFileJson } from '../../src/core/segments/segmentsFile';
import {
  segmentColumnEvidence,
  segmentPlanCsv,
  segmentReport,
  segmentText,
} from '../../src/core/segments/report';
import { formatDate } from '../../src/core/records';
import { SegmentContactList, segmentOfCell } from '../../src/core/segments/contacts';
import { tableOf } from '../support/tables';

describe('segment columns', () => {
  const lines = ['ID,age,plan,flag,region,leak'];
  for (let i = 0; i < 400; i++) {
    const age = i % 40 === 0 ? '' : String(20 + (i % 50));
    const plan = ['A', 'A', 'A', 'B', 'B', 'C'][i % 6] ?? '';
    const rare = i < 3 ? 'Z' : plan;
    lines.push(`${i},${age},${rare},${i % 97 === 0 ? 1 : 0},${i % 50 === 0 ? -999999 : 2},${i}`);
  }
  const table = tableOf(lines);
  const rows = Uint32Array.from({ length: 400 }, (_, i) => i);
  const columns = fitSegmentColumns(table, rows, {
    columns: ['age', 'plan', 'flag', 'region'],
    missingOf: (column) => (column === 'region' ? [-999999] : []),
  });

  it('keeps text columns with categories of enough rows, and numeric ones with distinct bins', () => {
    // plan: A, B, C by frequency (Z has 3 rows); age: quintiles of 20…69; flag and region are
    // mostly one value (one bin), leak is not a model input.
    expect(columns).toEqual([
      { kind: 'categories', column: 'plan', categories: ['A', 'B', 'C'] },
      { kind: 'bins', column: 'age', edges: [30, 40, 50, 60], missing: [] },
    ]);
  });

  it('codes every row: bins closed below, missing last, unknown categories as other', () => {
    const age = columns[1] as SegmentColumn & { kind: 'bins' };
    expect([19, 30, 39.9, 40, 60, 1e9, Number.NaN].map((v) => segmentOfValue(age, v))).toEqual([
      0, 1, 1, 2, 4, 4, 5,
    ]);
    const plan = columns[0] as SegmentColumn & { kind: 'categories' };
    expect(['A', 'C', 'Z', null].map((v) => segmentOfText(plan, v))).toEqual([0, 2, 3, 4]);
    expect(segmentCount(plan)).toBe(5);
    expect(segmentNames(age)[0]).toEqual({ kind: 'range', low: null, high: 30 });
    expect(segmentNames(age)[4]).toEqual({ kind: 'range', low: 60, high: null });
    const codes = segmentCodesOf(table, age, Uint32Array.from([0, 1, 10, 49]));
    // Row 0 has a blank age (missing); rows 1, 10, 49 are 21, 30 and 69.
    expect(Array.from(codes)).toEqual([5, 0, 1, 4]);
  });
});

describe('segments of a date column', () => {
  // 200 customers who joined on 200 consecutive days up to 17/07/2016 (day 16,999; a blank for
  // every tenth), read as days to that latest date.
  const lines = ['ID,joined'];
  for (let i = 0; i < 200; i++) {
    lines.push(`${i},${i % 10 === 9 ? '' : formatDate(16_999 - i, 'dd/mm/yyyy')}`);
  }
  const table = tableOf(lines);
  const [joined] = fitSegmentColumns(
    table,
    Uint32Array.from({ length: 200 }, (_, i) => i),
    {
      columns: ['joined'],
      bins: 4,
    },
  );

  it('are ranges of dates, the latest first, each day in exactly one of them', () => {
    if (joined?.kind !== 'bins') throw new Error('no date segments');
    expect(joined.date).toEqual({ format: 'dd/mm/yyyy', reference: '2016-07-17' });
    const names = segmentNames(joined);
    const shown = names.map((name) =>
      name.kind === 'dates'
        ? [
            name.first === null ? null : formatDate(name.first, 'yyyy-mm-dd'),
            name.last === null ? null : formatDate(name.last, 'yyyy-mm-dd'),
          ]
        : name.kind,
    );
    // Edges at 50, 100 and 150 days (observed quartiles of 0…198 without the blanks).
    expect(joined.edges).toEqual([50, 100, 150]);
    expect(shown).toEqual([
      ['2016-05-29', null],
      ['2016-04-09', '2016-05-28'],
      ['2016-02-19', '2016-04-08'],
      [null, '2016-02-18'],
      'missing',
    ]);
    // 28/05/2016 is 50 days before the reference: the second segment, as its range says.
    expect(segmentOfValue(joined, 50)).toBe(1);
    expect(segmentOfValue(joined, 49)).toBe(0);
    expect(segmentText(names[1] ?? { kind: 'missing' })).toBe('[2016-04-09,2016-05-28]');
  });

  it('keep their date rule through the segments file, and a file with a bad rule is refused', () => {
    if (joined?.kind !== 'bins') throw new Error('no date segments');
    const data = {
      schemaHash: 'h',
      columns: [joined],
      development: {
        scores: new Float32Array(2),
        labels: new Uint8Array(2),
        codes: [new Uint8Array(2)],
      },
      test: { codes: [new Uint8Array(1)] },
    };
    const json = JSON.parse(JSON.stringify(segmentsFileJson(data))) as Record<string, unknown>;
    const read = readSegmentsFile(json);
    expect(read.ok && read.value.columns[0]).toEqual(joined);
    const broken = { ...json, columns: [{ ...joined, date: { format: 'yy/mm', reference: 'x' } }] };
    expect(readSegmentsFile(broken).ok).toBe(false);
  });
});

/** The best profit over every combination of cuts with at most `limit` contacts: the reference. */
function bruteForce(curves: ProfitCurve[], limit: number, payoffs = DEFAULT_PAYOFFS): number {
  let best = -Infinity;
  const walk = (s: number, contacts: number, profit: number) => {
    if (contacts > limit) return;
    const curve = curves[s];
    if (curve === undefined) {
      best = Math.max(best, profit);
      return;
    }
    for (let k = 0; k <= curve.cuts.length; k++) {
      const at = curve.cut(k, payoffs);
      walk(s + 1, contacts + at.contacted, profit + at.profit);
    }
  };
  walk(0, 0, 0);
  return best;
}

describe('per-segment thresholds', () => {
  const rng = createRng(4);
  const n = 60;
  const codes = Uint8Array.from({ length: n }, () => rng.int(3));
  // Scores in tenths (ties), churn more likely at high scores and in segment 2.
  const scores = Float64Array.from({ length: n }, () => Math.round(rng.next() * 10) / 10);
  const labels = Uint8Array.from(scores, (p, i) =>
    rng.next() < p * (codes[i] === 2 ? 0.9 : 0.35) ? 1 : 0,
  );
  const curvesOf = () =>
    [0, 1, 2].map((s) =>
      ProfitCurve.fromScores(
        Array.from(scores).filter((_, i) => codes[i] === s),
        Array.from(labels).filter((_, i) => codes[i] === s),
      ),
    );

  it('takes each segment’s own best cut without a capacity: the best of all combinations', () => {
    const plan = planSegmentThresholds(scores, labels, codes, 3, DEFAULT_PAYOFFS, null);
    expect(plan.price).toBe(0);
    expect(plan.profit).toBe(bruteForce(curvesOf(), Infinity));
    // Its thresholds contact exactly the rows it counts, and earn what it says.
    const contacts = contactsBySegment(scores, codes, plan.thresholds);
    expect(contacts.reduce((a, b) => a + b, 0)).toBe(plan.contacts.reduce((a, b) => a + b, 0));
    let profit = 0;
    contacts.forEach((c, i) => {
      if (c === 1) profit += labels[i] === 1 ? 90 : -10;
    });
    expect(profit).toBe(plan.profit);
  });

  it.each([1, 3, 8, 15, 25])(
    'fits a capacity of %i contacts, earning what the best combination within it earns',
    (capacity) => {
      const plan = planSegmentThresholds(scores, labels, codes, 3, DEFAULT_PAYOFFS, capacity);
      const used = plan.contacts.reduce((a, b) => a + b, 0);
      expect(used).toBeLessThanOrEqual(capacity);
      expect(plan.profit).toBe(bruteForce(curvesOf(), capacity));
      // At least as good as one threshold for everybody with the same capacity.
      const global = ProfitCurve.fromScores(scores, labels).best(DEFAULT_PAYOFFS, capacity);
      expect(plan.profit).toBeGreaterThanOrEqual(global.profit);
    },
  );

  it.each([2, 9, 20])(
    'fits a capacity of %i contacts when missed churners cost and customers left alone pay',
    (capacity) => {
      const payoffs = { tp: 50, fp: -20, fn: -15, tn: 2 };
      const plan = planSegmentThresholds(scores, labels, codes, 3, payoffs, capacity);
      expect(plan.contacts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(capacity);
      expect(plan.profit).toBe(bruteForce(curvesOf(), capacity, payoffs));
    },
  );

  it('spends a capacity that ties at the price would leave unused', () => {
    // Segment 0 earns 90 with one contact; segment 1 earns 180 with two, 90 with one. At the price
    // 90 per contact every option ties with contacting nobody.
    const plan = planSegmentThresholds(
      [0.9, 0.8, 0.3, 0.2, 0.5, 0.4, 0.3, 0.1],
      [1, 0, 0, 0, 1, 1, 0, 0],
      [0, 0, 0, 0, 1, 1, 1, 1],
      2,
      DEFAULT_PAYOFFS,
      2,
    );
    expect(plan.contacts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(plan.profit).toBe(180);
  });

  it.each([
    [18, 1620],
    [20, 1800],
  ])(
    'cuts through runs of churners that tie at the price: %i contacts earn R$ %i',
    (capacity, best) => {
      // Segment 0: 12 churners, 3 others, 6 churners; segment 1: 10 churners, 1 other, 2 churners.
      const runs = [
        [12, 3, 6],
        [10, 1, 2],
      ];
      const scores: number[] = [];
      const labels: number[] = [];
      const codes: number[] = [];
      runs.forEach((segment, s) => {
        let score = 1;
        segment.forEach((length, r) => {
          for (let i = 0; i < length; i++) {
            scores.push((score -= 0.001));
            labels.push(r % 2 === 0 ? 1 : 0);
            codes.push(s);
          }
        });
      });
      const plan = planSegmentThresholds(scores, labels, codes, 2, DEFAULT_PAYOFFS, capacity);
      expect(plan.contacts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(capacity);
      expect(plan.profit).toBe(best);
    },
  );

  it('contacts nobody on no rows', () => {
    const plan = planSegmentThresholds([], [], [], 2, DEFAULT_PAYOFFS, 5);
    expect(Array.from(plan.contacts)).toEqual([0, 0]);
    expect(plan.profit).toBe(0);
  });
});

describe('the segments file', () => {
  const columns: SegmentColumn[] = [
    { kind: 'categories', column: 'plan', categories: ['A', 'B'] },
    { kind: 'bins', column: 'age', edges: [30, 50], missing: [-1] },
  ];
  const data = {
    schemaHash: 'abc',
    columns,
    development: {
      scores: Float32Array.from([0.1, 0.25, 0.9]),
      labels: Uint8Array.from([0, 0, 1]),
      codes: [Uint8Array.from([0, 1, 3]), Uint8Array.from([2, 0, 3])],
    },
    test: { codes: [Uint8Array.from([2, 2]), Uint8Array.from([1, 0])] },
  };

  it('reads back what it writes, through JSON text', () => {
    const read = readSegmentsFile(JSON.parse(JSON.stringify(segmentsFileJson(data))));
    expect(read).toEqual({ ok: true, value: data });
  });

  it('refuses another file, and arrays that do not fit', () => {
    const json = segmentsFileJson(data) as Record<string, Record<string, unknown>>;
    expect(readSegmentsFile({ ...json, format: 'x' })).toEqual({
      ok: false,
      problem: { code: 'not-segments' },
    });
    const beyond = {
      ...json,
      test: {
        rows: 2,
        codes: [
          base64Encode(Uint8Array.from([4, 0])),
          json['test']?.['codes'] instanceof Array ? (json['test']['codes'] as string[])[1] : '',
        ],
      },
    };
    expect(readSegmentsFile(beyond)).toEqual({
      ok: false,
      problem: { code: 'inconsistent', field: 'test.codes' },
    });
    const short = { ...json, development: { ...json['development'], rows: 4 } };
    expect(readSegmentsFile(short)).toEqual({
      ok: false,
      problem: { code: 'inconsistent', field: 'development.scores' },
    });
  });

  it('writes base64 as Node does, and float32 little-endian', () => {
    const rng = createRng(2);
    for (const length of [0, 1, 2, 3, 4, 5, 100, 5000]) {
      const bytes = Uint8Array.from({ length }, () => rng.int(256));
      const text = base64Encode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64Decode(text)).toEqual(bytes);
    }
    expect(base64Decode('abc')).toBeNull();
    expect(base64Decode('ab$=')).toBeNull();
    // Padding only at the end, and only characters of the alphabet before it.
    expect(base64Decode('a=bc')).toBeNull();
    expect(base64Decode('====')).toBeNull();
    expect(base64Decode('abé=')).toBeNull();
    expect(base64Decode('QQ==')).toEqual(Uint8Array.of(65));
    const values = Float32Array.from([0.1, -2, 1e-8]);
    expect(float32ToBase64(values)).toBe(Buffer.from(values.buffer).toString('base64'));
    expect(float32FromBase64(float32ToBase64(values))).toEqual(values);
  });
});

describe('the per-segment report', () => {
  // Development rows: segment 0 pays to contact its 0.9 only (threshold 0.85); segment 1 its 0.5
  // and 0.4 (threshold 0.35). The rule in force contacts everybody at or above 0.1, the break-even
  // probability at the default payoffs.
  const data = {
    schemaHash: 'h',
    columns: [{ kind: 'categories', column: 'plan', categories: ['A', 'B'] }] as SegmentColumn[],
    development: {
      scores: Float32Array.from([0.9, 0.8, 0.3, 0.2, 0.5, 0.4, 0.3, 0.1]),
      labels: Uint8Array.from([1, 0, 0, 0, 1, 1, 0, 0]),
      codes: [Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1])],
    },
    test: { codes: [Uint8Array.from([0, 0, 1, 1])] },
  };
  const testScores = [0.6, 0.95, 0.36, 0.2];
  const testLabels = [0, 1, 1, 0];
  const rule = 0.1;

  it('chooses thresholds on the development rows and measures them and the rule in force on the test rows', () => {
    const report = segmentReport(
      segmentColumnEvidence(data, 0, testScores, testLabels),
      DEFAULT_PAYOFFS,
      null,
      rule,
      200,
    );
    expect(report.ruleThreshold).toBe(0.1);
    expect(report.lines.map((l) => [l.threshold, l.developmentContacts])).toEqual([
      [expect.closeTo(0.85, 6), 1],
      [expect.closeTo(0.35, 6), 2],
      [expect.any(Number), 0],
      [expect.any(Number), 0],
    ]);
    // Test: the rule contacts all four; the plan leaves out 0.6 (loyal, A) and 0.2 (loyal, B).
    expect(
      report.lines.map((l) => [l.testRows, l.testContacts, l.testProfit, l.testProfitRule]),
    ).toEqual([
      [2, 1, 90, 80],
      [2, 1, 90, 80],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect([report.testProfit, report.testProfitRule, report.gain.observed]).toEqual([
      180, 160, 20,
    ]);
    expect(segmentPlanCsv('plan', report).split('\n').slice(0, 2)).toEqual([
      'column,segment,threshold,development_rows,development_contacts,test_rows,test_churners,test_contacts,test_profit_brl,test_profit_rule_brl',
      'plan,A,0.850000,4,1,2,1,1,90.00,80.00',
    ]);
  });

  it('gives a segment no development row fell in the rule’s threshold, not "nobody"', () => {
    // Test rows with a missing plan (code 3): none among the development rows.
    const withMissing = { ...data, test: { codes: [Uint8Array.from([0, 3, 3, 1])] } };
    const report = segmentReport(
      segmentColumnEvidence(withMissing, 0, testScores, testLabels),
      DEFAULT_PAYOFFS,
      null,
      rule,
      200,
    );
    const missing = report.lines[3];
    expect(missing?.developmentRows).toBe(0);
    expect(missing?.threshold).toBe(rule);
    // 0.95 and 0.36, both churners, are above the rule's 0.1: contacted, as under it.
    expect([missing?.testContacts, missing?.testProfit]).toEqual([2, 180]);
    expect(missing?.testProfit).toBe(missing?.testProfitRule);
  });

  it('answers every payoff edit from the same evidence as from evidence built afresh', () => {
    const evidence = segmentColumnEvidence(data, 0, testScores, testLabels);
    const edited = { tp: 40, fp: -30, fn: -5, tn: 1 };
    segmentReport(evidence, DEFAULT_PAYOFFS, 0.25, rule, 200);
    expect(segmentReport(evidence, edited, null, 0.4, 200)).toEqual(
      segmentReport(segmentColumnEvidence(data, 0, testScores, testLabels), edited, null, 0.4, 200),
    );
  });

  it('plans under a capacity given as a share of customers', () => {
    const report = segmentReport(
      segmentColumnEvidence(data, 0, testScores, testLabels),
      DEFAULT_PAYOFFS,
      0.25,
      rule,
      200,
    );
    expect(report.developmentCapacity).toBe(2);
    expect(report.lines.reduce((sum, l) => sum + l.developmentContacts, 0)).toBeLessThanOrEqual(2);
  });
});

describe('the per-segment report of a model without a test split', () => {
  // The development rows are also the rows measured, each fold under the plans chosen on the
  // other: fold 0 holds A 0.9 (churner), A 0.2, B 0.6, B 0.3 (churner); fold 1 A 0.8 (churner),
  // A 0.1, B 0.7 (churner), B 0.4. Fold 1's plans (A above 0.45, B above 0.55) contact fold 0's
  // 0.9 and 0.6: R$ 80. Fold 0's (A above 0.55, all of B) contact fold 1's 0.8, 0.7 and 0.4:
  // R$ 170. The rule in force, 0.5, contacts 0.9, 0.6, 0.8 and 0.7: R$ 260.
  const scores = Float32Array.from([0.9, 0.2, 0.6, 0.3, 0.8, 0.1, 0.7, 0.4]);
  const labels = Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 0]);
  const codes = [Uint8Array.from([0, 0, 1, 1, 0, 0, 1, 1])];
  const data = {
    schemaHash: 'h',
    columns: [{ kind: 'categories', column: 'plan', categories: ['A', 'B'] }] as SegmentColumn[],
    development: { scores, labels, codes, folds: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]) },
    test: { codes },
  };

  it("measures each fold under the plans chosen on the other folds' rows", () => {
    const report = segmentReport(
      segmentColumnEvidence(data, 0, scores, labels),
      DEFAULT_PAYOFFS,
      null,
      0.5,
      200,
    );
    expect(
      report.lines
        .slice(0, 2)
        .map((l) => [l.testRows, l.testContacts, l.testProfit, l.testProfitRule]),
    ).toEqual([
      [4, 2, 180, 180],
      [4, 3, 70, 80],
    ]);
    expect([report.testProfit, report.testProfitRule, report.gain.observed]).toEqual([
      250, 260, -10,
    ]);
    // The plan shown is the one chosen on every row, which in sample would claim R$ 340.
    expect(report.lines[0]?.threshold).toBeCloseTo(0.5, 6);
    expect(report.lines[1]?.developmentContacts).toBe(4);
    const inSample = segmentReport(
      segmentColumnEvidence({ ...data, development: { scores, labels, codes } }, 0, scores, labels),
      DEFAULT_PAYOFFS,
      null,
      0.5,
      200,
    );
    expect(inSample.testProfit).toBe(340);
  });

  it('keeps the folds in the segments file instead of repeating the codes', () => {
    const json = segmentsFileJson(data) as { test: unknown };
    expect(json.test).toEqual({ outOfFold: true });
    const read = readSegmentsFile(JSON.parse(JSON.stringify(json)));
    if (!read.ok) throw new Error('expected a segments file');
    expect(read.value.development.folds).toEqual(data.development.folds);
    expect(read.value.test.codes).toEqual(codes);
    const broken = JSON.parse(JSON.stringify(json)) as { development: { folds: string } };
    broken.development.folds = 'AAE=';
    expect(readSegmentsFile(broken)).toEqual({
      ok: false,
      problem: { code: 'inconsistent', field: 'development.folds' },
    });
  });
});

describe("the portfolio's contact list under per-segment thresholds", () => {
  const age: SegmentColumn = { kind: 'bins', column: 'age', edges: [30], missing: [] };

  it('keeps each customer at or above its segment’s threshold, most likely first, up to the capacity', () => {
    const build = (capacity: number | null) => {
      const list = new SegmentContactList(age, [0.5, 0.2, 2], DEFAULT_PAYOFFS, capacity);
      // [id, probability, age]: the young need 0.5, the older 0.2, a missing age nobody.
      for (const [id, p, years] of [
        ['a', 0.4, 25],
        ['b', 0.6, 25],
        ['c', 0.25, 40],
        ['d', 0.6, 50],
        ['e', 0.9, Number.NaN],
      ] as const) {
        list.add(id, p, segmentOfCell(age, years, null));
      }
      return list;
    };
    expect(build(null).csv().split('\n')).toEqual([
      'ID,probability,decision,expected_value_brl,segment',
      'b,0.600000,1,50.00,"[-inf,30)"',
      'd,0.600000,1,50.00,"[30,inf)"',
      'c,0.250000,1,15.00,"[30,inf)"',
      '',
    ]);
    const limited = build(2);
    expect(limited.count).toBe(2);
    expect(
      limited
        .csv()
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    ).toEqual(['b', 'd']);
  });
});
