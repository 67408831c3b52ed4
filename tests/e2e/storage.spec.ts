/**
 * Storage faults end to end, in headless Chromium against the production build: the portfolio in
 * IndexedDB survives a full quota, a tab killed mid-install, two tabs at once and an upgrade
 * through the service worker, and the app asks for persistent storage.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { expectedGainThreshold } from '../../src/core/decision/decisionRule';
import { ExpectedProfitCurve } from '../../src/core/decision/expectedProfit';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import { buildAndServeApp, type AppServer } from '../support/appServer';
import { launchChromium } from '../../training/lib/chromium';
import { runCliScript } from '../support/cli';
import { ROOT } from '../support/paths';
import { storedCount, storedInstalls } from '../support/appStorage';

const shots = resolve(ROOT, 'artifacts', 'e2e');
const work = mkdtempSync(join(tmpdir(), 'retem-storage-'));
const CUSTOMERS = 60_000;
let server: AppServer;
let browser: Browser;
/** A newer portfolio than the demo's: 60,000 twin customers whose IDs start with the demo's. */
let bigSnapshot: Buffer;
let bigManifest: Buffer;

beforeAll(async () => {
  server = await buildAndServeApp();
  const csv = join(work, 'portfolio.csv');
  await writeTwinCsv(await readTwinStats(ROOT), csv, CUSTOMERS, 11, 200001, false);
  // Named as the app's own portfolio, so that the manifest's part is where the app looks.
  mkdirSync(join(work, 'big'));
  const out = join(work, 'big', 'customers.snapshot');
  // Small chunks: many committed batches, so that an install can be caught halfway.
  const built = runCliScript('snapshot', [
    '--model',
    resolve(ROOT, 'public', 'model'),
    '--data',
    csv,
    '--out',
    out,
    '--chunk-size',
    '32',
  ]);
  if (built.status !== 0) throw new Error(built.stderr);
  bigSnapshot = readFileSync(out);
  bigManifest = readFileSync(`${out}.json`);
  // The same customers in parts of about 0.5 MB (gzip), as a large portfolio ships.
  mkdirSync(join(work, 'parts'));
  const parted = runCliScript('snapshot', [
    '--model',
    resolve(ROOT, 'public', 'model'),
    '--data',
    csv,
    '--out',
    join(work, 'parts', 'customers.snapshot'),
    '--part-mb',
    '1',
  ]);
  if (parted.status !== 0) throw new Error(parted.stderr);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** A context of its own storage; the service worker blocked unless asked for. */
async function freshContext(serviceWorkers: 'allow' | 'block' = 'block'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 1200 }, serviceWorkers });
}

/**
 * Serves the 60,000-customer portfolio and its manifest in place of the demo's from now on, the
 * portfolio after `delayMs`.
 */
async function publishBigPortfolio(context: BrowserContext, delayMs = 0): Promise<void> {
  await context.route('**/snapshot/customers.snapshot', async (route) => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    await route.fulfill({ body: bigSnapshot, contentType: 'application/octet-stream' });
  });
  await context.route('**/snapshot/customers.snapshot.json', (route) =>
    route.fulfill({ body: bigManifest, contentType: 'application/json' }),
  );
}

const readyWith = (page: Page, count: string) =>
  page.getByText(`${count} clientes prontos`).waitFor({ timeout: 90_000 });

const installs = (page: Page) => storedInstalls(page);

/**
 * Looks up an ID and returns the probability shown. Waits until the lookup settles (a probability
 * or the search's message), within the bound a portfolio gets to be ready: a lookup asked while
 * the tab scores a portfolio another tab switched in is answered between its windows. A message
 * instead of a probability fails with the message's words.
 */
async function lookUp(page: Page, id: string): Promise<number> {
  const button = page.getByRole('button', { name: 'Consultar' });
  const shown = page.getByTestId('lookup-probability');
  const message = page.locator('#lookup-message');
  await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(id);
  await button.click();
  await expect
    .poll(
      async () => (await button.isEnabled()) && (await shown.count()) + (await message.count()) > 0,
      { timeout: 90_000 },
    )
    .toBe(true);
  expect(
    await message.count(),
    `lookup of ${id}: ${(await message.allTextContents()).join(' ')}`,
  ).toBe(0);
  return Number(await shown.getAttribute('data-value'));
}

describe('the stored portfolio under storage faults', () => {
  it('starts warm without downloading a portfolio it has installed, and downloads a new one', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const snapshots = () => fetched.filter((path) => path.endsWith('/customers.snapshot')).length;
    const manifests = () =>
      fetched.filter((path) => path.endsWith('/customers.snapshot.json')).length;
    await page.goto(server.url);
    await readyWith(page, '5.000');
    expect([snapshots(), manifests()]).toEqual([1, 1]);
    await page.reload();
    await readyWith(page, '5.000');
    expect(await lookUp(page, '200777')).toBeGreaterThan(0);
    // The reload read the manifest, saw the installed portfolio and fetched no snapshot byte.
    expect([snapshots(), manifests()]).toEqual([1, 2]);
    // npm run snapshot wrote the manifest beside the file: its identity, and its one part's
    // size and SHA-256.
    expect(JSON.parse(bigManifest.toString('utf8'))).toMatchObject({
      format: 'retem-snapshot-manifest',
      count: CUSTOMERS,
      chunks: Math.ceil(CUSTOMERS / 32),
      bytes: bigSnapshot.length,
      parts: [
        {
          file: 'customers.snapshot',
          count: CUSTOMERS,
          bytes: bigSnapshot.length,
          sha256: createHash('sha256').update(bigSnapshot).digest('hex'),
        },
      ],
    });
    // A newer portfolio on a slow network: the installed one answers until the new one switches in.
    await publishBigPortfolio(context, 2000);
    await page.reload();
    await readyWith(page, '5.000');
    await expect(page.getByRole('note').first().textContent()).resolves.toMatch(
      /^Uma carteira nova \(60\.000 clientes, de .+\) está sendo instalada; até ela entrar, responde a carteira instalada\.$/,
    );
    expect(await lookUp(page, '200777')).toBeGreaterThan(0);
    await readyWith(page, '60.000');
    await expect(page.getByRole('note').first().textContent()).resolves.toMatch(
      /^A carteira nova entrou: as respostas vêm agora dela \(60\.000 clientes, de .+\)\.$/,
    );
    expect([snapshots(), manifests()]).toEqual([2, 3]);
    await context.close();
  });

  it('installs a portfolio shipped in parts, answering lookups before it ends, then starts warm with none fetched', async () => {
    const context = await freshContext();
    const parts = readdirSync(join(work, 'parts')).filter((f) => f.endsWith('.snapshot'));
    expect(parts.length).toBeGreaterThan(4);
    expect(parts).not.toContain('customers.snapshot');
    // A slow network: each part after the first takes a second to arrive.
    await context.route('**/snapshot/customers*', async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      if (!readdirSync(join(work, 'parts')).includes(name)) {
        await route.fulfill({ status: 404, body: '' });
        return;
      }
      if (/\.0*[1-9]\d*\.snapshot$/.test(name)) await new Promise((r) => setTimeout(r, 1000));
      await route.fulfill({ body: readFileSync(join(work, 'parts', name)) });
    });
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const partsFetched = () => fetched.filter((path) => /\/customers\.\d{4}\.snapshot$/.test(path));
    await page.goto(server.url);
    // Lookups open while the parts still arrive: the last part's customer is fetched on demand.
    await expect
      .poll(() => page.getByRole('button', { name: 'Consultar' }).isEnabled(), { timeout: 60_000 })
      .toBe(true);
    const early = await lookUp(page, '259999');
    await expect(page.getByText(/clientes prontos/).count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, '09-lookup-while-installing.png'), fullPage: true });
    await readyWith(page, '60.000');
    expect(partsFetched().length).toBeGreaterThanOrEqual(parts.length);
    expect(fetched.filter((path) => path.endsWith('/customers.snapshot'))).toEqual([]);
    // Customers of the first and of the last part, as the single-file portfolio answers them.
    const first = await lookUp(page, '200001');
    const last = await lookUp(page, '259999');
    // Once installed, a lookup shows the probability the portfolio was scored with (the contact
    // list's): the batch path may differ from the single lookup's in the last float32 bits.
    expect(Math.abs(last - early)).toBeLessThan(1e-6);
    // Scored while installing: the reload reads the cached probabilities, fetches no part.
    const before = partsFetched().length;
    await page.reload();
    await readyWith(page, '60.000');
    expect(partsFetched().length).toBe(before);
    const single = await freshContext();
    await publishBigPortfolio(single);
    const other = await single.newPage();
    await other.goto(server.url);
    await readyWith(other, '60.000');
    expect(await lookUp(other, '200001')).toBe(first);
    expect(await lookUp(other, '259999')).toBe(last);
    // The portfolio's expected profit is the same figure whichever way it shipped (and the first
    // page has reloaded from its link, which carries the threshold whole).
    const figure = (p: Page) => p.getByTestId('snapshot-profit').getAttribute('data-value');
    expect(await figure(page)).toBe(await figure(other));
    await single.close();
    await context.close();
  });

  it('opens a portfolio from disk when the build ships none, a CSV as the CLI reads it, and keeps it', async () => {
    const context = await freshContext();
    // A build without a portfolio: neither the snapshot nor its manifest is served.
    await context.route('**/snapshot/customers.snapshot*', (route) =>
      route.fulfill({ status: 404, body: '' }),
    );
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByText('Nenhuma carteira instalada.').waitFor({ timeout: 60_000 });
    const open = page.getByLabel('Abrir carteira (.snapshot ou CSV de clientes)');
    const refusal = () => page.getByRole('alert').filter({ hasText: 'arquivo' }).textContent();

    // A spreadsheet is refused with the CLI's reason, not taken for a damaged portfolio.
    writeFileSync(join(work, 'book.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    await open.setInputFiles(join(work, 'book.xlsx'));
    await expect(refusal()).resolves.toBe(
      'O arquivo não é texto (é uma planilha como .xlsx, um arquivo compactado ou outro binário): salve-o como CSV (UTF-8 ou UTF-16), compactado com gzip ou não.',
    );
    const csv = readFileSync(join(work, 'portfolio.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(work, 'no-id.csv'), csv.map((l) => l.replace(/^[^,]*,/, '')).join('\n'));
    await open.setInputFiles(join(work, 'no-id.csv'));
    await expect(refusal()).resolves.toBe('O arquivo não tem a coluna de ID "ID".');

    // The customers' CSV, gzip-compressed, one row with a broken ID: decompressed as it streams
    // and turned into a portfolio in the worker.
    csv[1] = (csv[1] ?? '').replace(/^[^,]*/, 'abc');
    writeFileSync(join(work, 'portfolio-edited.csv.gz'), gzipSync(csv.join('\n') + '\n'));
    await open.setInputFiles(join(work, 'portfolio-edited.csv.gz'));
    await readyWith(page, '59.999');
    await expect(
      page.getByText(/^Da carteira em CSV: linhas ignoradas: 1; avisos: \d+\.$/).count(),
    ).resolves.toBe(1);
    await expect(page.getByRole('note').first().textContent()).resolves.toMatch(
      /^Carteira aberta do seu disco: 59\.999 clientes, de .+\. Ela fica neste navegador e não sai da máquina\.$/,
    );
    const fromCsv = await lookUp(page, '260000');
    // The next visit answers from it, with still nothing served.
    await page.reload();
    await readyWith(page, '59.999');
    expect(await lookUp(page, '260000')).toBe(fromCsv);

    // The same CSV with a value column: each customer's value ranks the contacts. A column the
    // file lacks is refused with the closest names.
    const valueBox = page.getByRole('textbox', {
      name: 'Coluna de valor do cliente, para uma carteira em CSV (opcional)',
    });
    await valueBox.fill('var3B');
    await open.setInputFiles(join(work, 'portfolio-edited.csv.gz'));
    await expect(refusal()).resolves.toBe(
      'O arquivo não tem a coluna de valor "var3B". Nomes mais próximos no cabeçalho: "var3", "var36", "var38".',
    );
    await valueBox.fill('var38');
    await open.setInputFiles(join(work, 'portfolio-edited.csv.gz'));
    await expect
      .poll(() => page.getByTestId('rule').getAttribute('data-basis'), { timeout: 60_000 })
      .toBe('value');
    const header = (csv[0] ?? '').split(',');
    const row = csv.find((line) => line.startsWith('260000,')) ?? '';
    const var38 = Number(row.split(',')[header.indexOf('var38')]);
    await lookUp(page, '260000');
    await expect
      .poll(async () => Number(await page.getByTestId('lookup-value').getAttribute('data-value')))
      .toBe(var38);
    await valueBox.fill('');

    // The CLI's snapshot of the same customers gives the same answer, in one file or as the parts
    // of a large portfolio picked together (in any order); parts of two portfolios are refused.
    const partFiles = readdirSync(join(work, 'parts'))
      .filter((f) => f.endsWith('.snapshot'))
      .map((f) => join(work, 'parts', f));
    await open.setInputFiles([join(work, 'big', 'customers.snapshot'), ...partFiles.slice(1)]);
    await expect(refusal()).resolves.toBe(
      'Estes arquivos não são as partes de uma mesma carteira: escolha juntas todas as partes de uma carteira.',
    );
    await open.setInputFiles([...partFiles].reverse());
    await readyWith(page, '60.000');
    expect(await lookUp(page, '260000')).toBe(fromCsv);
    await open.setInputFiles(join(work, 'big', 'customers.snapshot'));
    await page.getByText(/^Carteira aberta do seu disco: 60\.000 clientes, de/).waitFor();
    expect(await lookUp(page, '260000')).toBe(fromCsv);
    await page.screenshot({ path: join(shots, '08-opened-from-disk.png'), fullPage: true });
    await context.close();
  });

  it('asks for persistent storage and says what the browser granted', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await readyWith(page, '5.000');
    const granted = await page.evaluate(() => navigator.storage.persisted());
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      granted
        ? 'armazenamento persistente'
        : 'o navegador pode apagar a carteira guardada se faltar espaço',
    );
    await context.close();
  });

  it('keeps answering from the previous portfolio when a new one does not fit, and says so', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    // A 3 MB quota, set before the origin stores anything (Chromium applies it from then on):
    // room for the demo's 5,000 customers, not for 60,000.
    const cdp = await context.newCDPSession(page);
    await page.goto(`${server.url}manifest.webmanifest`);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(server.url).origin,
      quotaSize: 3_000_000,
    });
    await page.goto(server.url);
    await readyWith(page, '5.000');
    const before = await lookUp(page, '200777');
    expect(before).toBeGreaterThan(0);
    await publishBigPortfolio(context);
    await page.reload();
    await readyWith(page, '5.000');
    // It answered from the installed one while trying; the new one did not fit, and it says so.
    await expect
      .poll(() => page.getByRole('note').first().textContent(), { timeout: 60_000 })
      .toMatch(
        /^O armazenamento do navegador está cheio: a nova carteira não coube\. Continua respondendo a carteira anterior \(5\.000 clientes, de .+\)\.$/,
      );
    expect(await lookUp(page, '200777')).toBe(before);
    // Nothing half-written is left behind: one install, complete.
    expect((await installs(page)).map((i) => i.state)).toEqual(['complete']);
    await page.screenshot({ path: join(shots, '06-storage-full.png'), fullPage: true });
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin });
    await context.close();
  });

  it('resumes an install from its last committed batch after the tab is killed mid-install', async () => {
    const context = await freshContext();
    await publishBigPortfolio(context);
    const first = await context.newPage();
    await first.goto(server.url);
    // Kill the tab as soon as some batches are committed, long before the last one.
    await expect
      .poll(
        async () => {
          const [install] = await installs(first).catch(() => []);
          return install?.state === 'installing' && (install.committed ?? 0) > 0;
        },
        { timeout: 60_000, interval: 5 },
      )
      .toBe(true);
    await first.close({ runBeforeUnload: false });
    const [interrupted] = await (async () => {
      const probe = await context.newPage();
      await probe.goto(`${server.url}manifest.webmanifest`);
      const found = await installs(probe);
      await probe.close();
      return found;
    })();
    expect(interrupted?.state).toBe('installing');
    const committed = interrupted?.committed ?? 0;
    expect(committed).toBeGreaterThan(0);

    const second = await context.newPage();
    await second.goto(server.url);
    await readyWith(second, '60.000');
    const [resumed] = await installs(second);
    expect(resumed).toMatchObject({ state: 'complete', resumedFrom: committed });
    expect(resumed?.committed).toBe(Math.ceil(CUSTOMERS / 32));
    expect(await lookUp(second, String(200000 + CUSTOMERS))).toBeGreaterThan(0);
    await context.close();
  });

  it('lets one tab look customers up while another installs a new portfolio, then answers from it', async () => {
    const context = await freshContext();
    const looking = await context.newPage();
    await looking.goto(server.url);
    await readyWith(looking, '5.000');
    await publishBigPortfolio(context);
    const installing = await context.newPage();
    await installing.goto(server.url);
    // While the other tab downloads, installs and scores, lookups keep their answers.
    const during: number[] = [];
    while ((await installing.getByText('60.000 clientes prontos').count()) === 0) {
      during.push(await lookUp(looking, '200777'));
      if (during.length > 200) break;
    }
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((p) => p > 0 && p < 1)).toBe(true);
    // Once the new portfolio switches in, the first tab says so and answers from it.
    await readyWith(looking, '60.000');
    await expect(looking.getByRole('note').first().textContent()).resolves.toMatch(
      /^Outra aba instalou uma carteira nova: as respostas vêm agora dela \(60\.000 clientes, de .+\)\.$/,
    );
    expect(await lookUp(looking, '260000')).toBeGreaterThan(0);
    expect((await installs(looking)).map((i) => i.state)).toEqual(['complete']);
    await looking.screenshot({ path: join(shots, '07-switched.png'), fullPage: true });
    await context.close();
  });

  it('drops the cached probabilities when a new model is published', async () => {
    const context = await freshContext('allow');
    const page = await context.newPage();
    await page.goto(server.url);
    await readyWith(page, '5.000');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const before = await lookUp(page, '200777');
    const portfolioProfit = async () =>
      Number(await page.getByTestId('snapshot-profit').getAttribute('data-value'));
    const profitBefore = await portfolioProfit();

    // A new release: the same network with the ensemble's output weights scaled by 0.9. The
    // service worker keeps the model's files network first: an online visit takes the new ones.
    const dist = resolve(ROOT, 'dist');
    const weightsPath = join(dist, 'model', 'weights.bin');
    const original = { weights: readFileSync(weightsPath) };
    try {
      const weights = Buffer.from(original.weights);
      const modelJson = JSON.parse(readFileSync(join(dist, 'model', 'model.json'), 'utf8')) as {
        weightsManifest: { weights: { name: string; shape: number[]; quantization?: unknown }[] }[];
      };
      // The calibration layer's kernel and bias close weights.bin, in float32: scale them.
      const tail = modelJson.weightsManifest.flatMap((group) => group.weights).slice(-2);
      if (tail.some((w) => !w.name.startsWith('calibration/') || w.quantization !== undefined))
        throw new Error(
          `the last weights are ${tail.map((w) => w.name).join(', ')}, not the calibration's`,
        );
      const size = tail.reduce((n, w) => n + w.shape.reduce((m, d) => m * d, 1), 0);
      const start = weights.length - size * 4;
      for (let at = start; at < weights.length; at += 4)
        weights.writeFloatLE(weights.readFloatLE(at) * 0.9, at);
      writeFileSync(weightsPath, weights);

      // Node's score of the customer under the new release: what the app must show.
      const newModel = join(work, 'new-model');
      cpSync(resolve(ROOT, 'public', 'model'), newModel, { recursive: true });
      writeFileSync(join(newModel, 'weights.bin'), weights);
      const scores = join(work, 'new-scores.csv');
      const scored = runCliScript('score', [
        '--model',
        newModel,
        '--data',
        resolve(ROOT, 'data', 'demo', 'customers.csv'),
        '--out',
        scores,
      ]);
      if (scored.status !== 0) throw new Error(scored.stderr);
      const newScores = parseCsv(readFileSync(scores, 'utf8')).slice(1);
      const expected = Number(newScores.find((r) => r.fields[0] === '200777')?.fields[1]);
      expect(Math.abs(expected - before)).toBeGreaterThan(1e-4);
      // The portfolio's expected profit under the decision rule comes from every customer's
      // probability: from the new model's, if nothing stale is kept.
      const threshold = expectedGainThreshold(DEFAULT_PAYOFFS);
      const expectedProfit = new ExpectedProfitCurve(
        Float32Array.from(newScores, (r) => Number(r.fields[1])),
      ).at(threshold, DEFAULT_PAYOFFS).expectedProfit;
      expect(Math.abs(expectedProfit - profitBefore)).toBeGreaterThan(5);

      let after = before;
      for (let visit = 0; visit < 5 && Math.abs(after - expected) > 1e-5; visit++) {
        await page.reload();
        await readyWith(page, '5.000');
        after = await lookUp(page, '200777');
      }
      expect(Math.abs(after - expected)).toBeLessThan(1e-5);
      // Six decimals per customer in the CLI's file: within R$ 0.50 over 5,000 customers.
      expect(Math.abs((await portfolioProfit()) - expectedProfit)).toBeLessThan(0.5);
      // Only the new model's probabilities are kept.
      const cachedModels = await storedCount(page, 'scores');
      expect(cachedModels).toBe(1);
    } finally {
      writeFileSync(weightsPath, original.weights);
      await context.close();
    }
  });
});
