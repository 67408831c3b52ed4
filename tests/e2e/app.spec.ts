/**
 * The analyst app end to end: the production build in real headless Chromium, against the demo
 * model and snapshot, checked against the Node scoring CLI and core's own math.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import type { ModelMetrics } from '../../src/core/modelFiles/modelMetrics';
import { DEFAULT_PAYOFFS, ProfitCurve } from '../../src/core/decision/profit';
import { expectedGainThreshold } from '../../src/core/decision/decisionRule';
import { expectedMaximumProfit } from '../../src/core/decision/uncertainValue';
import {
  segmentColumnEvidence,
  segmentPlanCsv,
  segmentReport,
  segmentText,
} from '../../src/core/segments/report';
import { segmentOfValue, type SegmentColumn } from '../../src/core/segments/segments';
import { compareOnTestRows, portfolioOverlap } from '../../src/core/modelFiles/modelComparison';
import { readSegmentsFile } from '../../src/core/segments/segmentsFile';
import { valueOf } from '../support/results';
import { buildAndServeApp, SECRET_CANARY, type AppServer } from '../support/appServer';
import { launchChromium } from '../../training/lib/chromium';
import { demoMetrics, nodeScoresOfDemo } from '../support/demoScores';
import { recipeFlags, runCliScript } from '../support/cli';
import { ROOT } from '../support/paths';
import { withCells } from '../support/tables';
import { storedCount, storedPortfolioDigest } from '../support/appStorage';
import { accessibilityViolations } from '../support/accessibility';
import {
  answerTestIds,
  chartDefects,
  nativeFileInputsShown,
  outsideFirstView,
} from '../support/screenChecks';
import { pdfPages } from '../support/pdfText';
import Papa from 'papaparse';
import { readModelMetrics } from '../../training/lib/modelDir';

const shots = resolve(ROOT, 'artifacts', 'e2e');
const work = mkdtempSync(join(tmpdir(), 'retem-e2e-'));
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
/** What the analyst's page logs as an error, from the first visit on: nothing, by the end. */
const consoleErrors: string[] = [];
/** Node's scores of the demo customers, by ID: the reference the browser must match. */
const nodeScores = new Map<string, number>();
let metrics: ModelMetrics;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await buildAndServeApp();
  for (const [id, p] of nodeScoresOfDemo(work)) nodeScores.set(id, p);
  metrics = demoMetrics();
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 1600 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

const ready = () => page.getByText(/clientes prontos|customers ready/).waitFor({ timeout: 60_000 });
const storedChunks = () => storedCount(page, 'chunks');
/** Looks an ID up and waits for the probability Node's scoring CLI gives it (within 1e-5). */
async function expectLookupAsNode(id: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(id);
  await page.getByRole('button', { name: 'Consultar' }).click();
  await expect
    .poll(async () => Math.abs((await number('lookup-probability')) - (nodeScores.get(id) ?? -1)))
    .toBeLessThan(1e-5);
}
/** The portfolio's fingerprint right after its install, before any upload. */
let installedDigest = '';
const number = async (testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));
/** Types into a number box and presses Enter, which is when the box is read. */
async function typeInto(name: string, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name, exact: true });
  await box.fill(text);
  await box.press('Enter');
}
const typeThreshold = (text: string) => typeInto('Limiar de decisão (0–1)', text);

describe('the analyst app in Chromium', () => {
  it('installs the snapshot on a first visit and scores every customer', async () => {
    await page.goto(server.url);
    await ready();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      '5.000 clientes prontos',
    );
    expect(await storedChunks()).toBe(Math.ceil(5000 / 512));
    installedDigest = await storedPortfolioDigest(page);
    // Which model answers and which portfolio: a model trained here, from no registry.
    const provenance = await page.getByTestId('provenance').textContent();
    expect(provenance).toContain(`hash dos dados ${metrics.data.hash}`);
    expect(provenance).toContain('Não veio do registro do MLflow (treinado localmente).');
    expect(provenance).toContain('Carteira: 5.000 clientes, gerada em');
    // Charts' legends show values only for a hovered point: no "--" placeholders at rest.
    const legends = await page.locator('.u-legend').allTextContents();
    expect(legends.length).toBeGreaterThan(0);
    for (const legend of legends) expect(legend).not.toContain('--');
    // The test-optimal threshold is a labelled comparison, never a button that sets the rule.
    await expect(page.getByTestId('hindsight').textContent()).resolves.toMatch(
      /^Para comparar: o limiar ótimo em retrospecto nas linhas de avaliação é /,
    );
    await page.screenshot({ path: join(shots, '01-ready.png'), fullPage: true });
  });

  it('answers at a glance at 1280 × 800: whom to contact, the expected profit with its interval, the rule, the evidence on labelled customers and the payoffs', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await expect(outsideFirstView(page, answerTestIds('by probability'))).resolves.toEqual([]);
      await page.screenshot({ path: join(shots, '00-first-view.png') });
    } finally {
      await page.setViewportSize({ width: 1280, height: 1600 });
    }
    // The expected profit's interval is core's, from the portfolio's calibrated probabilities.
    const curve = new ExpectedProfitCurve([...nodeScores.values()]);
    const contacts = await number('snapshot-contacts');
    const [low, high] = curve.profitInterval(contacts, DEFAULT_PAYOFFS);
    const shown = page.getByTestId('expected-interval');
    expect(Math.abs(Number(await shown.getAttribute('data-low')) - low)).toBeLessThan(1);
    expect(Math.abs(Number(await shown.getAttribute('data-high')) - high)).toBeLessThan(1);
    await expect(shown.textContent()).resolves.toMatch(/^90% entre R\$\s[\d.]+ e R\$\s[\d.]+$/);
    // Explanations fold away beside their figure.
    await expect(page.locator('details.explained[open]').count()).resolves.toBe(0);
    await expect(page.getByText('Como é calculado').first().isVisible()).resolves.toBe(true);
    // No legend waits for a value at rest, every dashed line is named, no native file input shows.
    await expect(chartDefects(page)).resolves.toEqual([]);
    await expect(nativeFileInputsShown(page)).resolves.toBe(0);
    // With a portfolio answering, its picker does not claim that no file is chosen.
    await expect(page.getByText('nenhum arquivo escolhido').count()).resolves.toBe(0);
    await expect(page.getByText('Abrir carteira…').isVisible()).resolves.toBe(true);
    // Technical words wait behind "Detalhes".
    const status = await page.getByRole('status').first().textContent();
    expect(status).not.toMatch(/wasm|worker/);
    await expect(page.getByTestId('provenance').isVisible()).resolves.toBe(false);
  });

  it('hands the call centre a contact list that a Brazilian Excel opens as columns, with the machine list’s customers', async () => {
    const [sheet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Lista para o Excel/ }).click(),
    ]);
    expect(sheet.suggestedFilename()).toBe('retem-contatos-excel.csv');
    const text = readFileSync(await sheet.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      'Posição',
      'ID do cliente',
      'Probabilidade de saída (%)',
      'Valor esperado do contato (R$)',
      'Principal motivo',
    ]);
    expect(rows.length).toBe(await number('snapshot-contacts'));
    const [machine] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Exportar a lista de contatos/ }).click(),
    ]);
    const listed = parseCsv(readFileSync(await machine.path(), 'utf8'))
      .slice(1)
      .map((r) => r.fields);
    const decimalComma = (cell: string | undefined) => Number((cell ?? '').replace(',', '.'));
    rows.forEach((row, i) => {
      expect(row[0]).toBe(String(i + 1));
      expect(row[1]).toBe(listed[i]?.[0]);
      expect(decimalComma(row[2])).toBeCloseTo(100 * Number(listed[i]?.[1]), 1);
      expect(decimalComma(row[3])).toBeCloseTo(Number(listed[i]?.[3]), 2);
    });
    // No column is the same on every row.
    for (let column = 0; column < (header?.length ?? 0); column++) {
      expect(new Set(rows.map((row) => row[column])).size).toBeGreaterThan(1);
    }
    // The main reason is the column that raises that customer's probability most: the first of
    // the lookup's contributions with a positive change.
    for (const row of [rows[0], rows[rows.length - 1]]) {
      expect(row?.[4], 'a contact has a column that raises their risk').not.toBe('');
      await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(row?.[1] ?? '');
      await page.getByRole('button', { name: 'Consultar' }).click();
      const card = page.locator(`[data-testid="lookup-result"][data-id="${row?.[1] ?? ''}"]`);
      await card.waitFor();
      const raising = card.locator('.contributions li').filter({ hasText: /\+[\d,]+ p\.p\.$/ });
      const first = await raising.locator('.name').first().textContent();
      expect(first?.split(' = ')[0]).toBe(row?.[4]);
    }
    await page.getByRole('button', { name: 'Fechar' }).click();
  });

  it('prints the report for the meeting on one A4 page, with the answer’s figures as the screen shows them', async () => {
    // As the screen shows them, with Intl's no-break spaces read as the PDF's spaces.
    const figure = async (testId: string) =>
      ((await page.getByTestId(testId).first().textContent()) ?? '?').replace(/\s+/g, ' ');
    const contacts = await figure('snapshot-contacts');
    const profit = await figure('snapshot-profit');
    const interval = await figure('expected-interval');
    const testProfit = await figure('evaluation-profit');
    await page.emulateMedia({ media: 'print' });
    try {
      await page.screenshot({ path: join(shots, '18-report.png'), fullPage: true });
      const pages = await pdfPages(new Uint8Array(await page.pdf({ format: 'A4' })));
      expect(pages).toHaveLength(1);
      expect(pages[0]?.width).toBeCloseTo(595.92, 0);
      expect(pages[0]?.height).toBeCloseTo(842.88, 0);
      const text = pages[0]?.text ?? '';
      expect(text).toContain('Retém — relatório de retenção');
      expect(text).toContain(`Clientes a contatar ${contacts}`);
      expect(text).toContain(`Lucro esperado ${profit} ${interval}`);
      expect(text).toContain(
        `A mesma regra teria dado ${testProfit} nos ${metrics.outOfSample.scores.length.toLocaleString('pt-BR')} clientes rotulados da avaliação`,
      );
      expect(text).toContain('Retorno por cliente: R$ 90 por churner retido; custo de R$ 10');
      // Provenance in words for a meeting: no data hash, no tracking server's name.
      expect(text).toContain(`com ${metrics.data.file}.`);
      expect(text).not.toMatch(/hash|MLflow/);
      expect(text).toContain('Carteira: 5.000 clientes');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('looks up a known customer with the probability the Node scoring CLI gives (within 1e-5)', async () => {
    for (const id of ['200001', '200777', '204999']) await expectLookupAsNode(id);
    await expect(page.getByRole('listitem').first().textContent()).resolves.toMatch(/p\.p\./);
    await page.screenshot({ path: join(shots, '02-lookup.png'), fullPage: true });
  });

  it('answers every invalid or unknown ID with its own message', async () => {
    const cases: [string, string][] = [
      ['abc', 'O ID deve ser um número.'],
      ['-1', 'O ID não pode ser negativo.'],
      ['1.5', 'O ID deve ser um número inteiro.'],
      ['', 'Digite um ID.'],
      ['99999999999999999999', 'O ID é grande demais.'],
      ['5', 'Nenhum cliente com o ID 5.'],
    ];
    for (const [text, message] of cases) {
      await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(text);
      await page.getByRole('button', { name: 'Consultar' }).click();
      await expect.poll(() => page.locator('#lookup-message').textContent()).toBe(message);
    }
  });

  it('moves the profit, confusion and contact figures with the threshold, to the values core computes', async () => {
    const evaluation = ProfitCurve.fromScores(
      metrics.outOfSample.scores,
      metrics.outOfSample.labels,
    );
    const snapshot = new ExpectedProfitCurve([...nodeScores.values()]);
    for (const threshold of [0.05, 0.2, 0.5]) {
      await typeThreshold(String(threshold));
      const expected = evaluation.at(threshold, DEFAULT_PAYOFFS);
      await expect.poll(() => number('evaluation-profit')).toBe(expected.profit);
      expect(await number('tp')).toBe(expected.tp);
      expect(await number('fp')).toBe(expected.fp);
      expect(
        Math.abs((await number('snapshot-contacts')) - snapshot.contactedAt(threshold)),
      ).toBeLessThanOrEqual(1);
    }
    // The current threshold's marker over the profit × threshold chart (its first marker) moves
    // with the threshold, inside the chart's frame (up to twice the best threshold).
    const marker = page
      .getByRole('figure', { name: 'Lucro nas linhas de avaliação (R$) × limiar' })
      .locator('.chart-marker')
      .first();
    const markerAt = async (threshold: number) => {
      await typeThreshold(String(threshold));
      await expect
        .poll(() => number('evaluation-profit'))
        .toBe(evaluation.at(threshold, DEFAULT_PAYOFFS).profit);
      return marker.evaluate((line) => line.getBoundingClientRect().left);
    };
    const best = evaluation.best(DEFAULT_PAYOFFS).threshold;
    const low = Number((best / 2).toFixed(3));
    const high = Number(best.toFixed(3));
    const lowLeft = await markerAt(low);
    const highLeft = await markerAt(high);
    expect(lowLeft).toBeGreaterThan(0);
    expect(highLeft).toBeGreaterThan(lowLeft);
    await markerAt(0.5);
    // The slider, by keyboard: each arrow press moves the threshold by 0.001.
    const before = await number('evaluation-profit');
    const slider = page.getByRole('slider', { name: 'Limiar de decisão' });
    await slider.focus();
    for (let i = 0; i < 200; i++) await page.keyboard.press('ArrowLeft');
    const threshold = Number(await slider.inputValue());
    expect(threshold).toBeCloseTo(0.3, 3);
    expect(await number('evaluation-profit')).toBe(
      evaluation.at(threshold, DEFAULT_PAYOFFS).profit,
    );
    expect(await number('evaluation-profit')).not.toBe(before);
    // The link follows once the threshold has been still for a moment.
    await expect.poll(() => page.url()).toContain('t=0.3');
    await page.screenshot({ path: join(shots, '03-threshold.png'), fullPage: true });
  });

  it('prices an uncertain churner value (expected profit, EMPC) and gives the profit interval, as core computes them', async () => {
    const evaluation = ProfitCurve.fromScores(
      metrics.outOfSample.scores,
      metrics.outOfSample.labels,
    );
    const threshold = await number('threshold-box');
    await expect
      .poll(() => number('empc'))
      .toBeCloseTo(
        expectedMaximumProfit(evaluation, DEFAULT_PAYOFFS, [60, 120]).expectedMaximum,
        6,
      );
    expect(await number('uncertain-expected')).toBe(
      evaluation.at(threshold, DEFAULT_PAYOFFS).profit,
    );
    // A value known to be R$ 80: EMPC is then the best profit at TP = 80.
    await typeInto('Valor mínimo (R$)', '80');
    await typeInto('Valor máximo (R$)', '80');
    const known = evaluation.best({ ...DEFAULT_PAYOFFS, tp: 80 }).profit;
    await expect.poll(() => number('empc')).toBeCloseTo(known, 6);
    await typeInto('Valor mínimo (R$)', '60');
    await typeInto('Valor máximo (R$)', '120');
    const interval = page.getByTestId('profit-interval');
    const low = Number(await interval.getAttribute('data-low'));
    const high = Number(await interval.getAttribute('data-high'));
    expect(low).toBeLessThan(high);
    expect(low).toBeLessThanOrEqual(await number('evaluation-profit'));
    expect(high).toBeGreaterThanOrEqual(await number('evaluation-profit'));
  });

  it("draws the portfolio's expected-profit curve with its best cut, and frames or shows the whole curves", async () => {
    const snapshot = new ExpectedProfitCurve([...nodeScores.values()]);
    const best = snapshot.best(DEFAULT_PAYOFFS);
    // Under a hand-set threshold, the recommended rule is offered; it is the portfolio's best cut.
    // Node's probabilities are printed to 6 decimals: the best figure within R$ 1.
    expect(Math.abs((await number('recommended-profit')) - best.expectedProfit)).toBeLessThan(1);
    await page.getByRole('button', { name: 'Voltar à regra recomendada' }).click();
    await expect
      .poll(async () => Math.abs((await number('snapshot-profit')) - best.expectedProfit))
      .toBeLessThan(1);
    await expect(
      page
        .getByRole('figure', { name: 'Lucro esperado da carteira (R$) × clientes contatados' })
        .count(),
    ).resolves.toBe(1);
    await expect(page.getByText(/só vale se elas forem calibradas/).count()).resolves.toBe(1);
    // The contact list at the current threshold: as many as the figure says, most likely first,
    // each with Node's probability.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Exportar a lista de contatos/ }).click(),
    ]);
    const listed = parseCsv(readFileSync(await download.path(), 'utf8')).map((r) => r.fields);
    expect(listed[0]).toEqual(['ID', 'probability', 'decision', 'expected_value_brl']);
    const rows = listed.slice(1);
    expect(rows.length).toBe(await number('snapshot-contacts'));
    expect(rows.length).toBeGreaterThan(0);
    const probabilities = rows.map((r) => Number(r[1]));
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    for (const row of rows.slice(0, 50)) {
      expect(Math.abs(Number(row[1]) - (nodeScores.get(row[0] ?? '') ?? -1))).toBeLessThan(1e-5);
      expect(row[2]).toBe('1');
    }
    const whole = page.getByRole('button', { name: 'Ver a curva inteira' });
    await whole.click();
    await expect(
      page.getByRole('button', { name: 'Enquadrar a decisão' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.screenshot({ path: join(shots, '03b-whole-curves.png'), fullPage: true });
    // Every customer's probability, as the portfolio was scored in this browser (sparse first
    // layer, WebAssembly SIMD, two workers), against Node's CLI (the dense product): the contact
    // list at threshold 0 lists them all; both print 6 decimals.
    await typeThreshold('0');
    const [everyone] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Exportar a lista de contatos \(5\.000 clientes/ }).click(),
    ]);
    const all = parseCsv(readFileSync(await everyone.path(), 'utf8')).slice(1);
    expect(all.length).toBe(nodeScores.size);
    let worst = 0;
    for (const record of all) {
      const node = nodeScores.get(record.fields[0] ?? '') ?? Number.NaN;
      worst = Math.max(worst, Math.abs(Number(record.fields[1]) - node));
    }
    expect(worst).toBeLessThanOrEqual(1.5e-6);
    await page.getByRole('button', { name: 'Enquadrar a decisão' }).click();
    await page.getByRole('button', { name: 'Desfazer o zoom' }).click();
    await expect(whole.getAttribute('aria-pressed')).resolves.toBe('false');
  });

  it('scores an uploaded CSV (BOM, ";" and decimal commas), lists bad rows and exports the decisions', async () => {
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 41);
    const semicolons = lines.map((line) =>
      line
        .split(',')
        .map((cell) => cell.replace('.', ','))
        .join(';'),
    );
    semicolons[3] = (semicolons[3] ?? '').replace(/^(\d+);[^;]*/, '$1;abc');
    writeFileSync(join(work, 'upload.csv'), '\ufeff' + semicolons.join('\r\n') + '\r\n');
    await typeThreshold('0,1');
    await page.getByRole('tab', { name: 'Pontuar arquivo' }).click();
    // Before any file, the tab says what it expects and offers the model's header to fill in.
    const spec = JSON.parse(
      readFileSync(resolve(ROOT, 'public', 'model', 'preprocess.json'), 'utf8'),
    ) as { idColumn: string; inputColumns: { name: string }[] };
    await expect(page.getByRole('tabpanel').textContent()).resolves.toContain(
      `a coluna de ID "${spec.idColumn}" e as ${spec.inputColumns.length} colunas que o modelo lê`,
    );
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Baixar o cabeçalho de exemplo (CSV)' }).click(),
    ]);
    expect(readFileSync(await template.path(), 'utf8')).toBe(
      [spec.idColumn, ...spec.inputColumns.map((c) => c.name)].join(',') + '\n',
    );
    await page.screenshot({ path: join(shots, '04a-batch-empty.png'), fullPage: true });
    await page.getByLabel('Arquivo CSV', { exact: true }).setInputFiles(join(work, 'upload.csv'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe('39 de 40 linhas pontuadas; 1 com problemas.');
    const problem = page
      .getByRole('table', { name: 'Linhas com problemas' })
      .getByRole('row')
      .nth(1);
    // Row, the customer's ID as written, column, outcome, reason.
    const badId = semicolons[3].split(';')[0] ?? '';
    expect(await problem.textContent()).toBe(`3${badId}var3ignorada"abc" não é um número`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exportar decisões (CSV)' }).click();
    const file = await (await download).path();
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
    expect(header?.fields).toEqual(['ID', 'probability', 'decision', 'expected_value_brl']);
    expect(rows).toHaveLength(39);
    let previous = Infinity;
    for (const row of rows) {
      const p = Number(row.fields[1]);
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
      expect(Math.abs(p - (nodeScores.get(row.fields[0] ?? '') ?? -1))).toBeLessThan(1e-5);
      expect(row.fields[2]).toBe(p >= 0.1 ? '1' : '0');
    }
    await page.screenshot({ path: join(shots, '04-batch.png'), fullPage: true });
  });

  it('reads gzip and UTF-16 uploads as the CLI does, and refuses binary files and files without the ID column with their reasons, not as "0 of 0"', async () => {
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 61);
    writeFileSync(join(work, 'upload.csv.gz'), gzipSync(lines.join('\n') + '\n'));
    const input = page.getByLabel('Arquivo CSV', { exact: true });
    await input.setInputFiles(join(work, 'upload.csv.gz'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe('60 de 60 linhas pontuadas; 0 com problemas.');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exportar decisões (CSV)' }).click();
    const rows = parseCsv(readFileSync(await (await download).path(), 'utf8')).slice(1);
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      const p = Number(row.fields[1]);
      expect(Math.abs(p - (nodeScores.get(row.fields[0] ?? '') ?? -1))).toBeLessThan(1e-5);
    }

    // UTF-16 with a byte-order mark, as some spreadsheets save "Unicode text".
    const utf16 = Buffer.from('\ufeff' + lines.slice(0, 11).join('\r\n') + '\r\n', 'utf16le');
    writeFileSync(join(work, 'upload-utf16.csv'), utf16);
    await input.setInputFiles(join(work, 'upload-utf16.csv'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe('10 de 10 linhas pontuadas; 0 com problemas.');

    // An .xlsx is a zip archive: refused as binary, not parsed into garbage.
    writeFileSync(join(work, 'book.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    await input.setInputFiles(join(work, 'book.xlsx'));
    await expect
      .poll(() => page.getByRole('tabpanel').getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe(
        'O arquivo não é texto (é uma planilha como .xlsx, um arquivo compactado ou outro binário): salve-o como CSV (UTF-8 ou UTF-16), compactado com gzip ou não.',
      );

    const withoutId = lines.map((line) => line.split(',').slice(1).join(','));
    writeFileSync(join(work, 'no-id.csv'), withoutId.join('\n') + '\n');
    await input.setInputFiles(join(work, 'no-id.csv'));
    await expect
      .poll(() => page.getByRole('tabpanel').getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe('O arquivo não tem a coluna de ID "ID".');
    expect(await page.getByText(/linhas pontuadas/).count()).toBe(0);
    await page.screenshot({ path: join(shots, '04b-refused-upload.png'), fullPage: true });
  });

  it('lists uploaded rows whose ID breaks the model’s rule, or repeats, and scores none of them', async () => {
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 5);
    const first = (lines[1] ?? '').split(',')[0] ?? '';
    lines[2] = (lines[2] ?? '').replace(/^[^,]*/, '-682');
    lines[3] = (lines[3] ?? '').replace(/^[^,]*/, 'abc');
    lines[4] = (lines[4] ?? '').replace(/^[^,]*/, first);
    writeFileSync(join(work, 'bad-ids.csv'), lines.join('\n') + '\n');
    await page.getByLabel('Arquivo CSV', { exact: true }).setInputFiles(join(work, 'bad-ids.csv'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe('1 de 4 linhas pontuadas; 3 com problemas.');
    const problems = page.getByRole('table', { name: 'Linhas com problemas' }).getByRole('row');
    expect(await problems.nth(1).textContent()).toBe(
      '2-682IDignorada' + 'o ID "-682" é negativo: os IDs deste modelo são números inteiros ≥ 0',
    );
    expect(await problems.nth(2).textContent()).toBe(
      '3abcIDignorada' + 'o ID "abc" não é um número: os IDs deste modelo são números inteiros ≥ 0',
    );
    expect(await problems.nth(3).textContent()).toBe(
      `4${first}IDignoradao ID "${first}" se repete (primeira vez na linha 1)`,
    );
  });

  it('scores uploaded rows with blank, overflowing or absurd cells and names each cell as a warning', async () => {
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 4);
    const edited = withCells(lines, [
      [1, 'var15', ''],
      [2, 'var38', '1e400'],
      [3, 'var15', '400'],
    ]);
    writeFileSync(join(work, 'odd-cells.csv'), edited.join('\n') + '\n');
    await page
      .getByLabel('Arquivo CSV', { exact: true })
      .setInputFiles(join(work, 'odd-cells.csv'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe(
        '3 de 3 linhas pontuadas; 0 com problemas. 3 avisos: células em branco, grandes demais ou muito fora da faixa do treino, pontuadas assim mesmo.',
      );
    const rows = page.getByRole('table', { name: 'Linhas com problemas' }).getByRole('row');
    const idOf = (row: number) => (edited[row] ?? '').split(',')[0] ?? '';
    expect(await rows.nth(1).textContent()).toBe(
      `1${idOf(1)}var15pontuada, com avisoem branco, o que no treino esta coluna nunca teve: pontuada como valor ausente`,
    );
    expect(await rows.nth(2).textContent()).toBe(
      `2${idOf(2)}var38pontuada, com aviso"1e400" é grande demais para um número: pontuada como o maior possível`,
    );
    expect(await rows.nth(3).textContent()).toMatch(
      new RegExp(
        `^3${idOf(3)}var15pontuada, com aviso400 está muito fora da faixa do treino \\(plausível: .+ a .+\\): pontuada com corte$`,
      ),
    );
    await page.screenshot({ path: join(shots, '04c-warnings.png'), fullPage: true });
  });

  it('leaves the stored portfolio byte-identical after every hostile upload, and still looks customers up', async () => {
    expect(installedDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedPortfolioDigest(page)).toBe(installedDigest);
    await page.getByRole('tab', { name: 'Decisão' }).click();
    await expectLookupAsNode('200777');
  });

  it("plans a threshold per segment out of fold and measures each fold under the other folds' plans, as core computes it", async () => {
    const segments = valueOf(
      readSegmentsFile(
        JSON.parse(readFileSync(resolve(ROOT, 'public', 'model', 'segments.json'), 'utf8')),
      ),
    );
    const { scores, labels } = metrics.outOfSample;
    const fresh = await browser.newContext({
      viewport: { width: 1280, height: 1400 },
      acceptDownloads: true,
    });
    const view = await fresh.newPage();
    await view.goto(server.url);
    await view.getByText(/clientes prontos/).waitFor({ timeout: 60_000 });
    await view.getByRole('tab', { name: 'Segmentos' }).click();
    await view.getByTestId('segments-table').waitFor();
    const figure = async (id: string) =>
      Number(await view.getByTestId(id).getAttribute('data-value'));
    for (const [index, column] of segments.columns.entries()) {
      await view.getByLabel('Segmentar por').selectOption({ label: column.column });
      const expected = segmentReport(
        segmentColumnEvidence(segments, index, scores, labels),
        DEFAULT_PAYOFFS,
        null,
        expectedGainThreshold(DEFAULT_PAYOFFS),
      );
      await expect.poll(() => figure('segments-profit')).toBe(expected.testProfit);
      expect(await figure('segments-rule-profit')).toBe(expected.testProfitRule);
      expect(await figure('segments-gain')).toBe(expected.gain.observed);
      // The exported plan is the one core writes in Node, to the byte.
      const [download] = await Promise.all([
        view.waitForEvent('download'),
        view.getByRole('button', { name: 'Exportar o plano por segmento (CSV)' }).click(),
      ]);
      expect(readFileSync(await download.path(), 'utf8')).toBe(
        segmentPlanCsv(column.column, expected),
      );
    }
    expect(segments.columns.map((c) => c.column)).toContain('var15');
    await view.getByLabel('Segmentar por').selectOption({ label: 'var15' });
    // The chart's legend names the column's own segments (var15's bins are whole ages).
    const age = segments.columns.find((c) => c.column === 'var15');
    const oldest = age?.kind === 'bins' ? age.edges[age.edges.length - 1] : undefined;
    await expect(view.locator('.u-legend').last().textContent()).resolves.toContain(
      `≥ ${String(oldest)}`,
    );
    // The portfolio's contacts at var15's thresholds: each customer's segment from its own age,
    // its probability as the Node CLI gives it, at or above its segment's threshold.
    const plan = segmentReport(
      segmentColumnEvidence(
        segments,
        segments.columns.indexOf(age as SegmentColumn),
        scores,
        labels,
      ),
      DEFAULT_PAYOFFS,
      null,
      expectedGainThreshold(DEFAULT_PAYOFFS),
    );
    const [contacts] = await Promise.all([
      view.waitForEvent('download'),
      view.getByRole('button', { name: /Exportar os contatos da carteira/ }).click(),
    ]);
    const exported = parseCsv(readFileSync(await contacts.path(), 'utf8'));
    expect(exported[0]?.fields).toEqual([
      'ID',
      'probability',
      'decision',
      'expected_value_brl',
      'segment',
    ]);
    const demo = parseCsv(readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8'));
    const ageAt = demo[0]?.fields.indexOf('var15') ?? -1;
    const segmentOf = new Map(
      demo
        .slice(1)
        .map((r) => [
          r.fields[0] ?? '',
          segmentOfValue(age as SegmentColumn & { kind: 'bins' }, Number(r.fields[ageAt])),
        ]),
    );
    const thresholds = plan.lines.map((line) => line.threshold);
    const rows = exported.slice(1);
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) {
      const [id = '', probability, , , segment] = row.fields;
      const code = segmentOf.get(id) ?? -1;
      expect(Math.abs(Number(probability) - (nodeScores.get(id) ?? -1))).toBeLessThan(1e-5);
      expect(segment).toBe(segmentText(plan.lines[code]?.name ?? { kind: 'missing' }));
      expect(Number(probability)).toBeGreaterThanOrEqual((thresholds[code] ?? 2) - 1e-6);
    }
    const clear = [...nodeScores].filter(
      ([id, p]) => p >= (thresholds[segmentOf.get(id) ?? -1] ?? 2) + 1e-5,
    ).length;
    expect(rows.length).toBeGreaterThanOrEqual(clear);
    expect(rows.length).toBeLessThanOrEqual(clear + 5);
    await expect(view.getByTestId('segments-contacts').textContent()).resolves.toContain(
      `${rows.length.toLocaleString('pt-BR')} clientes a contatar`,
    );
    await expect(accessibilityViolations(view)).resolves.toEqual([]);
    await view.screenshot({ path: join(shots, '14-segments.png'), fullPage: true });
    await fresh.close();
  });

  it('compares a challenger from disk with the champion on the same rows out of fold and the same portfolio, as core computes it', async () => {
    const challengerDir = join(work, 'challenger');
    const trained = runCliScript('train', [
      ...['--data', resolve(ROOT, 'data', 'demo', 'train.csv'), '--out', challengerDir],
      ...recipeFlags({ towers: 1, hidden: 8, folds: 3, epochs: 12 }),
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    const challengerMetrics = readModelMetrics(challengerDir);
    const scored = runCliScript('score', [
      ...['--model', challengerDir, '--data', resolve(ROOT, 'data', 'demo', 'customers.csv')],
      ...['--out', join(work, 'challenger-scores.csv')],
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    const challengerScores = new Map(
      parseCsv(readFileSync(join(work, 'challenger-scores.csv'), 'utf8'))
        .slice(1)
        .map((r) => [r.fields[0] ?? '', Number(r.fields[1])]),
    );
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const view = await fresh.newPage();
    await view.goto(server.url);
    await view.getByText(/clientes prontos/).waitFor({ timeout: 60_000 });
    await view.getByRole('tab', { name: 'Campeão × desafiante' }).click();
    // This build ships no challenger: only the disk is offered.
    await expect(
      view.getByRole('button', { name: 'Comparar com o desafiante do build' }).count(),
    ).resolves.toBe(0);
    const picker = view.getByLabel('Abrir um modelo do disco');
    await picker.setInputFiles([
      join(challengerDir, 'model.json'),
      join(challengerDir, 'weights.bin'),
    ]);
    await expect(view.getByRole('alert').textContent()).resolves.toBe(
      'Faltam arquivos do modelo: preprocess.json, metrics.json.',
    );
    // metrics.json read, it asks for the rows it was measured on.
    await picker.setInputFiles(
      ['model.json', 'weights.bin', 'preprocess.json', 'metrics.json'].map((f) =>
        join(challengerDir, f),
      ),
    );
    await expect
      .poll(() => view.getByRole('alert').textContent())
      .toBe('Faltam arquivos do modelo: out-of-sample.json.');
    const files = [
      'model.json',
      'weights.bin',
      'preprocess.json',
      'metrics.json',
      'out-of-sample.json',
      'MODEL_CARD.md',
    ];
    await picker.setInputFiles(files.map((f) => join(challengerDir, f)));
    await view.getByTestId('compare-table').waitFor({ timeout: 60_000 });
    const figure = async (id: string) =>
      Number(await view.getByTestId(id).getAttribute('data-value'));
    const expected = compareOnTestRows(metrics, challengerMetrics, DEFAULT_PAYOFFS);
    expect(await figure('champion-profit')).toBe(expected.champion.profit);
    expect(await figure('challenger-profit')).toBe(expected.challenger.profit);
    expect(await figure('compare-difference')).toBe(expected.difference.observed);
    // On the portfolio, whom each contacts: Node's two scoring runs give the same split (a
    // customer within 1e-5 of a threshold may fall either way).
    const ids = [...nodeScores.keys()];
    const near = ids.filter(
      (id) =>
        Math.abs((nodeScores.get(id) ?? 0) - metrics.threshold.threshold) < 1e-5 ||
        Math.abs((challengerScores.get(id) ?? 0) - challengerMetrics.threshold.threshold) < 1e-5,
    ).length;
    const overlap = portfolioOverlap(
      ids.map((id) => nodeScores.get(id) ?? 0),
      metrics.threshold.threshold,
      ids.map((id) => challengerScores.get(id) ?? 0),
      challengerMetrics.threshold.threshold,
    );
    expect(Math.abs((await figure('overlap-both')) - overlap.both)).toBeLessThanOrEqual(near);
    expect(Math.abs((await figure('overlap-champion')) - overlap.championOnly)).toBeLessThanOrEqual(
      near,
    );
    expect(
      Math.abs((await figure('overlap-challenger')) - overlap.challengerOnly),
    ).toBeLessThanOrEqual(near);
    expect(overlap.both).toBeGreaterThan(100);
    await expect(accessibilityViolations(view)).resolves.toEqual([]);
    await view.screenshot({ path: join(shots, '16-compare.png'), fullPage: true });
    // A challenger with a test split is measured on other rows than a champion measured on every
    // row out of fold: no paired comparison, and it says why. Its metrics.json holds its rows
    // inline, as one written before they had their own file: it is read all the same.
    const otherSplit = join(work, 'challenger-other-split');
    mkdirSync(otherSplit, { recursive: true });
    for (const f of files) writeFileSync(join(otherSplit, f), readFileSync(join(challengerDir, f)));
    writeFileSync(
      join(otherSplit, 'metrics.json'),
      JSON.stringify({
        ...challengerMetrics,
        split: { ...challengerMetrics.split, testFraction: 0.15 },
        outOfSample: { ...challengerMetrics.outOfSample, source: 'test' },
      }),
    );
    await picker.setInputFiles(files.map((f) => join(otherSplit, f)));
    await expect
      .poll(() => view.getByRole('note').first().textContent())
      .toContain('dividiram os dados de outro modo');
    await expect(view.getByTestId('compare-table').count()).resolves.toBe(0);
    await fresh.close();
  });

  it('has no accessibility violation of moderate impact or above on any tab (axe-core), and works by keyboard', async () => {
    for (const tab of [
      'Decisão',
      'Qualidade do modelo',
      'Segmentos',
      'Campeão × desafiante',
      'Pontuar arquivo',
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === 'Segmentos') await page.getByTestId('segments-table').waitFor();
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      await expect(chartDefects(page)).resolves.toEqual([]);
      await expect(nativeFileInputsShown(page)).resolves.toBe(0);
    }
    // By keyboard alone: from the language button, Tab reaches the tab list at its selected tab,
    // the only tab that is a tab stop.
    await page.getByRole('tab', { name: 'Decisão' }).click();
    await page.getByRole('button', { name: 'English' }).focus();
    let reached = { role: '', text: '' };
    for (let i = 0; i < 10 && reached.role !== 'tab'; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => ({
        role: document.activeElement?.getAttribute('role') ?? '',
        text: document.activeElement?.textContent ?? '',
      }));
    }
    expect(reached).toEqual({ role: 'tab', text: 'Decisão' });
    // The tabs follow the WAI-ARIA pattern: the arrow keys, Home and End move and select.
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(selected()).resolves.toBe('Qualidade do modelo');
    await page.keyboard.press('End');
    await expect(selected()).resolves.toBe('Pontuar arquivo');
    await page.keyboard.press('ArrowRight');
    await expect(selected()).resolves.toBe('Decisão');
    await page.keyboard.press('ArrowLeft');
    await expect(selected()).resolves.toBe('Pontuar arquivo');
    await page.keyboard.press('Home');
    await expect(selected()).resolves.toBe('Decisão');
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-selected')),
    ).resolves.toBe('true');
  });

  it('fits a 390-px phone screen on every tab', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const small = await phone.newPage();
    await small.goto(server.url);
    await small.getByText(/clientes prontos/).waitFor({ timeout: 60_000 });
    for (const [tab, shot] of [
      ['Decisão', '10-phone-decision.png'],
      ['Qualidade do modelo', '11-phone-quality.png'],
      ['Segmentos', '15-phone-segments.png'],
      ['Campeão × desafiante', '17-phone-compare.png'],
      ['Pontuar arquivo', '12-phone-batch.png'],
    ] as const) {
      await small.getByRole('tab', { name: tab }).click();
      if (tab === 'Segmentos') await small.getByTestId('segments-table').waitFor();
      await expect(small.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
      await expect(accessibilityViolations(small)).resolves.toEqual([]);
      await small.screenshot({ path: join(shots, shot), fullPage: true });
    }
    await phone.close();
  });

  it('ships no debug hook and no secret from the build environment', () => {
    const assets = resolve(ROOT, 'dist', 'assets');
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      expect(readFileSync(join(assets, file), 'utf8'), file).not.toContain('__retem');
    }
    // The build ran with the canary in every MLflow credential variable.
    const everyFile = readdirSync(resolve(ROOT, 'dist'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    expect(everyFile.length).toBeGreaterThan(10);
    for (const file of everyFile) {
      expect(readFileSync(file).includes(SECRET_CANARY), file).toBe(false);
    }
  });

  it('switches to English and keeps the view in a shareable link', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Model quality' }).click();
    await expect(page.getByRole('heading', { name: 'Model quality' }).isVisible()).resolves.toBe(
      true,
    );
    await expect.poll(() => page.url()).toContain('lang=en');
    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    await other.getByText(/customers ready/).waitFor({ timeout: 60_000 });
    expect(
      await other
        .getByRole('textbox', { name: 'Decision threshold (0–1)', exact: true })
        .inputValue(),
    ).toBe('0.1');
    // Axes are drawn on the canvas (see 05-quality.png); the legends name the x axis.
    for (const name of ['Calibration', 'Score distribution'])
      await expect(page.getByRole('figure', { name }).textContent()).resolves.toContain(
        'Predicted probability',
      );
    // The model card reads in the interface's language, from metrics.json.
    const card = await page.getByTestId('model-card').textContent();
    expect(card).toContain(`AUC ${metrics.test.auc.toFixed(3)}`);
    // The demo model trains on every customer; its figures are out of fold.
    expect(card).toContain(
      `All ${metrics.outOfSample.scores.length.toLocaleString('en-US')} customers, each by the fold model that did not train on it`,
    );
    await page.screenshot({ path: join(shots, '05-quality.png'), fullPage: true });
    await other.close();
  });

  it('is served as GitHub Pages serves it, says when it is ready offline, then starts with the server stopped', async () => {
    // A sub-path, and a server that answers a missing file with 404 (no fallback page).
    expect(new URL(server.url).pathname).toBe('/retem/');
    expect((await fetch(`${server.url}model/registry.json`)).status).toBe(404);
    expect((await fetch(`${server.url}model/`)).status).toBe(404);
    await page
      .getByText(/pronto para uso sem internet|ready to work offline/)
      .waitFor({ timeout: 60_000 });
    await server.stop();
    await page.reload();
    await page.getByText(/customers ready|clientes prontos/).waitFor({ timeout: 60_000 });
    // The view kept English from the shared link; back to Portuguese, then a lookup answered
    // from the installed snapshot with the server gone.
    await page.getByRole('button', { name: 'Português' }).click();
    expect(await storedChunks()).toBe(Math.ceil(5000 / 512));
    await expectLookupAsNode('200777');
    // The out-of-sample rows were kept too: the evidence on them shows with the server gone.
    await page.getByRole('tab', { name: 'Decisão' }).click();
    await page.getByTestId('evaluation-profit').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, '06-offline.png'), fullPage: true });
    await server.restart();
    // From the first visit to here (uploads refused, tabs, a reload offline): no error logged.
    expect(consoleErrors).toEqual([]);
  });

  it('shows markup from a CSV cell or the link as text and never runs it', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const lines = readFileSync(resolve(ROOT, 'data', 'demo', 'customers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 4);
    const script = '<script>alert(window.__pwned=1)</script>';
    const image = '<img src=x onerror=alert(2)>';
    // Markup as an ID and in a numeric cell: both rows are refused and shown in the problem list.
    lines[1] = (lines[1] ?? '').replace(/^\d+/, `"${image}"`);
    lines[2] = (lines[2] ?? '').replace(/^(\d+),[^,]*/, `$1,"${script}"`);
    writeFileSync(join(work, 'markup.csv'), lines.join('\n') + '\n');
    await page.goto(
      `${server.url}#lang=${encodeURIComponent(script)}&threshold=${encodeURIComponent(image)}`,
    );
    await ready();
    await page.getByRole('tab', { name: 'Pontuar arquivo' }).click();
    await page.getByLabel('Arquivo CSV', { exact: true }).setInputFiles(join(work, 'markup.csv'));
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toBe('1 de 3 linhas pontuadas; 2 com problemas.');
    await expect
      .poll(() => page.getByRole('table', { name: 'Linhas com problemas' }).textContent())
      .toContain(script);
    expect(await page.getByRole('table', { name: 'Linhas com problemas' }).textContent()).toContain(
      image,
    );
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('refuses model files that do not belong together, saying which and why', async () => {
    const spec = JSON.parse(
      readFileSync(resolve(ROOT, 'public', 'model', 'preprocess.json'), 'utf8'),
    ) as { features: { mean?: number }[] };
    const numeric = spec.features.find((f) => f.mean !== undefined);
    if (numeric?.mean === undefined) throw new Error('the demo spec has no numeric feature');
    numeric.mean += 0.5;
    // A fresh context without the service worker, so that the edited file is what the app gets.
    const isolated = await browser.newContext({ serviceWorkers: 'block' });
    await isolated.route('**/model/preprocess.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(spec) }),
    );
    const other = await isolated.newPage();
    await other.goto(server.url);
    await expect
      .poll(() => other.getByRole('alert').textContent(), { timeout: 30_000 })
      .toContain('preprocess.json não confere com o seu hash de esquema');
    await other.screenshot({ path: join(shots, '07-edited-model.png'), fullPage: true });
    await isolated.close();
  });

  it('never asks another origin for anything', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter(
      (url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'),
    );
    expect(requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
  });
});
