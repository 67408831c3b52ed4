import { describe, expect, it } from 'vitest';
import { describeColumnLabelProblem, readColumnLabels } from '../../src/core/records/columnLabels';

const columns = ['customerID', 'tenure', 'Contract', 'MonthlyCharges'];

describe('a data dictionary of readable column labels', () => {
  it('labels the columns it names, trimmed, whatever the header’s case, BOM and quotes', () => {
    const text = '\ufeffColumn,Label\ntenure, Meses como cliente \n"Contract","Tipo de contrato"\n';
    expect(readColumnLabels(text, columns)).toEqual({
      labels: { tenure: 'Meses como cliente', Contract: 'Tipo de contrato' },
      problems: [],
    });
  });

  it('skips, with its line and reason, a column the data lacks, a blank label and a repeat', () => {
    const text = 'column,label\ntenur,Meses\nContract,\ntenure,Meses\ntenure,Outra\n';
    const { labels, problems } = readColumnLabels(text, columns);
    expect(labels).toEqual({ tenure: 'Meses' });
    expect(problems.map(describeColumnLabelProblem)).toEqual([
      'line 2: the data has no column "tenur"',
      'line 3: the column "Contract" has no label',
      'line 5: the column "tenure" is given twice; the first label stays',
    ]);
  });

  it('takes nothing from a file whose header is not "column,label"', () => {
    expect(readColumnLabels('name,description\ntenure,x\n', columns)).toEqual({
      labels: {},
      problems: [{ code: 'labels-header', line: 1 }],
    });
    expect(readColumnLabels('', columns).problems).toEqual([{ code: 'labels-header', line: 1 }]);
  });
});
