/**
 * The files beside the model that follow the start, in the production build in Chromium. It
 * answers lookups and gives its decision before out-of-sample.json arrives, says it is reading
 * the rows, then shows the evidence on them as core computes it. A build whose file is missing,
 * or belongs to another training, says so and decides all the same. A rows or segments file whose
 * fetch fails on the way is asked for again when the browser is back online.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfitCurve, DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import type { ModelMetrics } from '../../src/core/modelFiles/modelMetrics';
import { launchChromium } from '../../training/lib/chromium';
import { buildAndServeApp, type AppServer } from '../support/appServer';
import { demoMetrics, nodeScoresOfDemo } from '../support/demoScores';
import { ROOT } from '../support/paths';

const shots = resolve(ROOT, 'artifacts', 'e2e');
const work = mkdtempSync(join(tmpdir(), 'retem-out-of-sample-'));
let server: AppServer;
let browser: Browser;
let metrics: ModelMetrics;
let someCustomer: [string, number];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await buildAndServeApp();
  metrics = demoMetrics();
  const scores = nodeScoresOfDemo(work);
  someCustomer = [...scores][1234] ?? ['', 0];
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** A fresh visit (no service worker yet) whose model `file` is answered by `answer`. */
async function visit(
  answer: Parameters<Page['route']>[1],
  file = 'out-of-sample.json',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  const page = await context.newPage();
  await page.route(`**/model/${file}`, answer);
  await page.goto(server.url);
  await page.getByText(/clientes prontos/).waitFor({ timeout: 60_000 });
  return page;
}

const figure = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));

describe("the model's out-of-sample rows", () => {
  it('are not waited for: a lookup and the decision come first, then the evidence on the 20,000 rows, as core computes it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolveHeld) => {
      release = resolveHeld;
    });
    const page = await visit(async (route) => {
      await held;
      await route.continue();
    });
    const [id, probability] = someCustomer;
    await page.getByRole('searchbox', { name: 'ID do cliente' }).fill(id);
    await page.getByRole('button', { name: 'Consultar' }).click();
    await expect
      .poll(async () => Math.abs((await figure(page, 'lookup-probability')) - probability))
      .toBeLessThan(1e-5);
    await expect(figure(page, 'snapshot-contacts')).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('out-of-sample-status').first().textContent()).resolves.toBe(
      'Lendo os 20.000 clientes rotulados em que os números foram medidos…',
    );
    await expect(page.getByTestId('evaluation-profit').count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, '30-out-of-sample-on-its-way.png'), fullPage: true });
    release();
    await page.getByTestId('evaluation-profit').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('out-of-sample-status').count()).resolves.toBe(0);
    const threshold = Number(
      await page.getByRole('slider', { name: 'Limiar de decisão' }).inputValue(),
    );
    const evaluation = ProfitCurve.fromScores(
      metrics.outOfSample.scores,
      metrics.outOfSample.labels,
    );
    expect(await figure(page, 'evaluation-profit')).toBe(
      evaluation.at(threshold, DEFAULT_PAYOFFS).profit,
    );
    expect(await figure(page, 'tp')).toBe(evaluation.at(threshold, DEFAULT_PAYOFFS).tp);
    await page.screenshot({ path: join(shots, '31-out-of-sample-read.png'), fullPage: true });
    await page.context().close();
  });

  it('missing from the build or from another training, are named as such, and the app decides all the same', async () => {
    const missing = await visit((route) => route.fulfill({ status: 404, body: 'not found' }));
    await expect
      .poll(() => missing.getByTestId('out-of-sample-status').first().textContent())
      .toContain('Este build não traz os clientes rotulados em que os números foram medidos');
    await expect(figure(missing, 'snapshot-contacts')).resolves.toBeGreaterThan(0);
    await missing.getByRole('tab', { name: 'Qualidade do modelo' }).click();
    await expect(missing.getByTestId('out-of-sample-status').textContent()).resolves.toContain(
      'out-of-sample.json',
    );
    await missing.context().close();

    const other = await visit(async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...json, schemaHash: 'sha256:another-training' } });
    });
    await expect
      .poll(() => other.getByTestId('out-of-sample-status').first().textContent())
      .toBe('out-of-sample.json vem de outro treinamento que o metrics.json.');
    await expect(other.getByTestId('evaluation-profit').count()).resolves.toBe(0);
    await other.context().close();
  });

  it('that fail on the way are asked for again when the browser is back online', async () => {
    let asked = 0;
    const page = await visit(async (route) => {
      asked++;
      await (asked === 1 ? route.abort('internetdisconnected') : route.continue());
    });
    await expect
      .poll(() => page.getByTestId('out-of-sample-status').first().textContent())
      .toContain('Não foi possível buscar os clientes rotulados');
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.getByTestId('evaluation-profit').waitFor({ timeout: 30_000 });
    // Asked again: on the way back online, or on a later answer of the same model.
    expect(asked).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });
});

describe("the model's segments file", () => {
  it('that fails on the way says so, and the segments come back with the connection', async () => {
    let asked = 0;
    const page = await visit(async (route) => {
      asked++;
      await (asked === 1 ? route.abort('internetdisconnected') : route.continue());
    }, 'segments.json');
    await page.getByRole('tab', { name: 'Segmentos' }).click();
    await expect
      .poll(() => page.getByRole('note').filter({ hasText: 'segmentos' }).first().textContent())
      .toBe('Não foi possível buscar o arquivo de segmentos: os segmentos voltam com a conexão.');
    await page.screenshot({ path: join(shots, '32-segments-unreachable.png'), fullPage: true });
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.getByTestId('segments-table').waitFor({ timeout: 30_000 });
    // Asked again: on the way back online, or on a later answer of the same model.
    expect(asked).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });
});
