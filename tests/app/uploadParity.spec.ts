/**
 * The same file scored by the CLI (core's CSV reader) and by the app's upload (papaparse, as it
 * streams in the worker) goes through core's one record pipeline: the same customers, the same
 * probabilities, the same skipped rows and warned cells, row by row. Files: twin customers with
 * bad rows and odd cells, as comma CSV, semicolon CSV with decimal commas, CRLF, UTF-16 with a
 * byte-order mark and gzip; and real Santander rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAYOFFS } from '../../src/core/decision';
import { createRecordEncoder, rowIssuesSkippedFirst } from '../../src/core/preprocess';
import { parseCsv } from '../../src/core/records/csv';
import type { RowIssue } from '../../src/core/records';
import {
  scoreUpload,
  type UploadScorer,
} from '../../src/features/inference/worker/jobs/uploadScoring';
import { predictProbabilities } from '../../src/model/network';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import { readScoringModel } from '../../training/lib/modelDir';
import { initTensorflow } from '../../training/lib/tfNode';
import { scoreFile } from '../../training/scoring/scoreFile';
import { tfjsEngine } from '../../training/scoring/scoringEngine';
import { hasSharedData, ROOT, SHARED_DATA } from '../support/paths';

let model: Awaited<ReturnType<typeof readScoringModel>>;
let work: string;
let twinText: string;

beforeAll(async () => {
  await initTensorflow();
  model = await readScoringModel(resolve(ROOT, 'public', 'model'));
  work = mkdtempSync(join(tmpdir(), 'retem-parity-'));
  const twin = join(work, 'twin.csv');
  await writeTwinCsv(await readTwinStats(ROOT), twin, 5000, 11, 1, false);
  twinText = withBadRows(readFileSync(twin, 'utf8'));
});

/** Twin rows with the defects a real export has: each row below is a data row (1-based). */
function withBadRows(text: string): string {
  const lines = text.trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const edit = (row: number, change: (fields: string[]) => string[]) => {
    lines[row] = change((lines[row] ?? '').split(',')).join(',');
  };
  edit(10, (f) => [lines[5]?.split(',')[0] ?? '', ...f.slice(1)]); // an ID seen before
  edit(20, (f) => f.slice(0, -1)); // a field short
  edit(30, (f) => f.map((v, i) => (i === col('var15') ? 'abc' : v))); // not a number
  edit(40, (f) => f.map((v, i) => (i === col('var15') ? '' : v))); // blank: scored, warned
  edit(50, (f) => f.map((v, i) => (i === col('var38') ? '1e15' : v))); // far out of range
  edit(60, (f) => ['-3', ...f.slice(1)]); // an ID that is not a whole number ≥ 0
  edit(70, (f) => f.map((v, i) => (i === col('var3') ? 'Infinity' : v))); // not a finite number
  edit(80, (f) => [`"${f[0] ?? ''}"`, ...f.slice(1)]); // a quoted ID
  return lines.join('\n') + '\n';
}

/** The UTF-16 little-endian bytes of a text, with its byte-order mark. */
function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[2 + 2 * i] = code & 0xff;
    bytes[3 + 2 * i] = code >> 8;
  }
  return bytes;
}

const scorer = (): UploadScorer => {
  const width = model.spec.outputNames.length;
  return {
    spec: model.spec,
    width,
    recordEncoder: (header, decimalComma) => createRecordEncoder(model.spec, header, decimalComma),
    predict: (matrix, count) =>
      predictProbabilities(model.model, matrix.subarray(0, count * width), width),
  };
};

interface Scored {
  readonly ids: string[];
  readonly probabilities: number[];
  readonly problems: RowIssue[];
  readonly rowsRead: number;
}

/** What `npm run score` makes of the file: its decisions file and its reported problems. */
async function scoredByCli(bytes: Uint8Array, name: string): Promise<Scored> {
  const path = join(work, name);
  writeFileSync(path, bytes);
  const out = join(work, `${name}.decisions.csv`);
  const summary = await scoreFile(model.spec, tfjsEngine(model), path, out, 0.1, DEFAULT_PAYOFFS);
  const records = parseCsv(readFileSync(out, 'utf8')).slice(1);
  return {
    ids: records.map((r) => r.fields[0] ?? ''),
    probabilities: records.map((r) => Number(r.fields[1])),
    problems: rowIssuesSkippedFirst(summary.issues, summary.warnings, Number.POSITIVE_INFINITY),
    rowsRead: summary.rowsRead,
  };
}

/** What the app's upload makes of the same bytes. */
async function scoredByUpload(bytes: Uint8Array, name: string): Promise<Scored> {
  const outcome = await scoreUpload(scorer(), new File([bytes.slice()], name), {
    progress: () => undefined,
    cancelled: () => false,
  });
  if (outcome.kind !== 'scored') throw new Error(JSON.stringify(outcome.problem));
  return {
    ids: outcome.ids,
    probabilities: Array.from(outcome.probabilities),
    problems: outcome.issues,
    rowsRead: outcome.rowsRead,
  };
}

const problemRows = (problems: readonly RowIssue[]) =>
  problems.map(({ row, line, id, column, problem }) => ({ row, line, id, column, problem }));

/** Both sides on one file: equal row by row. */
async function expectParity(bytes: Uint8Array, name: string): Promise<Scored> {
  const cli = await scoredByCli(bytes, name);
  const upload = await scoredByUpload(bytes, name);
  expect(upload.rowsRead).toBe(cli.rowsRead);
  expect(upload.ids).toEqual(cli.ids);
  // The CLI writes probabilities to 6 decimals.
  upload.probabilities.forEach((p, i) => {
    expect(Math.abs(p - (cli.probabilities[i] ?? Number.NaN))).toBeLessThanOrEqual(5.1e-7);
  });
  expect(problemRows(upload.problems)).toEqual(problemRows(cli.problems));
  return cli;
}

describe('the CLI and the upload score a file alike', () => {
  it('on twin customers with bad rows: the same 4,995 scores, 5 rows skipped and 2 cells warned', async () => {
    const cli = await expectParity(new TextEncoder().encode(twinText), 'twin.csv');
    expect(cli.rowsRead).toBe(5000);
    expect(cli.ids).toHaveLength(4995);
    expect(cli.problems.map((p) => [p.row, p.line, p.id, p.column, p.problem.code])).toEqual([
      // A repeated ID names the ID; a row whose fields do not line up with the header, none.
      [10, 11, '5', 'ID', 'duplicate-id'],
      [20, 21, '', null, 'field-count'],
      [30, 31, '30', 'var15', 'not-a-number'],
      [60, 61, '-3', 'ID', 'id-kind'],
      [70, 71, '70', 'var3', 'not-a-number'],
      // The skipped rows first, then the cells scored with a warning.
      [40, 41, '40', 'var15', 'blank-cell'],
      [50, 51, '50', 'var38', 'out-of-range'],
    ]);
  });

  it('gzip-compressed, with CRLF line ends', async () => {
    const crlf = twinText.replace(/\n/g, '\r\n');
    await expectParity(gzipSync(new TextEncoder().encode(crlf)), 'twin.csv.gz');
  });

  it('as UTF-16 with a byte-order mark', async () => {
    await expectParity(utf16(twinText), 'twin-utf16.csv');
  });

  it('with semicolons between fields and decimal commas', async () => {
    const text = twinText
      .trimEnd()
      .split('\n')
      .map((line) => parseCsv(line)[0]?.fields ?? [])
      .map((fields) => fields.map((f) => f.replace('.', ',')).join(';'))
      .join('\n');
    const cli = await expectParity(new TextEncoder().encode(text + '\n'), 'twin-semicolon.csv');
    expect(cli.ids).toHaveLength(4995);
  });

  it('refuses a header without the ID column, or without a column the model reads, alike', async () => {
    const lines = twinText.trimEnd().split('\n');
    const withoutId = lines.map((line) => line.split(',').slice(1).join(',')).join('\n');
    const var15 = (lines[0] ?? '').split(',').indexOf('var15');
    const withoutVar15 = lines
      .map((line) => line.split(',').filter((_, i) => i !== var15))
      .map((fields) => fields.join(','))
      .join('\n');
    for (const [text, problem, column] of [
      [withoutId, { code: 'no-id-column', column: 'ID' }, 'ID'],
      [withoutVar15, { code: 'missing-columns', columns: ['var15'], count: 1 }, 'var15'],
    ] as const) {
      const bytes = new TextEncoder().encode(text + '\n');
      const upload = await scoreUpload(scorer(), new File([bytes], 'bad.csv'), {
        progress: () => undefined,
        cancelled: () => false,
      });
      expect(upload).toMatchObject({ kind: 'refused', problem });
      await expect(scoredByCli(bytes, `${problem.code}.csv`)).rejects.toThrow(column);
    }
  });

  it.runIf(hasSharedData())('on 3,000 real Santander customers', async () => {
    const real = gunzipSync(readFileSync(join(SHARED_DATA, 'santander', 'test.csv.gz')));
    const text = new TextDecoder().decode(real).split('\n').slice(0, 3001).join('\n') + '\n';
    const cli = await expectParity(new TextEncoder().encode(text), 'santander.csv');
    expect(cli.ids).toHaveLength(3000);
  });
});
