import { describe, expect, it } from 'vitest';
import { blendWeights } from '../../src/core/scoring/ensembleBlend';
import { RecordChecker } from '../../src/core/records/recordCheck';
import type { RowIssue } from '../../src/core/records';
import { rowIssuesSkippedFirst } from '../../src/core/preprocess';
import { valueOf } from '../support/results';

describe('checking a customer record before its cells are read', () => {
  it('refuses a header without the ID column', () => {
    expect(RecordChecker.create(['id', 'var3'], 'ID', 'integer')).toEqual({
      ok: false,
      problem: { code: 'no-id-column', column: 'ID', closest: ['id'] },
    });
  });

  it('names a wrong field count, an ID of the wrong kind and a repeat, and passes the rest', () => {
    const checker = valueOf(RecordChecker.create([' var3 ', 'ID ', 'var15'], 'ID', 'integer'));
    const rows = [
      ['2', '7', '23'],
      ['2', '8'],
      ['2', '-1', '23'],
      ['2', ' 007 ', '23'],
      ['2', '9', '40'],
    ];
    expect(rows.map((fields, i) => checker.check(fields, i + 1))).toEqual([
      null,
      { column: null, problem: { code: 'field-count', found: 2, expected: 3 } },
      { column: 'ID', problem: { code: 'id-kind', id: '-1', problem: 'negative' } },
      { column: 'ID', problem: { code: 'duplicate-id', id: '007', firstRow: 1 } },
      null,
    ]);
    expect(checker.idOf(['2', ' 9 ', '40'])).toBe('9');
  });

  it('takes any text as an ID for a model trained on text IDs, and still names repeats', () => {
    const checker = valueOf(RecordChecker.create(['customerID', 'tenure'], 'customerID', 'text'));
    expect(checker.check(['7590-VHVEG', '1'], 1)).toBeNull();
    expect(checker.check(['', '1'], 2)).toEqual({
      column: 'customerID',
      problem: { code: 'no-id' },
    });
    expect(checker.check([' 7590-VHVEG', '3'], 3)).toEqual({
      column: 'customerID',
      problem: { code: 'duplicate-id', id: '7590-VHVEG', firstRow: 1 },
    });
  });
});

describe('the ensemble’s blend weights', () => {
  it('gives the regression its share and splits the rest equally over the towers', () => {
    expect(blendWeights(3, 0.25)).toEqual({ tower: 0.25, linear: 0.25, trees: 0 });
    expect(blendWeights(4, 0)).toEqual({ tower: 0.25, linear: 0, trees: 0 });
    const { tower, linear } = blendWeights(7, 0.1);
    expect(7 * tower + linear).toBeCloseTo(1, 15);
  });
  it('clamps a share outside [0, 1] and gives no towers no weight', () => {
    expect(blendWeights(2, -0.5)).toEqual({ tower: 0.5, linear: 0, trees: 0 });
    expect(blendWeights(2, Number.NaN)).toEqual({ tower: 0.5, linear: 0, trees: 0 });
    expect(blendWeights(0, 0.3)).toEqual({ tower: 0, linear: 0.3, trees: 0 });
  });
  it('gives the trees their share of the whole and the network the rest, split as before', () => {
    expect(blendWeights(3, 0.25, 0.4)).toEqual({ tower: 0.15, linear: 0.15, trees: 0.4 });
    const { tower, linear, trees } = blendWeights(10, 0.25, 0.3);
    expect(10 * tower + linear + trees).toBeCloseTo(1, 15);
    expect(blendWeights(2, 0, 1.5)).toEqual({ tower: 0, linear: 0, trees: 1 });
  });
});

describe('the rows an upload lists as problems', () => {
  const skipped = (row: number): RowIssue => ({
    row,
    line: row + 1,
    id: String(1000 + row),
    column: 'var3',
    reason: 'not a number',
    problem: { code: 'not-a-number', column: 'var3', text: 'abc' },
  });
  const warned = (row: number): RowIssue => ({
    row,
    line: row + 1,
    id: String(1000 + row),
    column: 'var15',
    reason: 'blank',
    problem: { code: 'blank-cell', column: 'var15' },
  });

  it('lists the skipped rows before the warned cells, each in row order', () => {
    const listed = rowIssuesSkippedFirst([skipped(7), skipped(9)], [warned(1), warned(8)], 10);
    expect(listed.map((issue) => [issue.row, issue.problem.code])).toEqual([
      [7, 'not-a-number'],
      [9, 'not-a-number'],
      [1, 'blank-cell'],
      [8, 'blank-cell'],
    ]);
  });

  it('keeps the skipped rows when the list is cut short by many warnings', () => {
    const warnings = Array.from({ length: 1_000 }, (_, i) => warned(i + 1));
    const listed = rowIssuesSkippedFirst([skipped(900)], warnings, 3);
    expect(listed.map((issue) => issue.row)).toEqual([900, 1, 2]);
    expect(rowIssuesSkippedFirst([skipped(1), skipped(2)], warnings, 1)).toEqual([skipped(1)]);
    expect(rowIssuesSkippedFirst([], [], 5)).toEqual([]);
  });
});
