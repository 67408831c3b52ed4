/**
 * A churn dataset with text IDs and text columns end to end: IBM Telco trained, snapshotted and
 * built with the documented commands, then looked up in the production build in Chromium, against
 * the Node scoring CLI.
 */
import Papa from 'papaparse';
import { valueEvidenceOnTest } from '../../src/core/decision/valueEvidence';
import {
  answerTestIds,
  chartDefects,
  nativeFileInputsShown,
  outsideFirstView,
} from '../support/screenChecks';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { readSnapshotManifest } from '../../src/core/snapshot/manifest';
import { compareOnTestRows } from '../../src/core/modelFiles/modelComparison';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { buildAndServeApp, type AppServer } from '../support/appServer';
import { launchChromium } from '../../training/lib/chromium';
import { recipeFlags, runCliScript } from '../support/cli';
import type { CliName } from '../../training/lib/cliScripts';
import { ROOT, SHARED_DATA } from '../support/paths';
import { readModelMetrics } from '../../training/lib/modelDir';

const shots = resolve(ROOT, 'artifacts', 'e2e');
const work = mkdtempSync(join(tmpdir(), 'retem-telco-'));
const publicDir = join(work, 'public');
const data = resolve(SHARED_DATA, 'telco', 'telco_customer_churn.csv.gz');
let server: AppServer;
let browser: Browser;
/** Node's scores of every Telco customer, by ID text: the reference the browser must match. */
const nodeScores = new Map<string, number>();
/** The portfolio's parts, in ID-text order. */
let parts: { file: string; firstLabel: string; lastLabel: string }[] = [];

beforeAll(async () => {
  mkdirSync(join(publicDir, 'snapshot'), { recursive: true });
  cpSync(resolve(ROOT, 'public', 'favicon.svg'), join(publicDir, 'favicon.svg'));
  const model = join(publicDir, 'model');
  const run = (name: CliName, args: string[]) => {
    const result = runCliScript(name, args);
    if (result.status !== 0) throw new Error(`${name}: ${result.stderr}`);
  };
  // A data dictionary for two columns; the app shows these labels for them.
  const dictionary = join(work, 'dictionary.csv');
  writeFileSync(
    dictionary,
    'column,label\ntenure,Meses como cliente\nTotalCharges,Total faturado (R$)\n',
  );
  run('train', [
    ...['--data', data, '--out', model, '--id', 'customerID', '--target', 'Churn'],
    ...['--value-column', 'MonthlyCharges', '--labels', dictionary],
    ...recipeFlags({ towers: 2, epochs: 12, patience: 4 }),
  ]);
  // A challenger shipped with the build: the same data and split, a smaller network.
  run('train', [
    ...['--data', data, '--out', join(publicDir, 'challenger'), '--id', 'customerID'],
    ...['--target', 'Churn'],
    ...recipeFlags({ towers: 1, hidden: 8, epochs: 12 }),
  ]);
  // Parts of about 0.1 MB unpacked: one block (about 4,096 customers) each, two for Telco's 7,043,
  // so that a lookup can reach the second before the install does.
  const out = join(publicDir, 'snapshot', 'customers.snapshot');
  // Each customer's value in plain sight: the monthly charges (a year of them is the benefit).
  run('snapshot', [
    ...['--model', model, '--data', data, '--out', out, '--part-mb', '0.1'],
    ...['--value-column', 'MonthlyCharges'],
  ]);
  const manifest = readSnapshotManifest(JSON.parse(readFileSync(`${out}.json`, 'utf8')));
  parts = (manifest?.parts ?? []).map((part) => ({
    file: part.file,
    firstLabel: part.firstLabel ?? '',
    lastLabel: part.lastLabel ?? '',
  }));
  const scores = join(work, 'scores.csv');
  run('score', ['--model', model, '--data', data, '--out', scores]);
  for (const record of parseCsv(readFileSync(scores, 'utf8')).slice(1))
    nodeScores.set(record.fields[0] ?? '', Number(record.fields[1]));
  server = await buildAndServeApp({ publicDir, outDir: join(work, 'dist') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1400 },
    serviceWorkers: 'block',
    acceptDownloads: true,
  });
  return { context, page: await context.newPage() };
}

/** Looks an ID up; resolves with the message shown, and the probability when one is. */
async function lookUp(page: Page, id: string): Promise<number> {
  const button = page.getByRole('button', { name: 'Consultar' });
  await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
  await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(id);
  await button.click();
  const shown = page.locator(`[data-testid="lookup-result"][data-id="${id}"]`);
  await shown.waitFor({ timeout: 30_000 });
  return Number(await page.getByTestId('lookup-probability').getAttribute('data-value'));
}

describe('a Telco model (text IDs, text columns) in the app', () => {
  it('builds a portfolio of text IDs in parts, each with its range of ID texts', () => {
    expect(nodeScores.size).toBe(7043);
    expect(parts.length).toBe(2);
    for (const [i, part] of parts.entries()) {
      expect(part.firstLabel <= part.lastLabel).toBe(true);
      if (i > 0) expect((parts[i - 1]?.lastLabel ?? '') < part.firstLabel).toBe(true);
    }
  });

  it('answers a text ID of a part the install has not reached, before the install ends', async () => {
    const { context, page } = await freshPage();
    const dir = join(publicDir, 'snapshot');
    // The first part arrives late: the install waits on it, a lookup in the last part does not.
    await context.route('**/snapshot/customers*', async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      if (!readdirSync(dir).includes(name)) {
        await route.fulfill({ status: 404, body: '' });
        return;
      }
      if (name === parts[0]?.file) await new Promise((r) => setTimeout(r, 4000));
      await route.fulfill({ body: readFileSync(join(dir, name)) });
    });
    await page.goto(server.url);
    const id = parts[parts.length - 1]?.lastLabel ?? '';
    const early = await lookUp(page, id);
    await expect(page.getByText(/clientes prontos/).count()).resolves.toBe(0);
    expect(Math.abs(early - (nodeScores.get(id) ?? -1))).toBeLessThan(1e-5);
    await context.close();
  });

  it('looks up text IDs with the probability `npm run score` gives (within 1e-5), and shows categories as they come', async () => {
    const { context, page } = await freshPage();
    await page.goto(server.url);
    await page.getByText('7.043 clientes prontos').waitFor({ timeout: 90_000 });
    const ids = ['7590-VHVEG', '5575-GNVDE', ...parts.map((part) => part.firstLabel)];
    for (const id of ids) {
      const shown = await lookUp(page, id);
      expect(Math.abs(shown - (nodeScores.get(id) ?? -1)), id).toBeLessThan(1e-5);
    }
    // The first customer of the file: a month-to-month DSL customer with no phone service.
    await lookUp(page, '7590-VHVEG');
    const reasons = (await page.locator('.contributions li').allTextContents()).join('\n');
    expect(reasons).toMatch(/PhoneService = No\b/);
    expect(reasons).toMatch(/InternetService = DSL\b/);
    await page.screenshot({ path: join(shots, '13-telco-lookup.png'), fullPage: true });
    // An ID typed in other letters is found under its own when no customer has it as typed.
    await page.getByRole('searchbox', { name: 'ID do cliente' }).fill('5575-gnvde');
    await page.getByRole('button', { name: 'Consultar' }).click();
    await page.locator('[data-testid="lookup-result"][data-id="5575-GNVDE"]').waitFor();
    await expect(page.locator('#customer-title').textContent()).resolves.toContain('5575-GNVDE');
    // Text IDs are read as typed, spaces around aside; an unknown one is named.
    for (const [text, message] of [
      ['   ', 'Digite um ID.'],
      ['0000-NOONE', 'Nenhum cliente com o ID 0000-NOONE.'],
    ] as const) {
      await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(text);
      await page.getByRole('button', { name: 'Consultar' }).click();
      await expect.poll(() => page.locator('#lookup-message').textContent()).toBe(message);
    }
    await context.close();
  });

  it('compares the challenger shipped with the build on the same evaluation rows and the same portfolio', async () => {
    const { context, page } = await freshPage();
    await page.goto(server.url);
    await page.getByText('7.043 clientes prontos').waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: 'Campeão × desafiante' }).click();
    await page.getByRole('button', { name: 'Comparar com o desafiante do build' }).click();
    await page.getByTestId('compare-table').waitFor({ timeout: 60_000 });
    const read = (dir: string) => readModelMetrics(join(publicDir, dir));
    const expected = compareOnTestRows(read('model'), read('challenger'), DEFAULT_PAYOFFS);
    const figure = async (id: string) =>
      Number(await page.getByTestId(id).getAttribute('data-value'));
    expect(await figure('champion-profit')).toBe(expected.champion.profit);
    expect(await figure('challenger-profit')).toBe(expected.challenger.profit);
    expect(await figure('compare-difference')).toBe(expected.difference.observed);
    // Both scored every one of the 7,043 customers of the portfolio.
    const counts = await Promise.all(
      ['overlap-both', 'overlap-champion', 'overlap-challenger'].map(figure),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(7043);
    await expect(page.getByTestId('challenger-provenance').textContent()).resolves.toContain(
      'Desafiante (do build)',
    );
    await context.close();
  });

  it("exports the portfolio's contact list with the customers' text IDs", async () => {
    const { context, page } = await freshPage();
    await page.goto(server.url);
    await page.getByText('7.043 clientes prontos').waitFor({ timeout: 90_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Exportar a lista de contatos/ }).click(),
    ]);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8')).slice(1);
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) {
      const [id, probability] = row.fields;
      expect(Math.abs(Number(probability) - (nodeScores.get(id ?? '') ?? -1)), id).toBeLessThan(
        1e-5,
      );
    }
    await context.close();
  });

  it('answers at a glance at 1280 × 800 on Telco too, with every chart and file picker as on the demo', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByText('7.043 clientes prontos').waitFor({ timeout: 90_000 });
    await page.getByTestId('snapshot-profit').waitFor();
    await expect(outsideFirstView(page, answerTestIds('by value'))).resolves.toEqual([]);
    await page.screenshot({ path: join(shots, '19-telco-first-view.png') });
    for (const tab of [
      'Decisão',
      'Qualidade do modelo',
      'Campeão × desafiante',
      'Pontuar arquivo',
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(chartDefects(page)).resolves.toEqual([]);
      await expect(nativeFileInputsShown(page)).resolves.toBe(0);
    }
    await context.close();
  });

  it("contacts by each customer's own value as `npm run score -- --value-column` does, customer by customer", async () => {
    const scores = join(work, 'valued-scores.csv');
    const scored = runCliScript('score', [
      ...['--model', join(publicDir, 'model'), '--data', data, '--out', scores],
      ...['--value-column', 'MonthlyCharges', '--value-share', '12'],
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    const cli = new Map(
      parseCsv(readFileSync(scores, 'utf8'))
        .slice(1)
        .filter((r) => r.fields[3] === '1')
        .map((r) => [r.fields[0] ?? '', r.fields] as const),
    );
    const { context, page } = await freshPage();
    await page.goto(server.url);
    await page.getByText('7.043 clientes prontos').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('rule').getAttribute('data-basis')).resolves.toBe('value');
    const share = page.getByRole('textbox', { name: 'Parte do valor ganha ao reter (%)' });
    await share.fill('1200');
    await share.press('Enter');
    await expect(page.getByTestId('rule').textContent()).resolves.toContain('1.200%');
    await expect
      .poll(() => page.getByTestId('snapshot-contacts').getAttribute('data-value'))
      .toBe(String(cli.size));
    // On the evaluation rows, whose values training recorded: by value against by probability, as core
    // computes it from the out-of-sample rows.
    const metrics = readModelMetrics(join(publicDir, 'model'));
    expect(metrics.outOfSample.valueColumn).toBe('MonthlyCharges');
    expect(metrics.outOfSample.values).toHaveLength(metrics.outOfSample.scores.length);
    const evidence = valueEvidenceOnTest(
      metrics.outOfSample.scores.map(Math.fround),
      metrics.outOfSample.labels,
      metrics.outOfSample.values ?? [],
      DEFAULT_PAYOFFS,
      { share: 12, cap: null },
    );
    const shown = page.getByTestId('value-evidence-detail');
    await expect.poll(() => shown.getAttribute('data-by-value')).toBe(String(evidence.byValue));
    await expect(shown.getAttribute('data-by-probability')).resolves.toBe(
      String(evidence.byProbability),
    );
    await expect(shown.getAttribute('data-low')).resolves.toBe(
      String(evidence.difference.interval[0]),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Exportar a lista de contatos/ }).click(),
    ]);
    const [header, ...rows] = parseCsv(readFileSync(await download.path(), 'utf8')).map(
      (r) => r.fields,
    );
    expect(header).toEqual(['ID', 'probability', 'value_brl', 'decision', 'expected_value_brl']);
    expect(rows.map((r) => r[0]).sort()).toEqual([...cli.keys()].sort());
    let previousGain = Infinity;
    for (const [id = '', probability, value, decision, expected] of rows) {
      const mine = cli.get(id) ?? [];
      expect(Math.abs(Number(probability) - Number(mine[1])), id).toBeLessThan(1e-5);
      expect(value, id).toBe(mine[2]);
      expect(decision).toBe('1');
      expect(Math.abs(Number(expected) - Number(mine[4])), id).toBeLessThanOrEqual(0.011);
      // Largest expected gain first: with FN = TN = 0 the gain is the contact's expected value.
      expect(Number(expected)).toBeLessThanOrEqual(previousGain + 0.011);
      previousGain = Number(expected);
    }
    // The Excel list names each contact's main reason by the dictionary's label where it has one.
    const [sheet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Lista para o Excel/ }).click(),
    ]);
    const sheetRows = Papa.parse<string[]>(readFileSync(await sheet.path(), 'utf8').slice(1), {
      delimiter: ';',
      skipEmptyLines: true,
    }).data;
    const reasons = new Set(sheetRows.slice(1).map((r) => r[r.length - 1]));
    expect(sheetRows[0]?.[sheetRows[0].length - 1]).toBe('Principal motivo');
    expect(reasons.has('Meses como cliente')).toBe(true);
    expect(reasons.has('tenure')).toBe(false);
    // A customer's card shows their value and the gain of contacting them.
    const first = rows[0]?.[0] ?? '';
    await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(first);
    await page.getByRole('button', { name: 'Consultar' }).click();
    await expect
      .poll(() => page.getByTestId('lookup-value').getAttribute('data-value'))
      .toBe(String(Number(rows[0]?.[2])));
    await expect(page.getByTestId('lookup-decision').textContent()).resolves.toBe('Contatar');
    // Contributions name a column by its label, its raw name kept as the title.
    const named = page.locator('.contributions .name[title="tenure"]');
    if ((await named.count()) > 0) {
      await expect(named.first().textContent()).resolves.toMatch(/^Meses como cliente = /);
    }
    await page.screenshot({ path: join(shots, '20-telco-by-value.png'), fullPage: true });
    await context.close();
  });
});
