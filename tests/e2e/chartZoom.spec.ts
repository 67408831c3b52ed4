/**
 * Dragging across a chart zooms its x axis, in the production build in Chromium: also on the
 * Decision tab's charts, whose x range is framed around the decision; a double-click, or "Desfazer
 * o zoom", frames it again.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../training/lib/chromium';
import { buildAndServeApp, type AppServer } from '../support/appServer';
import { ROOT } from '../support/paths';

const shots = resolve(ROOT, 'artifacts', 'e2e');
let server: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await buildAndServeApp();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(server.url);
  await page.getByText(/clientes prontos/).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** Where the chart's first marker (the threshold in force) stands, in CSS pixels from the left. */
const markerLeft = (chart: Locator) =>
  chart
    .locator('.chart-marker')
    .first()
    .evaluate((line) => (line as HTMLElement).style.left);

/** Drags across the plotting area from one share of its width to another. */
async function drag(chart: Locator, from: number, to: number): Promise<void> {
  const box = await chart.locator('.u-over').boundingBox();
  if (box === null) throw new Error('the chart has no plotting area');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 8 });
  await page.mouse.up();
}

describe('a chart', () => {
  it("zooms on a drag across the decision's profit curve, and frames the decision again on a double-click", async () => {
    const chart = page.locator('figure.chart').first();
    await chart.locator('.chart-marker').first().waitFor();
    const framed = await markerLeft(chart);
    await drag(chart, 0.02, 0.8);
    // The stretch dragged over fills the plot: the threshold's line moves right.
    await expect.poll(() => markerLeft(chart)).not.toBe(framed);
    expect(Number.parseFloat(await markerLeft(chart))).toBeGreaterThan(Number.parseFloat(framed));
    await page.screenshot({ path: join(shots, '33-decision-chart-zoomed.png'), fullPage: true });
    await chart.locator('.u-over').dblclick();
    await expect.poll(() => markerLeft(chart)).toBe(framed);
  });

  it('is framed again by "Desfazer o zoom", every chart of the tab at once', async () => {
    const charts = page.locator('figure.chart');
    const framed = await Promise.all([0, 1].map((i) => markerLeft(charts.nth(i))));
    await drag(charts.nth(0), 0.02, 0.8);
    await drag(charts.nth(1), 0.02, 0.8);
    await expect.poll(() => markerLeft(charts.nth(1))).not.toBe(framed[1]);
    await page.getByRole('button', { name: 'Desfazer o zoom' }).click();
    await expect
      .poll(() => Promise.all([0, 1].map((i) => markerLeft(charts.nth(i)))))
      .toEqual(framed);
  });
});
