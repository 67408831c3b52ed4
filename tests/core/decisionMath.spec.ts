import { describe, expect, it } from 'vitest';
import { parseCustomerId } from '../../src/core/records/customerId';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { createRng } from '../../src/core/rng';
import { DECISIONS_HEADER, decide, decisionLine } from '../../src/core/decision/decisions';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { missingColumns } from '../../src/core/records/fileProblems';
import { describeRowProblem } from '../../src/core/records/rowProblems';
import { fileRefusal, rowReason, translate } from '../../src/shared/i18n';
import { readSharedView, writeSharedView } from '../../src/shared/urlState';

/** The app's wording in Portuguese and in English, as its components call it. */
const pt = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('pt-BR', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);

describe('reading a typed customer ID', () => {
  it('accepts whole numbers ≥ 0, with spaces, a plus sign or leading zeros', () => {
    expect(parseCustomerId(' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseCustomerId('0')).toEqual({ ok: true, value: 0 });
    expect(parseCustomerId('+007')).toEqual({ ok: true, value: 7 });
    expect(parseCustomerId(String(Number.MAX_SAFE_INTEGER))).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
  });
  it('names what is wrong with anything else', () => {
    expect(parseCustomerId('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseCustomerId('abc')).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseCustomerId('12a')).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseCustomerId('-1')).toEqual({ ok: false, problem: 'negative' });
    expect(parseCustomerId('1.5')).toEqual({ ok: false, problem: 'not-whole' });
    expect(parseCustomerId('1e3')).toEqual({ ok: false, problem: 'not-whole' });
    expect(parseCustomerId('9007199254740992')).toEqual({ ok: false, problem: 'too-large' });
    expect(parseCustomerId('99999999999999999999')).toEqual({ ok: false, problem: 'too-large' });
  });
});

describe('expected profit over customers to score', () => {
  const curve = new ExpectedProfitCurve([0.5, 0.05, 0.2, 0.2, 0.9]);
  it('gives the same figures from probabilities sorted elsewhere, and sorts any that are not', () => {
    const sortedElsewhere = new ExpectedProfitCurve(
      Float64Array.from([0.9, 0.5, 0.2, 0.2, 0.05]),
      'descending',
    );
    const notSorted = new ExpectedProfitCurve(
      Float64Array.from([0.2, 0.9, 0.05, 0.5, 0.2]),
      'descending',
    );
    for (const threshold of [0, 0.1, 0.2, 0.5, 0.95]) {
      expect(sortedElsewhere.at(threshold, DEFAULT_PAYOFFS)).toEqual(
        curve.at(threshold, DEFAULT_PAYOFFS),
      );
      expect(notSorted.at(threshold, DEFAULT_PAYOFFS)).toEqual(
        curve.at(threshold, DEFAULT_PAYOFFS),
      );
    }
    expect(Array.from(notSorted.sorted)).toEqual([0.9, 0.5, 0.2, 0.2, 0.05]);
  });
  it('draws the portfolio curve at every cut between distinct probabilities, and finds its best', () => {
    // Contacting the k most likely: each adds p·90 − (1 − p)·10; the two 0.2 go together.
    const byHand = (k: number) =>
      [0.9, 0.5, 0.2, 0.2, 0.05].slice(0, k).reduce((sum, p) => sum + p * 90 - (1 - p) * 10, 0);
    const all = curve.points(DEFAULT_PAYOFFS, 100);
    expect(all.contacted).toEqual([0, 1, 2, 4, 5]);
    expect(all.threshold.slice(1)).toEqual([0.9, 0.5, 0.2, 0.05]);
    all.contacted.forEach((k, i) => {
      expect(all.profit[i]).toBeCloseTo(byHand(k), 9);
    });
    // Every point is the figure `at` gives at its threshold.
    all.threshold.forEach((threshold, i) => {
      expect(curve.at(threshold, DEFAULT_PAYOFFS).expectedProfit).toBeCloseTo(
        all.profit[i] ?? 0,
        9,
      );
    });
    expect(curve.points(DEFAULT_PAYOFFS, 2).contacted).toEqual([0, 2, 4, 5]);
    const best = curve.best(DEFAULT_PAYOFFS);
    expect(best).toMatchObject({ threshold: 0.2, contacted: 4 });
    expect(best.expectedProfit).toBeCloseTo(byHand(4), 9);
    // At FP = −1,000 even the likeliest costs more than it brings: the best is no one.
    expect(curve.best({ tp: 90, fp: -1000, fn: 0, tn: 0 })).toMatchObject({ contacted: 0 });
    expect(new ExpectedProfitCurve([]).best(DEFAULT_PAYOFFS)).toMatchObject({ contacted: 0 });
  });
  it('finds the best cut as a search over every cut would, whatever the payoffs', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const probabilities = Array.from({ length: 200 }, () => Math.round(rng.next() * 50) / 50);
      const many = new ExpectedProfitCurve(probabilities);
      const payoffs = {
        tp: Math.round(rng.normal() * 100),
        fp: Math.round(rng.normal() * 20),
        fn: Math.round(rng.normal() * 20),
        tn: Math.round(rng.normal() * 5),
      };
      const cuts = [1.5, ...new Set(probabilities)];
      const bestByHand = Math.max(...cuts.map((t) => many.at(t, payoffs).expectedProfit));
      expect(many.best(payoffs).expectedProfit).toBeCloseTo(bestByHand, 6);
    }
  });
  it('counts contacts and sums p·TP + (1−p)·FP over them', () => {
    const at = curve.at(0.2, DEFAULT_PAYOFFS);
    expect(at.contacted).toBe(4);
    expect(at.expectedProfit).toBeCloseTo(
      0.9 * 90 - 0.1 * 10 + 0.5 * 90 - 0.5 * 10 + 2 * (0.2 * 90 - 0.8 * 10),
      9,
    );
    expect(curve.at(0.95, DEFAULT_PAYOFFS)).toMatchObject({ contacted: 0, expectedProfit: 0 });
  });
  it('includes what missed churners cost when FN is priced', () => {
    const at = curve.at(0.6, { tp: 90, fp: -10, fn: -20, tn: 0 });
    expect(at.expectedProfit).toBeCloseTo(0.9 * 90 - 0.1 * 10 - 20 * (0.5 + 0.05 + 0.4), 9);
  });
  it('ranks a probability among the customers', () => {
    expect(curve.rankOf(0.9)).toEqual({ rank: 1, percentile: 100 });
    expect(curve.rankOf(0.05).rank).toBe(5);
  });
  it('turns a capacity into the highest threshold that respects it, ties contacted together', () => {
    expect(curve.contactedAt(curve.thresholdForCapacity(2))).toBe(2);
    expect(curve.contactedAt(curve.thresholdForCapacity(3))).toBe(2);
    expect(curve.contactedAt(curve.thresholdForCapacity(0))).toBe(0);
    expect(curve.contactedAt(curve.thresholdForCapacity(99))).toBe(5);
  });
  it('keeps to the capacity between two probabilities with no number between them', () => {
    // 0.9999999999999981 and 0.999999999999998 are adjacent doubles: halfway rounds to one of them.
    const close = new ExpectedProfitCurve([1, 0.999999999999998, 0.9999999999999981]);
    expect(close.contactedAt(close.thresholdForCapacity(2))).toBe(2);
    expect(close.contactedAt(close.thresholdForCapacity(1))).toBe(1);
  });
});

describe('the view in the URL', () => {
  it('round-trips threshold, payoffs, capacity and language', () => {
    const hash = writeSharedView({
      threshold: 0.0906918720155954,
      payoffs: { tp: 80, fp: -12, fn: -5, tn: 1 },
      capacity: 500,
      language: 'en',
    });
    // The threshold whole: the model's own has many decimals, and a rounded one moves customers.
    expect(readSharedView(hash)).toEqual({
      threshold: 0.0906918720155954,
      payoffs: { tp: 80, fp: -12, fn: -5, tn: 1 },
      capacity: 500,
      language: 'en',
    });
  });
  it('ignores values that make no sense', () => {
    expect(readSharedView('#t=7&tp=abc&cap=-3&lang=fr')).toEqual({ payoffs: {} });
  });
});

describe('row-level reasons, worded from core’s codes', () => {
  it('says in Portuguese and in English what the CLIs say in English', () => {
    const problems = [
      { code: 'not-a-number', column: 'var3', text: 'abc' },
      { code: 'field-count', found: 3, expected: 4 },
      { code: 'no-id' },
      { code: 'id-kind', id: '-682', problem: 'negative' },
      { code: 'duplicate-id', id: '7', firstRow: 1 },
      { code: 'blank-cell', column: 'var15' },
      { code: 'non-finite', column: 'var38', text: '1e400' },
      { code: 'out-of-range', column: 'var15', value: 1234.5678, low: -95, high: 205 },
      { code: 'out-of-range', column: 'var38', value: 1e12, low: -3.2e-5, high: 8.51e9 },
    ] as const;
    expect(problems.map((p) => rowReason(pt, p, 'pt-BR'))).toEqual([
      '"abc" não é um número',
      'tem 3 campos, mas o cabeçalho tem 4',
      'sem ID',
      'o ID "-682" é negativo: os IDs deste modelo são números inteiros ≥ 0',
      'o ID "7" se repete (primeira vez na linha 1)',
      'em branco, o que no treino esta coluna nunca teve: pontuada como valor ausente',
      '"1e400" é grande demais para um número: pontuada como o maior possível',
      '1.234,57 está muito fora da faixa do treino (plausível: -95 a 205): pontuada com corte',
      '1E12 está muito fora da faixa do treino (plausível: -3,2E-5 a 8,51E9): pontuada com corte',
    ]);
    // The app's English is the CLIs' English: one set of codes, two wordings that agree.
    expect(problems.map((p) => rowReason(en, p, 'en'))).toEqual(problems.map(describeRowProblem));
    expect(describeRowProblem(problems[7])).toBe(
      '1,234.57 is far outside the training range (plausible: -95 to 205): scored clipped',
    );
  });
});

describe('a refused upload, worded from core’s codes', () => {
  it('says in Portuguese and in English why the whole file is refused', () => {
    const lacking = missingColumns(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(lacking).toEqual({
      code: 'missing-columns',
      columns: ['a', 'b', 'c', 'd', 'e'],
      count: 6,
    });
    expect(fileRefusal(pt, lacking)).toBe(
      'Faltam ao arquivo 6 coluna(s) que o modelo lê: a, b, c, d, e, ….',
    );
    expect(fileRefusal(en, { code: 'no-id-column', column: 'customerID', closest: [] })).toBe(
      'The file has no ID column "customerID".',
    );
    const nearly = {
      code: 'no-id-column' as const,
      column: 'customerID',
      closest: ['customer_id', 'ID'],
    };
    expect(fileRefusal(en, nearly)).toBe(
      'The file has no ID column "customerID". Closest names in its header: "customer_id", "ID".',
    );
    expect(fileRefusal(pt, nearly)).toBe(
      'O arquivo não tem a coluna de ID "customerID". Nomes mais próximos no cabeçalho: "customer_id", "ID".',
    );
    expect(fileRefusal(pt, { code: 'not-text' })).toBe(
      'O arquivo não é texto (é uma planilha como .xlsx, um arquivo compactado ou outro binário): salve-o como CSV (UTF-8 ou UTF-16), compactado com gzip ou não.',
    );
  });
});

describe('the decision for one customer and its line in the decisions file', () => {
  it('contacts at or above the threshold and prices the decision taken', () => {
    expect(decide(0.3, 0.3, DEFAULT_PAYOFFS)).toEqual({ contact: true, expectedValue: 20 });
    // Leaving a customer alone is worth p·FN + (1−p)·TN: nothing under the default payoffs.
    expect(decide(0.2999, 0.3, DEFAULT_PAYOFFS)).toEqual({ contact: false, expectedValue: 0 });
    const priced = { tp: 90, fp: -10, fn: -50, tn: 1 };
    expect(decide(0.2, 0.5, priced).expectedValue).toBeCloseTo(0.2 * -50 + 0.8 * 1, 12);
    expect(decide(Number.NaN, 0.1, DEFAULT_PAYOFFS).contact).toBe(false);
  });
  it('writes six decimals, 1 or 0 and centavos, quoting IDs that need it', () => {
    expect(DECISIONS_HEADER).toBe('ID,probability,decision,expected_value_brl');
    expect(decisionLine('42', 0.123456789, decide(0.123456789, 0.1, DEFAULT_PAYOFFS))).toBe(
      '42,0.123457,1,2.35',
    );
    expect(decisionLine('a,"b"', 0.05, decide(0.05, 0.1, DEFAULT_PAYOFFS))).toBe(
      '"a,""b""",0.050000,0,0.00',
    );
  });
});
