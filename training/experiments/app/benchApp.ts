/**
 * The app's figures in Chromium on the real customers to score: a production build whose model and
 * snapshot are replaced by the Santander model and the 75,818-customer snapshot of test.csv.gz.
 * Measured, not asserted, with the service worker active as a user gets it: bytes on the wire
 * (the service worker's fetches included), install, lookup latency, scoring, threshold updates,
 * cold start, the 59 MB CSV upload with the main thread's worst stall, and the JS + wasm weight.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { launchChromium } from '../../lib/chromium';
import { serveBuild } from './serveBuild';
import {
  clickToScreen,
  firstLookupFromNavigation,
  inPageFigures,
  installReadyProbe,
  quantile,
  readySeconds,
} from './pageProbes';
import { cliScriptPath } from '../../lib/cliScripts';
import {
  CARD_FILE,
  METRICS_FILE,
  MODEL_FILE,
  OUT_OF_SAMPLE_FILE,
  SPEC_FILE,
  WEIGHTS_FILE,
} from '../../../src/core/modelFiles';
import { gzipKb, splitInlineRows } from './appModelLayout';

const root = resolve(import.meta.dirname, '..', '..', '..');

export interface AppFigures {
  readonly bytesOnWireMb: number;
  readonly installSeconds: number;
  readonly coldStartSeconds: number;
  readonly lookupP50Ms: number;
  readonly lookupP95Ms: number;
  /** From navigation to the first lookup's answer on screen (its part fetched on demand). */
  readonly firstLookupSeconds: number;
  /** From the lookup button's click to the customer on screen, p50. */
  readonly clickToScreenP50Ms: number;
  readonly scoreAllSeconds: number;
  readonly thresholdUpdateP50Ms: number;
  readonly csvImportSeconds: number;
  readonly csvImportWorstMainThreadStallMs: number;
  readonly jsAndWasmGzipKb: number;
  /** model.json, weights, spec, metrics and card, gzip-compressed: what the start fetches. */
  readonly modelFilesGzipKb: number;
  /** out-of-sample.json, gzip-compressed: fetched after the start. */
  readonly outOfSampleGzipKb: number;
  readonly customers: number;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MLFLOW_TRACKING_URI: '' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

export async function benchApp(modelDir: string, customersCsvGz: string): Promise<AppFigures> {
  const work = mkdtempSync(join(tmpdir(), 'retem-bench-app-'));
  const out = join(work, 'dist');
  run(resolve(root, 'node_modules', '.bin', 'tsx'), [resolve(root, 'training', 'demo.ts')]);
  run(resolve(root, 'node_modules', '.bin', 'vite'), [
    'build',
    '--mode',
    'bench',
    '--outDir',
    out,
    '--emptyOutDir',
  ]);
  const modelFiles = [MODEL_FILE, WEIGHTS_FILE, SPEC_FILE, METRICS_FILE, CARD_FILE];
  const appModel = join(out, 'model');
  for (const file of [...modelFiles, OUT_OF_SAMPLE_FILE]) {
    if (existsSync(join(modelDir, file))) cpSync(join(modelDir, file), join(appModel, file));
  }
  splitInlineRows(appModel);
  // What the app fetches of the model when it starts, and the out-of-sample rows it fetches
  // right after, gzip-compressed as the server sends them.
  const modelFilesGzipKb = gzipKb(appModel, modelFiles);
  const outOfSampleGzipKb = gzipKb(appModel, [OUT_OF_SAMPLE_FILE]);
  run(resolve(root, 'node_modules', '.bin', 'tsx'), [
    cliScriptPath(root, 'snapshot'),
    '--model',
    modelDir,
    '--data',
    customersCsvGz,
    '--out',
    join(out, 'snapshot', 'customers.snapshot'),
  ]);
  const csv = join(work, 'customers.csv');
  writeFileSync(csv, gunzipSync(readFileSync(customersCsvGz)));

  const assets = readdirSync(join(out, 'assets'));
  const gz = (file: string) => gzipSync(readFileSync(join(out, 'assets', file))).length;
  // What a first visit runs: the code and the SIMD wasm build (shipped gzip-compressed: counted as
  // is), not the fallbacks fetched only where workers or wasm fail.
  const jsAndWasmGzipKb =
    assets
      .filter((f) => f.endsWith('.js') || f.startsWith('tfjs-backend-wasm-simd.wasm-'))
      .filter((f) => !f.startsWith('mainThreadHost-') && !f.startsWith('cpuFallback-'))
      .reduce((sum, f) => sum + gz(f), 0) / 1024;

  // Bytes on the wire, counted where they leave: whoever asks, the service worker included.
  const served = await serveBuild(out);
  const proxy = served.proxy;
  const url = proxy.url;
  const browser = await launchChromium();
  try {
    // As a user gets it: the service worker active, its precache fetches counted too.
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    // tsx keeps function names with a helper the page does not have; give it one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await installReadyProbe(page);
    // A customer 77% into the file, looked up as soon as the app takes a lookup.
    const customerIds = readFileSync(csv, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.slice(0, line.indexOf(',')));
    const firstLookupSeconds = await firstLookupFromNavigation(
      page,
      url,
      customerIds[Math.floor(customerIds.length * 0.77)] ?? '',
    );
    // Timed in the page, from the navigation's start to every customer scored and shown.
    const coldStartSeconds = await readySeconds(page);
    const inPage = await inPageFigures(page);
    // Everything the service worker precaches is fetched by the time it is ready.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const bytesOnWireMb = proxy.bytes() / 1e6;
    const clicks = await clickToScreen(page, inPage.ids);

    await page.getByRole('tab', { name: 'Pontuar arquivo' }).click();
    await page.evaluate(() => {
      const probe = { worst: 0, last: performance.now() };
      (window as unknown as { __stall: typeof probe }).__stall = probe;
      setInterval(() => {
        const now = performance.now();
        probe.worst = Math.max(probe.worst, now - probe.last - 50);
        probe.last = now;
      }, 50);
    });
    const importStarted = Date.now();
    await page.getByLabel('Arquivo CSV', { exact: true }).setInputFiles(csv);
    await page.getByText(/linhas pontuadas/).waitFor({ timeout: 180_000 });
    const csvImportSeconds = (Date.now() - importStarted) / 1000;
    const stall = await page.evaluate(
      () => (window as unknown as { __stall: { worst: number } }).__stall.worst,
    );
    return {
      bytesOnWireMb,
      installSeconds: (inPage.timings['install'] ?? Number.NaN) / 1000,
      coldStartSeconds,
      lookupP50Ms: inPage.lookupP50,
      lookupP95Ms: inPage.lookupP95,
      firstLookupSeconds,
      clickToScreenP50Ms: quantile(clicks, 0.5),
      scoreAllSeconds: (inPage.timings['scoring'] ?? Number.NaN) / 1000,
      thresholdUpdateP50Ms: inPage.updateP50,
      csvImportSeconds,
      csvImportWorstMainThreadStallMs: stall,
      jsAndWasmGzipKb,
      modelFilesGzipKb,
      outOfSampleGzipKb,
      customers: inPage.count,
    };
  } finally {
    await browser.close();
    await served.stop();
  }
}
