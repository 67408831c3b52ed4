// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/app/store';
import type { ModelFigures } from '../../src/core/modelFiles';
import type { ReadyEvent } from '../../src/features/inference/protocol';
import { ExpectedColumns } from '../../src/features/batch/ExpectedColumns';
import { ModelCard } from '../../src/features/quality/ModelCard';
import type { Language } from '../../src/shared/i18n';
import { StoreContext } from '../../src/shared/context';

afterEach(cleanup);

// A model of an energy company's file: three date columns, two written dd/mm/yyyy, one yyyy-mm-dd,
// all counting to the training file's latest date.
const fileColumns: ReadyEvent['fileColumns'] = {
  id: 'id',
  inputs: ['date_activ', 'cons_12m', 'date_end', 'date_modif_prod'],
  dates: [
    { name: 'date_activ', rule: { format: 'dd/mm/yyyy', reference: '2016-03-18' } },
    { name: 'date_end', rule: { format: 'dd/mm/yyyy', reference: '2016-03-18' } },
    { name: 'date_modif_prod', rule: { format: 'yyyy-mm-dd', reference: '2016-03-18' } },
  ],
};

// What the card reads of metrics.json.
const metrics = {
  createdAt: '2026-12-06T10:00:00Z',
  data: {
    file: 'powerco.csv.gz',
    rowsUsed: 16_096,
    positives: 1_595,
    target: { column: 'churn', positive: '1' },
  },
  split: { testRows: 0, testFraction: 0 },
  outOfSample: { source: 'out-of-fold', rows: 16_096 },
  test: { auc: 0.69, logLoss: 0.29, expectedCalibrationError: 0.01 },
  threshold: { threshold: 0.1 },
  payoffs: { tp: 90, fp: -10, fn: 0, tn: 0 },
} as unknown as ModelFigures;

function renderFor(language: Language, columns: ReadyEvent['fileColumns']) {
  const store = createAppStore();
  store.setState({ language, fileColumns: columns, metrics, card: '' });
  render(
    <StoreContext value={store}>
      <ExpectedColumns />
      <ModelCard />
    </StoreContext>,
  );
}

const cardValue = (term: string) =>
  screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

describe('the date columns an analyst must write, and the day they count to', () => {
  it('tells the scoring tab how each date column must be written, one line per format', () => {
    renderFor('pt-BR', fileColumns);
    expect(screen.getAllByTestId('expected-dates').map((line) => line.textContent)).toEqual([
      'Datas em date_activ, date_end: escritas dd/mm/aaaa. Uma linha com uma data escrita de outro modo é ignorada.',
      'Datas em date_modif_prod: escritas aaaa-mm-dd. Uma linha com uma data escrita de outro modo é ignorada.',
    ]);
  });

  it("names the date columns and the training file's latest date on the model card", () => {
    renderFor('pt-BR', fileColumns);
    expect(cardValue('Datas')).toBe(
      'date_activ, date_end, date_modif_prod: cada data vira o número de dias até 18 de março de 2016, a data mais recente do arquivo de treino; a pontuação conta até o mesmo dia.',
    );
  });

  it('says the same in English', () => {
    renderFor('en', fileColumns);
    expect(screen.getAllByTestId('expected-dates')[0]?.textContent).toBe(
      'Dates in date_activ, date_end: written dd/mm/yyyy. A row with a date written otherwise is skipped.',
    );
    expect(cardValue('Dates')).toBe(
      "date_activ, date_end, date_modif_prod: each date becomes the number of days to March 18, 2016, the training file's latest date; scoring counts to the same day.",
    );
  });

  it('says nothing of dates for a model without date columns', () => {
    renderFor('pt-BR', { ...fileColumns, dates: [] });
    expect(screen.queryAllByTestId('expected-dates')).toEqual([]);
    expect(screen.queryByText('Datas', { selector: 'dt' })).toBeNull();
  });
});
