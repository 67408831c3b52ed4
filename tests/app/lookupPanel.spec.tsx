// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import type { InferenceClient } from '../../src/features/inference/client';
import type { IdKind } from '../../src/core/records/customerId';
import type { Contribution } from '../../src/features/inference/engine';
import type { LookupResult } from '../../src/features/inference/protocol';
import { CustomerCard } from '../../src/features/lookup/CustomerCard';
import { CustomerSearch } from '../../src/features/lookup/CustomerSearch';
import { StoreContext } from '../../src/shared/context';
import { ClientContext } from '../../src/features/inference/clientContext';
import { createAppStore } from '../../src/app/store';

afterEach(cleanup);

function renderPanel(
  known: Record<string, number>,
  installing = false,
  idKind: IdKind = 'integer',
  contribution: Contribution = { column: 'var15', delta: 0.12, value: 41 },
  portfolio: readonly number[] = [0.9, 0.3, 0.05, 0.01],
) {
  const store = createAppStore();
  const probabilities = Float32Array.from(portfolio);
  if (installing) {
    // The portfolio still installing: lookups open, nothing scored yet.
    store.getState().setLookupsOpen(idKind);
  } else {
    store.setState({
      status: 'ready',
      lookupsOpen: true,
      idKind,
      snapshot: {
        ids: Float64Array.from([1, 2, 3, 4]),
        labels: idKind === 'text' ? ['7590-ALPHA', '7590-VHVEG', '7590-XRAY', '7590-ZULU'] : null,
        probabilities,
        values: null,
        valueColumn: null,
        curve: new ExpectedProfitCurve(probabilities),
      },
    });
  }
  const asked: (number | string)[] = [];
  const client = {
    lookup: (id: number | string): Promise<LookupResult> => {
      asked.push(id);
      const p = known[String(id)];
      return Promise.resolve({
        kind: 'lookup-result',
        requestId: 1,
        id,
        found: p !== undefined,
        probability: p ?? Number.NaN,
        contributions: p === undefined ? [] : [contribution],
        milliseconds: 1,
      });
    },
  } as unknown as InferenceClient;
  render(
    <StoreContext value={store}>
      <ClientContext value={client}>
        <CustomerSearch />
        <CustomerCard />
      </ClientContext>
    </StoreContext>,
  );
  return { store, asked };
}

const lookUp = (text: string) => {
  fireEvent.change(screen.getByRole('searchbox', { name: 'ID do cliente' }), {
    target: { value: text },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Consultar' }));
};

describe('looking up a customer', () => {
  it.each([
    ['abc', 'O ID deve ser um número.'],
    ['-1', 'O ID não pode ser negativo.'],
    ['1.5', 'O ID deve ser um número inteiro.'],
    ['', 'Digite um ID.'],
    ['9007199254740993', 'O ID é grande demais.'],
  ])('answers "%s" with a clear message and asks the model nothing', (text, message) => {
    const { asked } = renderPanel({});
    lookUp(text);
    expect(screen.getByRole('alert').textContent).toBe(message);
    expect(
      screen.getByRole('searchbox', { name: 'ID do cliente' }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(asked).toEqual([]);
  });

  it('says when no customer has the ID', async () => {
    renderPanel({});
    lookUp('77');
    expect((await screen.findByText('Nenhum cliente com o ID 77.')).getAttribute('role')).toBe(
      'alert',
    );
  });

  it('shows probability, decision, value of acting, rank and contributions for a known customer', async () => {
    renderPanel({ 2: Math.fround(0.3) });
    lookUp('2');
    expect((await screen.findByTestId('lookup-probability')).textContent).toBe('30,00%');
    expect(screen.queryByText('Contatar')).not.toBeNull();
    // 0.3 · 90 + 0.7 · (−10) = 20
    expect(screen.queryByText(/R\$\s?20,00/)).not.toBeNull();
    expect(screen.queryByText('2º de 4 (percentil 75,0)')).not.toBeNull();
    expect(screen.getByRole('listitem').textContent).toContain('+12,00 p.p.');
  });

  it.each([
    [41, 'var15 = 41'],
    [309_275, 'var15 = 309.275'],
    [0.161, 'var15 = 0,161'],
    [43.65, 'var15 = 43,65'],
    [0.123456, 'var15 = 0,1235'],
  ])('shows a contribution value of %s as the file holds it: %s', async (value, shown) => {
    renderPanel({ 2: Math.fround(0.3) }, false, 'integer', {
      column: 'var15',
      delta: 0.12,
      value,
    });
    lookUp('2');
    await screen.findByTestId('lookup-probability');
    expect(screen.getByRole('listitem').querySelector('.name')?.textContent).toBe(shown);
  });

  it('ranks the most likely customer 1st by its portfolio probability, even when the lookup computes it a hair lower', async () => {
    // The portfolio holds 0.9 (as float32) for customer 1; the lookup's own path gives less.
    renderPanel({ 1: Math.fround(0.9) - 1e-7 });
    lookUp('1');
    const rank = await screen.findByTestId('lookup-rank');
    expect(rank.textContent).toBe('1º de 4 (percentil 100,0)');
    expect(Number(screen.getByTestId('lookup-probability').getAttribute('data-value'))).toBe(
      Math.fround(0.9),
    );
  });

  it('decides at the rule in force: a customer just under the break-even is not contacted', async () => {
    // The default payoffs break even at 0.1: 0.05 has an expected value of −R$ 5,00.
    renderPanel({ 3: Math.fround(0.05) });
    lookUp('3');
    expect((await screen.findByTestId('lookup-decision')).textContent).toBe('Não contatar');
  });

  it('shows a probability beside the break-even with the decimals that tell it apart from it', async () => {
    // The default payoffs break even at 0.1: at two decimals both customers would read "10,00%".
    const portfolio = [0.9, 0.100008, 0.099994, 0.01];
    renderPanel({ 2: Math.fround(0.100008) }, false, 'integer', undefined, portfolio);
    lookUp('2');
    expect((await screen.findByTestId('lookup-probability')).textContent).toBe('10,001%');
    expect(screen.getByTestId('lookup-decision').textContent).toBe('Contatar');
    cleanup();
    renderPanel({ 3: Math.fround(0.099994) }, false, 'integer', undefined, portfolio);
    lookUp('3');
    expect((await screen.findByTestId('lookup-probability')).textContent).toBe('9,999%');
    expect(screen.getByTestId('lookup-decision').textContent).toBe('Não contatar');
  });

  it('reads a text ID as typed (trimmed) for a model with text IDs, and shows categories', async () => {
    const { asked } = renderPanel({ '7590-VHVEG': Math.fround(0.3) }, false, 'text', {
      column: 'Contract',
      delta: 0.05,
      value: 'Month-to-month',
    });
    lookUp('  ');
    expect(screen.getByRole('alert').textContent).toBe('Digite um ID.');
    lookUp(' 7590-VHVEG ');
    expect((await screen.findByTestId('lookup-probability')).textContent).toBe('30,00%');
    expect(asked).toEqual(['7590-VHVEG']);
    expect(screen.getByTestId('lookup-rank').textContent).toBe('2º de 4 (percentil 75,0)');
    expect(screen.getByRole('listitem').textContent).toContain('Contract = Month-to-month');
  });

  it('answers while the portfolio still installs, without a rank until every customer is scored', async () => {
    const { store } = renderPanel({ 2: Math.fround(0.3) }, true);
    expect(store.getState().status).toBe('loading');
    lookUp('2');
    expect((await screen.findByTestId('lookup-probability')).textContent).toBe('30,00%');
    expect(screen.queryByText('Contatar')).not.toBeNull();
    expect(screen.queryByText(/percentil/)).toBeNull();
  });

  it('keeps the button off until lookups open', () => {
    const store = createAppStore();
    render(
      <StoreContext value={store}>
        <CustomerSearch />
        <CustomerCard />
      </StoreContext>,
    );
    expect(screen.getByRole('button', { name: 'Consultar' }).hasAttribute('disabled')).toBe(true);
    act(() => {
      store.getState().setLookupsOpen('integer');
    });
    expect(screen.getByRole('button', { name: 'Consultar' }).hasAttribute('disabled')).toBe(false);
  });
});
