/**
 * Scores a customer file with an exported model, streaming: records are encoded into a batch,
 * scored with one small tensor per batch, and written out, so memory stays flat whatever the size.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvField } from '../../src/core/csv';
import { createRecordEncoder, type EncodeRecord } from '../../src/core/preprocess';
import { expectedValueOfContact, expectedValueOfSkip, type Payoffs } from '../../src/core/profit';
import type { RowIssue } from '../../src/core/table';
import { predictProbabilities } from '../../src/model/network';
import { DataFileError, streamCsvFile } from './csvFile';
import type { ExportedModel } from './modelDir';

export const SCORE_HEADER = 'ID,probability,decision,expected_value_brl';

export interface ScoreSummary {
  readonly rowsRead: number;
  readonly rowsScored: number;
  readonly contacted: number;
  /** Sum of every scored row's expected value, R$. */
  readonly expectedProfit: number;
  readonly issues: RowIssue[];
}

/**
 * Writes `ID,probability,decision,expected_value_brl` for every good row of dataPath to outPath.
 * decision is 1 (contact) when probability ≥ threshold; expected_value_brl is the expected R$ of
 * that decision. Bad rows are skipped and returned with reasons; a file that cannot serve (absent,
 * a header without the model's columns) throws DataFileError.
 */
export async function scoreFile(
  exported: ExportedModel,
  dataPath: string,
  outPath: string,
  threshold: number,
  payoffs: Payoffs,
  batchSize = 4096,
): Promise<ScoreSummary> {
  const { spec, model } = exported;
  const width = spec.outputNames.length;
  const out = createWriteStream(outPath);
  out.write(SCORE_HEADER + '\n');
  const batch = new Float32Array(batchSize * width);
  const ids: string[] = [];
  const issues: RowIssue[] = [];
  const state: { encode?: EncodeRecord } = {};
  let idIndex = -1;
  let fieldCount = 0;
  let rowsRead = 0;
  let rowsScored = 0;
  let contacted = 0;
  let expectedProfit = 0;

  const flush = () => {
    if (ids.length === 0) return;
    const scores = predictProbabilities(model, batch.subarray(0, ids.length * width), width);
    let text = '';
    ids.forEach((id, i) => {
      const p = scores[i] ?? 0;
      const act = p >= threshold;
      const value = act ? expectedValueOfContact(p, payoffs) : expectedValueOfSkip(p, payoffs);
      if (act) contacted++;
      expectedProfit += value;
      text += `${csvField(id)},${p.toFixed(6)},${act ? 1 : 0},${value.toFixed(2)}\n`;
    });
    rowsScored += ids.length;
    ids.length = 0;
    out.write(text);
  };

  const closed = once(out, 'close');
  const failed = new Promise<never>((_, reject) => {
    out.on('error', (error) => {
      reject(new DataFileError(`cannot write ${outPath}: ${error.message}`));
    });
  });
  await Promise.race([
    failed,
    streamCsvFile(dataPath, {
      onHeader(fields, separator) {
        const names = fields.map((f) => f.trim());
        idIndex = names.indexOf(spec.idColumn);
        if (idIndex < 0)
          throw new DataFileError(`${dataPath}: no ID column "${spec.idColumn}" in the header`);
        const created = createRecordEncoder(spec, names, separator === ';');
        if (typeof created !== 'function')
          throw new DataFileError(`${dataPath}: ${created.reason}`);
        state.encode = created;
        fieldCount = names.length;
      },
      onRecord(record) {
        rowsRead++;
        const row = rowsRead;
        if (record.fields.length !== fieldCount) {
          issues.push({
            row,
            line: record.line,
            column: null,
            reason: `has ${record.fields.length} fields where the header has ${fieldCount}`,
          });
          return;
        }
        const id = (record.fields[idIndex] ?? '').trim();
        if (id === '') {
          issues.push({ row, line: record.line, column: spec.idColumn, reason: 'no ID' });
          return;
        }
        const problem = state.encode?.(record.fields, batch, ids.length * width) ?? null;
        if (problem !== null) {
          issues.push({ row, line: record.line, column: problem.column, reason: problem.reason });
          return;
        }
        ids.push(id);
        if (ids.length === batchSize) flush();
      },
      async afterChunk() {
        if (out.writableNeedDrain) await once(out, 'drain');
      },
    }),
  ]);
  flush();
  out.end();
  await closed;
  return { rowsRead, rowsScored, contacted, expectedProfit, issues };
}
