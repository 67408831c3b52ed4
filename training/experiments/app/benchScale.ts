/**
 * The app at a bank's scale: N twin customers (the demo model's columns), turned into a portfolio
 * by npm run snapshot, built into the app by npm run build's own vite build, and opened in Chromium
 * with the service worker active, as a user gets it. Measured, not asserted: the snapshot CLI's
 * time and peak memory, the build, bytes on the wire (the service worker's fetches included), the
 * cold start by stage, the first lookup, the warm start, lookups (in the worker, and from the
 * click to the probability on screen), threshold updates, the renderer's peak memory, the longest
 * main-thread task, and whether the app starts offline after one visit.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../lib/chromium';
import { serveBuild } from './serveBuild';
import { measure } from './measure';
import { splitInlineRows } from './appModelLayout';
import {
  clickToScreen,
  firstLookupFromNavigation,
  inPageFigures,
  installReadyProbe,
  quantile,
  readySeconds,
} from './pageProbes';

const root = resolve(import.meta.dirname, '..', '..', '..');

export interface ScaleFigures {
  readonly customers: number;
  readonly snapshotSeconds: number;
  readonly snapshotPeakRssMb: number;
  readonly portfolioMb: number;
  readonly parts: number;
  readonly buildSeconds: number;
  readonly precacheMb: number;
  readonly bytesOnWireMb: number;
  readonly coldStartSeconds: number;
  readonly coldStages: Record<string, number>;
  readonly firstLookupSeconds: number;
  readonly warmStartSeconds: number;
  readonly lookupP50Ms: number;
  readonly lookupP95Ms: number;
  readonly clickToScreenP50Ms: number;
  readonly thresholdUpdateP50Ms: number;
  readonly rendererPeakMb: number;
  readonly longestMainThreadTaskMs: number;
  readonly offlineAfterOneVisit: boolean;
}

/** Peak resident memory (VmHWM) of Chromium's renderer processes, the largest, in MB. */
function rendererPeakMb(): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes('--type=renderer')) continue;
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match?.[1] !== undefined) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // a process that has just ended
    }
  }
  return peak;
}

const ready = (page: Page) => page.getByText(/clientes prontos/).waitFor({ timeout: 600_000 });

/** With `model` (a trained model directory of Santander's columns) the app scores with it, not the demo's. */
export async function benchScale(customers: number, model: string | null): Promise<ScaleFigures> {
  const work = mkdtempSync(join(tmpdir(), 'retem-bench-scale-'));
  try {
    console.error(`• ${customers.toLocaleString('en')} twin customers`);
    const data = join(work, 'data');
    await measure('synth', [
      '--out',
      data,
      '--train-rows',
      '100',
      '--customer-rows',
      String(customers),
    ]);
    console.error('• npm run snapshot on them');
    const publicDir = join(work, 'public');
    mkdirSync(join(publicDir, 'snapshot'), { recursive: true });
    if (model === null) {
      // The demo model, trained first on a fresh checkout (the demo skips what already exists).
      const demo = spawnSync(
        join(root, 'node_modules', '.bin', 'tsx'),
        [join(root, 'training', 'demo.ts')],
        {
          cwd: root,
          stdio: 'inherit',
          env: { ...process.env, MLFLOW_TRACKING_URI: '' },
        },
      );
      if (demo.status !== 0) throw new Error('the demo model could not be built');
    }
    cpSync(model ?? join(root, 'public', 'model'), join(publicDir, 'model'), { recursive: true });
    splitInlineRows(join(publicDir, 'model'));
    cpSync(join(root, 'public', 'favicon.svg'), join(publicDir, 'favicon.svg'));
    const snapshot = await measure('snapshot', [
      '--model',
      join(publicDir, 'model'),
      '--data',
      join(data, 'customers.csv'),
      '--out',
      join(publicDir, 'snapshot', 'customers.snapshot'),
    ]);
    rmSync(data, { recursive: true, force: true });
    const manifest = JSON.parse(
      readFileSync(join(publicDir, 'snapshot', 'customers.snapshot.json'), 'utf8'),
    ) as { bytes: number; parts: unknown[] };

    console.error('• vite build with that portfolio');
    const out = join(work, 'dist');
    const buildStarted = Date.now();
    const build = spawnSync(
      resolve(root, 'node_modules', '.bin', 'vite'),
      ['build', '--mode', 'bench', '--outDir', out, '--emptyOutDir'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, RETEM_PUBLIC_DIR: publicDir, NODE_ENV: 'production' },
      },
    );
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
    const buildSeconds = (Date.now() - buildStarted) / 1000;
    const precache = /precache\s+\d+ entries \(([\d.]+) KiB\)/.exec(build.stdout);
    const precacheMb = Number(precache?.[1] ?? Number.NaN) / 1024;

    // Bytes on the wire, counted where they leave: whoever asks, the service worker included.
    const served = await serveBuild(out);
    const proxy = served.proxy;
    const url = proxy.url;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      await context.addInitScript({
        content: `globalThis.__name = (f) => f;
          globalThis.__longest = 0;
          try {
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries())
                globalThis.__longest = Math.max(globalThis.__longest, entry.duration);
            }).observe({ type: 'longtask', buffered: true });
          } catch {}`,
      });
      const page = await context.newPage();
      console.error('• cold start in Chromium');
      await installReadyProbe(page);
      // The first lookup, as soon as the app takes one: a customer 77% into the portfolio, whose
      // part has not arrived yet, answered on screen.
      const firstLookupSeconds = await firstLookupFromNavigation(
        page,
        url,
        String(Math.round(customers * 0.77) + 200_001),
      );
      // Timed in the page, from the navigation's start to every customer scored and shown.
      const coldStartSeconds = await readySeconds(page);
      const cold = await inPageFigures(page);
      // From the click to the probability on screen, as the analyst sees it.
      const clicks = await clickToScreen(page, cold.ids);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const bytesOnWireMb = proxy.bytes() / 1e6;

      console.error('• warm start');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const warmStarted = Date.now();
      await page.reload();
      await ready(page);
      const warmStartSeconds = (Date.now() - warmStarted) / 1000;
      const longest = await page.evaluate(
        () => (globalThis as unknown as { __longest: number }).__longest,
      );
      const peak = rendererPeakMb();

      console.error('• offline, after one visit');
      // Offline: the server side goes away (the proxy too, so requests fail as without a network).
      await served.stop();
      let offlineAfterOneVisit = false;
      try {
        await page.reload();
        await ready(page);
        offlineAfterOneVisit = true;
      } catch {
        offlineAfterOneVisit = false;
      }
      return {
        customers,
        snapshotSeconds: snapshot.seconds,
        snapshotPeakRssMb: snapshot.peakRssMb,
        portfolioMb: manifest.bytes / 1e6,
        parts: manifest.parts.length,
        buildSeconds,
        precacheMb,
        bytesOnWireMb,
        coldStartSeconds,
        coldStages: Object.fromEntries(
          Object.entries(cold.timings).map(([stage, ms]) => [stage, ms / 1000]),
        ),
        firstLookupSeconds,
        warmStartSeconds,
        lookupP50Ms: cold.lookupP50,
        lookupP95Ms: cold.lookupP95,
        clickToScreenP50Ms: quantile(clicks, 0.5),
        thresholdUpdateP50Ms: cold.updateP50,
        rendererPeakMb: peak,
        longestMainThreadTaskMs: longest,
        offlineAfterOneVisit,
      };
    } finally {
      await browser.close();
      await served.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
