import { describe, expect, it } from 'vitest';
import { closestColumnNames } from '../../src/core/records/columnNames';
import { describeHeaderProblem } from '../../src/core/records/fileProblems';
import { parseCsv } from '../../src/core/records/csv';
import { ColumnarTableBuilder, type ColumnarTable } from '../../src/core/records/table';
import { describeTargetProblem, resolveTarget } from '../../src/core/records/target';
import { valueOf } from '../support/results';

function read(text: string, options: { target?: string; exclude?: string[] } = {}): ColumnarTable {
  const [header, ...records] = parseCsv(text);
  const builder = valueOf(
    ColumnarTableBuilder.create(header?.fields ?? [], {
      idColumn: 'ID',
      targetColumn: options.target,
      exclude: options.exclude ?? [],
    }),
  );
  for (const record of records) builder.add(record.fields, record.line);
  return builder.build();
}

describe('reading a labelled file into columns', () => {
  it('detects numeric and categorical columns and keeps blanks as missing', () => {
    const table = read('ID,age,plan,y\n1,30,Gold,No\n2,,Basic,Yes\n3,45,,No\n', { target: 'y' });
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['age', 'numeric'],
      ['plan', 'categorical'],
    ]);
    const age = table.columns[0];
    expect(age?.kind === 'numeric' && Array.from(age.values)).toEqual([30, NaN, 45]);
    const plan = table.columns[1];
    expect(plan?.kind === 'categorical' && plan.values).toEqual(['Gold', 'Basic', null]);
    expect(table.targets).toEqual(['No', 'Yes', 'No']);
  });

  it('skips bad rows with their row number, line and column, and keeps the rest', () => {
    const rows = ['ID,a,b,y', '1,1,2,0', '2,3,0', '3,abc,1,1', ',5,6,0', '5,7,8,', '6,9,10,1'];
    for (let i = 0; i < 60; i++) rows.push(`${10 + i},${i},${i * 2},${i % 2}`);
    const table = read(rows.join('\n'), { target: 'y' });
    expect(table.issues).toEqual([
      {
        row: 2,
        line: 3,
        id: '',
        column: null,
        reason: 'has 3 fields where the header has 4',
        problem: { code: 'field-count', found: 3, expected: 4 },
      },
      {
        row: 3,
        line: 4,
        id: '3',
        column: 'a',
        reason: '"abc" is not a number',
        problem: { code: 'not-a-number', column: 'a', text: 'abc' },
      },
      { row: 4, line: 5, id: '', column: 'ID', reason: 'no ID', problem: { code: 'no-id' } },
      {
        row: 5,
        line: 6,
        id: '5',
        column: 'y',
        reason: 'the target is blank',
        problem: { code: 'blank-target', column: 'y' },
      },
    ]);
    expect(table.ids.slice(0, 2)).toEqual(['1', '6']);
    expect(table.rowsRead).toBe(66);
    expect(table.ids).toHaveLength(62);
  });

  it('leaves out excluded columns and says which', () => {
    const table = read('ID,a,leak,y\n1,1,0.9,1\n2,2,0.1,0\n', {
      target: 'y',
      exclude: ['leak', 'absent'],
    });
    expect(table.columns.map((c) => c.name)).toEqual(['a']);
    expect(table.excluded).toEqual(['leak', 'absent']);
  });

  it('finds columns named with spaces as the header is read, and names the closest when one is absent', () => {
    // A real telecom export's header reads "churn " (a trailing space); the reader trims names.
    const header = ['customer_id', 'churn ', 'total day minutes', 'Churned calls'];
    const table = valueOf(
      ColumnarTableBuilder.create(header, {
        idColumn: ' customer_id',
        targetColumn: 'churn ',
        exclude: ['total day minutes '],
      }),
    );
    table.add(['7', 'False', '100', '1'], 2);
    expect(table.build().columns.map((column) => column.name)).toEqual(['Churned calls']);
    const missing = ColumnarTableBuilder.create(header, {
      idColumn: 'customer_id',
      targetColumn: 'Churn?',
    });
    const problem = missing.ok ? null : missing.problem;
    expect(problem).toEqual({
      code: 'no-target-column',
      column: 'Churn?',
      closest: ['churn'],
    });
    expect(problem === null ? '' : describeHeaderProblem(problem)).toBe(
      'no target column "Churn?" in the header; the closest names in it: "churn"',
    );
    expect(
      closestColumnNames('CustomerID', ['customerID', 'Customer_ID', 'gender', 'tenure']),
    ).toEqual(['customerID', 'Customer_ID']);
    expect(closestColumnNames('x', [])).toEqual([]);
  });

  it('refuses a header without the ID or the target column, or with a repeated name', () => {
    const refusals = [
      ColumnarTableBuilder.create(['a', 'b'], { idColumn: 'ID' }),
      ColumnarTableBuilder.create(['ID', 'b'], { idColumn: 'ID', targetColumn: 'y' }),
      ColumnarTableBuilder.create(['ID', 'b', 'b'], { idColumn: 'ID' }),
    ].map((created) => (created.ok ? null : created.problem));
    expect(refusals).toEqual([
      { code: 'no-id-column', column: 'ID', closest: [] },
      { code: 'no-target-column', column: 'y', closest: [] },
      { code: 'repeated-column', column: 'b' },
    ]);
    expect(refusals.map((p) => (p === null ? '' : describeHeaderProblem(p)))).toEqual([
      'no ID column "ID" in the header',
      'no target column "y" in the header',
      'the header repeats the column "b"',
    ]);
  });
});

describe('resolving the target', () => {
  it('understands 0/1, Yes/No and true/false without being told', () => {
    expect(resolveTarget('y', ['0', '1', '1.0'])).toMatchObject({
      ok: true,
      value: { mapping: { positive: '1' } },
    });
    const yes = resolveTarget('Churn', ['No', 'Yes', 'yes ']);
    expect(yes.ok && Array.from(yes.value.labels)).toEqual([0, 1, 1]);
    expect(resolveTarget('y', ['TRUE', 'false'])).toMatchObject({
      ok: true,
      value: { mapping: { positive: 'TRUE' } },
    });
  });
  it('takes any two-valued target with an explicit positive value', () => {
    const r = resolveTarget(
      'Attrition_Flag',
      ['Existing Customer', 'Attrited Customer'],
      'Attrited Customer',
    );
    expect(r.ok && Array.from(r.value.labels)).toEqual([0, 1]);
    expect(r.ok && r.value.mapping.negative).toBe('Existing Customer');
  });
  it('explains what is wrong instead of guessing', () => {
    const refusals = [
      resolveTarget('y', ['a', 'b']),
      resolveTarget('y', ['a', 'b', 'c']),
      resolveTarget('y', ['1', '0'], 'Yes'),
      resolveTarget('y', []),
    ].map((r) => (r.ok ? null : r.problem));
    expect(refusals).toEqual([
      { code: 'positive-unknown', values: ['a', 'b'] },
      { code: 'not-two-values', column: 'y', values: ['a', 'b', 'c'] },
      { code: 'positive-not-found', positive: 'Yes', values: ['1', '0'] },
      { code: 'no-rows', column: 'y' },
    ]);
    expect(refusals.map((p) => (p === null ? '' : describeTargetProblem(p)))).toEqual([
      'cannot tell which of "a" and "b" is the positive class: name it with --positive',
      'the target "y" must take exactly two values; it takes more than two ("a", "b", "c")',
      'the positive value "Yes" is not one of the target\'s values (1, 0)',
      'the target "y" has no rows',
    ]);
  });
});
