/**
 * The preprocessing spec applied by core in Chromium gives the same float32 bytes as in Node, on the
 * twin and on real Santander rows (sentinels, heavy tails, the var38 mode), and the same metrics.
 */
import { createReadStream, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import { rocAuc } from '../../src/core/metrics';
import { encodeTable, fitPreprocess, type PreprocessSpec } from '../../src/core/preprocess';
import { DEFAULT_PAYOFFS, ProfitCurve } from '../../src/core/decision/profit';
import { createRng } from '../../src/core/rng';
import { ColumnarTableBuilder } from '../../src/core/records/table';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import { launchChromium } from '../../training/lib/chromium';
import { hasSharedData, ROOT, SHARED_DATA } from '../support/paths';
import { valueOf } from '../support/results';

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [resolve(ROOT, 'tests', 'support', 'browserCore.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  });
  bundle = result.outputFiles[0]?.text ?? '';
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

/** Fits a spec on the text's rows in Node and encodes them there: the reference bytes. */
function nodeEncoding(text: string, idColumn: string, targetColumn: string | undefined) {
  const [header, ...records] = parseCsv(text);
  const builder = valueOf(
    ColumnarTableBuilder.create(header?.fields ?? [], { idColumn, targetColumn }),
  );
  for (const r of records) builder.add(r.fields, r.line);
  const table = builder.build();
  const rows = Uint32Array.from({ length: table.ids.length }, (_, i) => i);
  const spec = fitPreprocess(table, rows, idColumn, null);
  const matrix = valueOf(encodeTable(spec, table, rows));
  return { spec, matrix };
}

/** Encodes the same text in Chromium with core's record encoder; returns the bytes as base64. */
async function browserEncoding(text: string, spec: PreprocessSpec): Promise<Float32Array> {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>parity</title>');
  await page.addScriptTag({ content: bundle });
  const base64 = await page.evaluate(
    ({ csv, specJson }) => {
      interface Core {
        parseCsv(t: string): { fields: string[] }[];
        createRecordEncoder(
          s: unknown,
          h: string[],
        ):
          | { ok: true; value: (f: string[], o: Float32Array, off: number) => unknown }
          | { ok: false; problem: unknown };
      }
      const core = (globalThis as unknown as { RetemCore: Core }).RetemCore;
      const spec = JSON.parse(specJson) as { outputNames: string[] };
      const [header, ...records] = core.parseCsv(csv);
      const created = core.createRecordEncoder(spec, header?.fields ?? []);
      if (!created.ok) throw new Error(JSON.stringify(created.problem));
      const encode = created.value;
      const width = spec.outputNames.length;
      const out = new Float32Array(records.length * width);
      records.forEach((r, i) => {
        const problem = encode(r.fields, out, i * width);
        if (problem !== null) throw new Error(JSON.stringify(problem));
      });
      const bytes = new Uint8Array(out.buffer);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(binary);
    },
    { csv: text, specJson: JSON.stringify(spec) },
  );
  await page.close();
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function expectSameBytes(node: Float32Array, browserSide: Float32Array): void {
  expect(browserSide.length).toBe(node.length);
  const a = Buffer.from(node.buffer, node.byteOffset, node.byteLength);
  const b = Buffer.from(browserSide.buffer, browserSide.byteOffset, browserSide.byteLength);
  if (!a.equals(b)) {
    const first = node.findIndex((v, i) => !Object.is(v, browserSide[i]));
    throw new Error(
      `first difference at value ${first}: node ${node[first]} vs browser ${browserSide[first]}`,
    );
  }
}

describe('preprocessing parity between Node and Chromium', () => {
  it('is byte-identical on 800 twin customers', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'retem-parity-')), 'twin.csv');
    await writeTwinCsv(await readTwinStats(ROOT), path, 800, 3, 1, true);
    const text = readFileSync(path, 'utf8');
    const { spec, matrix } = nodeEncoding(text, 'ID', 'TARGET');
    expect(spec.outputNames.length).toBeGreaterThan(200);
    expectSameBytes(matrix, await browserEncoding(text, spec));
  });

  it.runIf(hasSharedData())('is byte-identical on 3,000 real Santander rows', async () => {
    const lines: string[] = [];
    const reader = createInterface({
      input: createReadStream(resolve(SHARED_DATA, 'santander', 'train.csv.gz')).pipe(
        createGunzip(),
      ),
    });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length > 3000) break;
    }
    reader.close();
    const text = lines.join('\n');
    const { spec, matrix } = nodeEncoding(text, 'ID', 'TARGET');
    expect(spec.outputNames).toContain('var38=mode');
    expectSameBytes(matrix, await browserEncoding(text, spec));
  });

  it('computes the same AUC and profit in Chromium as in Node', async () => {
    const rng = createRng(4);
    const scores = Array.from({ length: 5000 }, () => Math.fround(rng.next() ** 3));
    const labels = scores.map((s) => (rng.next() < s ? 1 : 0));
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    const inBrowser = await page.evaluate(
      ({ s, l }) => {
        interface Curve {
          best(p: unknown): { profit: number; threshold: number };
        }
        const core = (
          globalThis as unknown as {
            RetemCore: {
              rocAuc(s: number[], l: number[]): number;
              ProfitCurve: { fromScores(s: number[], l: number[]): Curve };
              DEFAULT_PAYOFFS: unknown;
            };
          }
        ).RetemCore;
        const best = core.ProfitCurve.fromScores(s, l).best(core.DEFAULT_PAYOFFS);
        return { auc: core.rocAuc(s, l), profit: best.profit, threshold: best.threshold };
      },
      { s: scores, l: labels },
    );
    await page.close();
    const best = ProfitCurve.fromScores(scores, labels).best(DEFAULT_PAYOFFS);
    expect(inBrowser).toEqual({
      auc: rocAuc(scores, labels),
      profit: best.profit,
      threshold: best.threshold,
    });
  });
});
