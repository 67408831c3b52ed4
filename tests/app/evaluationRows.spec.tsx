// @vitest-environment jsdom
/**
 * Where the figures come from, as the quality tab's model card says it: every customer out of
 * fold for a model trained without a test split, the held-out share for one trained with it.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelFigures } from '../../src/core/modelFiles';
import { ModelCard } from '../../src/features/quality/ModelCard';
import { createAppStore } from '../../src/app/store';
import { StoreContext } from '../../src/shared/context';

const metricsWith = (changes: object) =>
  ({
    createdAt: '2026-12-06T10:00:00Z',
    data: {
      file: 'bank.csv',
      rowsUsed: 10_000,
      positives: 1_600,
      target: { column: 'churn', positive: '1' },
    },
    test: { auc: 0.9, logLoss: 0.2, expectedCalibrationError: 0.01 },
    threshold: { threshold: 0.1 },
    payoffs: { tp: 90, fp: -10, fn: 0, tn: 0 },
    ...changes,
  }) as unknown as ModelFigures;

function renderCard(metrics: ModelFigures) {
  const store = createAppStore();
  store.setState({ language: 'pt-BR', metrics, card: '' });
  render(
    <StoreContext value={store}>
      <ModelCard />
    </StoreContext>,
  );
}

afterEach(cleanup);

describe("the model card's evaluation rows", () => {
  it('says every customer trained the model, each measured by the fold model that did not train on it', () => {
    renderCard(
      metricsWith({
        split: { testRows: 0, testFraction: 0 },
        outOfSample: { source: 'out-of-fold', rows: 10_000 },
      }),
    );
    expect(
      screen.getByText(
        'Todos os 10.000 clientes, cada um pelo modelo da dobra que não treinou nele: nenhum ficou fora do treino.',
      ),
    ).toBeTruthy();
  });

  it('says how many customers were set aside for a model trained with a test split', () => {
    renderCard(
      metricsWith({
        split: { testRows: 1_500, testFraction: 0.15 },
        outOfSample: { source: 'test', rows: 1_500 },
      }),
    );
    expect(
      screen.getByText(
        '1.500 clientes (15%) separados antes do treino: nenhuma parte do modelo os viu.',
      ),
    ).toBeTruthy();
  });
});
