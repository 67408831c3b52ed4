/**
 * The decision controls do what the analyst typed: the payoff, capacity and threshold boxes of the
 * production build in Chromium, typed into as a person types, against core's rule over the
 * probabilities the Node scoring CLI gives the demo customers.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { applyDecisionRule } from '../../src/core/decision/decisionRule';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { ProfitCurve, type Payoffs } from '../../src/core/decision/profit';
import { buildAndServeApp, type AppServer } from '../support/appServer';
import { launchChromium } from '../../training/lib/chromium';
import { demoMetrics, nodeScoresOfDemo } from '../support/demoScores';
import { ROOT } from '../support/paths';
import { xlsxBytes } from '../support/xlsx';

const shots = resolve(ROOT, 'artifacts', 'e2e');
const work = mkdtempSync(join(tmpdir(), 'retem-controls-'));
let server: AppServer;
let browser: Browser;
let page: Page;
/** Node's probability of every demo customer, by ID. */
const nodeScores = new Map<string, number>();
let portfolio: ExpectedProfitCurve;
let evaluation: ProfitCurve;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await buildAndServeApp();
  for (const [id, p] of nodeScoresOfDemo(work)) nodeScores.set(id, p);
  portfolio = new ExpectedProfitCurve([...nodeScores.values()]);
  const metrics = demoMetrics();
  evaluation = ProfitCurve.fromScores(metrics.outOfSample.scores, metrics.outOfSample.labels);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await page.goto(server.url);
  await page.getByText(/clientes prontos|customers ready/).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

const figure = async (testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));
const box = (name: string) => page.getByRole('textbox', { name, exact: true });
const costBox = () => box('Custo de um contato desnecessário (R$)');
const gainBox = () => box('Ganho ao reter um churner contatado (R$)');
const thresholdBox = () => box('Limiar de decisão (0–1)');
const capacityBox = () => box('Capacidade (máx. de contatos; vazio = sem limite)');

/** Selects what the box holds and types over it key by key, then leaves it with Tab. */
async function typeInto(target: Locator, text: string): Promise<void> {
  await target.click();
  await target.press('Control+A');
  if (text === '') await target.press('Backspace');
  else await target.pressSequentially(text);
  await target.press('Tab');
}

/** The message beside a box (its aria-describedby), or '' when it holds a valid value. */
async function markOf(target: Locator): Promise<string> {
  if ((await target.getAttribute('aria-invalid')) !== 'true') return '';
  const id = await target.getAttribute('aria-describedby');
  return id === null ? '' : ((await page.locator(`[id="${id}"]`).textContent()) ?? '');
}

/** The contact list the app exports now, as rows of fields (header first). */
async function exportedContacts(): Promise<string[][]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Exportar a lista de contatos/ }).click(),
  ]);
  return parseCsv(readFileSync(await download.path(), 'utf8')).map((r) => r.fields);
}

/** The figures must be core's rule over Node's probabilities (printed to 6 decimals: ±1 customer). */
async function expectFiguresOfRule(payoffs: Payoffs, capacity: number | null, hand: number | null) {
  const rule = applyDecisionRule(portfolio, payoffs, capacity, hand);
  await expect
    .poll(async () => Math.abs((await figure('threshold-box')) - rule.threshold))
    .toBeLessThan(1e-4);
  const threshold = await figure('threshold-box');
  expect(Math.abs((await figure('snapshot-contacts')) - rule.contacted)).toBeLessThanOrEqual(1);
  expect(await figure('evaluation-profit')).toBe(evaluation.at(threshold, payoffs).profit);
  expect(Math.abs((await figure('snapshot-profit')) - rule.expectedProfit)).toBeLessThan(
    Math.abs(payoffs.tp) + Math.abs(payoffs.fp) + 1,
  );
}

const DEFAULTS: Payoffs = { tp: 90, fp: -10, fn: 0, tn: 0 };

describe('the decision controls, typed into in Chromium', () => {
  it('by default contacts no customer whose expected value is negative, and ranks the first contact 1st', async () => {
    expect(await thresholdBox().inputValue()).toBe('0,1');
    expect(await page.getByTestId('rule').getAttribute('data-basis')).toBe('expected-gain');
    await expectFiguresOfRule(DEFAULTS, null, null);
    const [header, ...rows] = await exportedContacts();
    expect(header).toEqual(['ID', 'probability', 'decision', 'expected_value_brl']);
    expect(rows.length).toBe(await figure('snapshot-contacts'));
    for (const row of rows) expect(Number(row[3])).toBeGreaterThanOrEqual(0);
    // The hindsight threshold is a labelled comparison, not a button that sets the rule.
    expect(await page.getByRole('button', { name: /retrospecto/ }).count()).toBe(0);
    await expect(page.getByTestId('hindsight').textContent()).resolves.toMatch(
      /não é uma recomendação/,
    );
    // The export's first customer is the most likely one: 1st of 5,000.
    await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(rows[0]?.[0] ?? '');
    await page.getByRole('button', { name: 'Consultar' }).click();
    await expect.poll(() => figure('lookup-rank')).toBe(1);
    await expect(page.getByTestId('lookup-rank').textContent()).resolves.toMatch(/^1º de 5\.000/);
    await page.screenshot({ path: join(shots, '10-controls-default.png'), fullPage: true });
  });

  it('keeps what is typed in the payoff boxes, marks what cannot be read, and prices with what can', async () => {
    // A cost typed with a minus sign: kept as typed, marked, and the figures keep R$ 10.
    await typeInto(costBox(), '-15');
    expect(await costBox().inputValue()).toBe('-15');
    expect(await markOf(costBox())).toBe('Digite o valor sem sinal de menos: ele já é um custo.');
    await expectFiguresOfRule(DEFAULTS, null, null);
    // "15" as a positive cost: the rule now breaks even at 15 / 105.
    await typeInto(costBox(), '15');
    expect(await costBox().inputValue()).toBe('15');
    expect(await markOf(costBox())).toBe('');
    await expectFiguresOfRule({ ...DEFAULTS, fp: -15 }, null, null);
    // A decimal comma.
    await typeInto(gainBox(), '150,50');
    expect(await gainBox().inputValue()).toBe('150,5');
    const payoffs = { ...DEFAULTS, tp: 150.5, fp: -15 };
    await expectFiguresOfRule(payoffs, null, null);
    // The uncertain value follows the gain: R$ 100,33 to R$ 200,67, centred on it.
    expect(await box('Valor mínimo (R$)').inputValue()).toBe('100,33');
    expect(await box('Valor máximo (R$)').inputValue()).toBe('200,67');
    expect(await figure('uncertain-expected')).toBeCloseTo(await figure('evaluation-profit'), 6);
    // Empty and unreadable: kept, marked, the figures unchanged.
    await typeInto(gainBox(), '');
    expect(await gainBox().inputValue()).toBe('');
    expect(await markOf(gainBox())).toBe('Digite um valor.');
    await typeInto(gainBox(), 'abc');
    expect(await gainBox().inputValue()).toBe('abc');
    expect(await markOf(gainBox())).toBe('"abc" não é um número.');
    await expectFiguresOfRule(payoffs, null, null);
    await typeInto(gainBox(), '150,50');
    expect(await markOf(gainBox())).toBe('');
  });

  it('drops a box’s unreadable text once the value it stood for changes elsewhere', async () => {
    await typeInto(thresholdBox(), '1,5');
    expect(await markOf(thresholdBox())).toBe('Use um valor até 1.');
    const slider = page.getByRole('slider', { name: 'Limiar de decisão' });
    await slider.focus();
    await slider.press('ArrowRight');
    await expect.poll(() => markOf(thresholdBox())).toBe('');
    expect(await thresholdBox().inputValue()).toBe(
      String(await figure('threshold-box')).replace('.', ','),
    );
    await typeInto(thresholdBox(), '');
  });

  it('flags a payoff matrix under which a wasted contact earns money', async () => {
    const lone = box('Ganho com um cliente fiel não contatado (R$)');
    await typeInto(lone, '-20');
    await expect.poll(() => page.getByText(/um contato desnecessário rende mais/).count()).toBe(1);
    await typeInto(lone, '0');
    await expect.poll(() => page.getByText(/um contato desnecessário rende mais/).count()).toBe(0);
  });

  it('takes a threshold typed with a decimal comma as the one applied, and an empty box back to the rule', async () => {
    const payoffs = { ...DEFAULTS, tp: 150.5, fp: -15 };
    await typeInto(thresholdBox(), '0,12');
    expect(await thresholdBox().inputValue()).toBe('0,12');
    expect(await page.getByTestId('rule').getAttribute('data-basis')).toBe('hand');
    await expectFiguresOfRule(payoffs, null, 0.12);
    await typeInto(thresholdBox(), '1,5');
    expect(await markOf(thresholdBox())).toBe('Use um valor até 1.');
    await expectFiguresOfRule(payoffs, null, 0.12);
    await typeInto(thresholdBox(), '');
    expect(await page.getByTestId('rule').getAttribute('data-basis')).toBe('expected-gain');
    await expectFiguresOfRule(payoffs, null, null);
  });

  it('holds the best cut, the threshold and the contacts to a capacity, and agrees with the export', async () => {
    const payoffs = { ...DEFAULTS, tp: 150.5, fp: -15 };
    await typeInto(capacityBox(), 'abc');
    expect(await capacityBox().inputValue()).toBe('abc');
    expect(await markOf(capacityBox())).toBe('"abc" não é um número.');
    await expectFiguresOfRule(payoffs, null, null);
    await typeInto(capacityBox(), '300');
    expect(await capacityBox().inputValue()).toBe('300');
    await expectFiguresOfRule(payoffs, 300, null);
    const contacts = await figure('snapshot-contacts');
    expect(contacts).toBeLessThanOrEqual(300);
    expect(contacts).toBeGreaterThan(290);
    // The sentence names the rule's own threshold and the one the capacity raised it to.
    const four = (value: number) => value.toFixed(4).replace('.', ',');
    await expect(page.getByTestId('rule').textContent()).resolves.toContain(
      `A capacidade de 300 contatos eleva o limiar de ${four(15 / 165.5)} para ${four(await figure('threshold-box'))}: os ${contacts} clientes mais propensos.`,
    );
    const rows = (await exportedContacts()).slice(1);
    expect(rows.length).toBe(contacts);
    // A hand threshold below the capacity's cut is raised to it: the recommended cut, not repeated.
    await typeInto(thresholdBox(), '0,05');
    await expectFiguresOfRule(payoffs, 300, 0.05);
    expect(await page.getByTestId('recommended-profit').count()).toBe(0);
    // One above it contacts fewer: the recommended rule's figures are offered beside.
    await typeInto(thresholdBox(), '0,5');
    await expectFiguresOfRule(payoffs, 300, 0.5);
    const recommended = applyDecisionRule(portfolio, payoffs, 300, null).expectedProfit;
    expect(Math.abs((await figure('recommended-profit')) - recommended)).toBeLessThan(200);
    await page.screenshot({ path: join(shots, '11-controls-capacity.png'), fullPage: true });
    await page.getByRole('button', { name: 'Voltar à regra recomendada' }).click();
    await typeInto(capacityBox(), '');
    await expectFiguresOfRule(payoffs, null, null);
  });

  it('refuses a spreadsheet, when opened as a portfolio or scored, with the CLI’s reason in Portuguese and in English', async () => {
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .split('\n')
      .slice(0, 11)
      .map((line) => line.split(','));
    const book = join(work, 'clientes.xlsx');
    writeFileSync(book, xlsxBytes(lines));
    const contactsBefore = await figure('snapshot-contacts');
    await page.getByLabel(/^Abrir carteira/).setInputFiles(book);
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain(
        'O arquivo não é texto (é uma planilha como .xlsx, um arquivo compactado ou outro binário): salve-o como CSV (UTF-8 ou UTF-16), compactado com gzip ou não.',
      );
    expect(await figure('snapshot-contacts')).toBe(contactsBefore);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Score a file' }).click();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(book);
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain(
        'The file is not text (a spreadsheet such as .xlsx, an archive or another binary file): save it as CSV (UTF-8 or UTF-16), gzip-compressed or not.',
      );
    await page.screenshot({ path: join(shots, '12-spreadsheet-refused.png'), fullPage: true });
  });

  it('refuses an empty file, a damaged gzip and an altered snapshot with a reason in the interface’s language, throws nothing, and keeps the installed portfolio', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.getByRole('tab', { name: 'Decision' }).click();
    const contactsBefore = await figure('snapshot-contacts');
    // A portfolio with 64 bytes changed halfway, an empty one, and a customer CSV.GZ cut short.
    const altered = Buffer.from(
      readFileSync(resolve(ROOT, 'public', 'snapshot', 'customers.snapshot')),
    );
    const middle = Math.floor(altered.length / 2);
    for (let i = 0; i < 64; i++) altered[middle + i] = (altered[middle + i] ?? 0) ^ 0xff;
    writeFileSync(join(work, 'altered.snapshot'), altered);
    writeFileSync(join(work, 'empty.snapshot'), new Uint8Array(0));
    const gzipped = gzipSync(readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv')));
    writeFileSync(join(work, 'cut.csv.gz'), gzipped.subarray(0, Math.floor(gzipped.length / 2)));
    const damaged =
      'The file is gzip-compressed but damaged or cut short: compress it again, or use it uncompressed.';
    const empty = 'The file is empty: it has no header line.';
    const refusals: [string, string][] = [
      ['altered.snapshot', damaged],
      ['empty.snapshot', empty],
      ['cut.csv.gz', damaged],
    ];
    for (const [file, reason] of refusals) {
      await page.getByLabel(/^Open a portfolio/).setInputFiles(join(work, file));
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContain(reason);
      expect(await figure('snapshot-contacts'), file).toBe(contactsBefore);
    }
    // The same reasons when such a file is scored, in Portuguese too.
    await page.getByRole('button', { name: 'Português' }).click();
    await page.getByRole('tab', { name: 'Pontuar arquivo' }).click();
    const upload = page.getByLabel('Arquivo CSV', { exact: true });
    await upload.setInputFiles(join(work, 'cut.csv.gz'));
    // The tab's own alerts: the portfolio picker above the tabs still shows its last refusal.
    const panelAlerts = () => page.getByRole('tabpanel').getByRole('alert').allTextContents();
    await expect
      .poll(panelAlerts)
      .toContain(
        'O arquivo está compactado com gzip, mas danificado ou incompleto: compacte-o de novo ou use-o sem compactar.',
      );
    await upload.setInputFiles(join(work, 'empty.snapshot'));
    await expect
      .poll(panelAlerts)
      .toContain('O arquivo está vazio: não tem nem a linha de cabeçalho.');
    await page.screenshot({ path: join(shots, '13-damaged-refused.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('reads the English interface’s decimal point', async () => {
    await page.getByRole('tab', { name: 'Decision' }).click();
    const threshold = page.getByRole('textbox', { name: 'Decision threshold (0–1)', exact: true });
    await typeInto(threshold, '0.12');
    expect(await threshold.inputValue()).toBe('0.12');
    await expectFiguresOfRule({ ...DEFAULTS, tp: 150.5, fp: -15 }, null, 0.12);
  });
});
