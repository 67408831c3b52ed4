/**
 * Scores a customer file with a scoring engine, streaming: records are read into a batch, scored
 * a batch at a time, and written out, so memory stays flat whatever the size. Records go through
 * core's record pipeline, as the app's upload does.
 */
import {
  describeHeaderProblem,
  valueColumnIndex,
  valueOfCell,
  type RowIssue,
} from '../../src/core/records';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  DECISIONS_HEADER,
  VALUE_DECISIONS_HEADER,
  decide,
  decideWithValue,
  decisionLine,
  valueDecisionLine,
  type Payoffs,
  type ValueShare,
} from '../../src/core/decision';
import { DataFileError, streamCsvFile } from '../lib/csvFile';
import { RecordPipeline, headerName, type PreprocessSpec } from '../../src/core/preprocess';
import type { RecordBatch, ScoringEngine } from './scoringEngine';

export interface ScoreSummary {
  readonly rowsRead: number;
  readonly rowsScored: number;
  readonly contacted: number;
  /** Sum of every scored row's expected value, R$. */
  readonly expectedProfit: number;
  /** Rows skipped, with their reasons. */
  readonly issues: RowIssue[];
  /** Cells of scored rows that look wrong: blank, non-finite, far outside the training range. */
  readonly warnings: RowIssue[];
  /** With a value column: scored rows whose value cell was blank or not a number (flat benefit). */
  readonly valuesMissing: number;
}

/** Each customer's value from a column of the file, and how it becomes a retention benefit. */
export interface ValueColumnOption {
  readonly column: string;
  readonly rule: ValueShare;
}

/**
 * Writes `ID,probability,decision,expected_value_brl` for every good row of dataPath to outPath.
 * decision is 1 (contact) when probability ≥ threshold; expected_value_brl is the expected R$ of
 * that decision. With `value`, each row's value comes from its column and the file is
 * `ID,probability,value_brl,decision,expected_value_brl`, decided by core's value rule (contact
 * where the expected gain is positive) instead of the threshold. Bad rows are skipped and returned with reasons, and cells that are scored but
 * look wrong are returned as warnings; a file that cannot serve (absent,
 * a header without the model's columns) throws DataFileError.
 */
export async function scoreFile(
  spec: PreprocessSpec,
  engine: ScoringEngine,
  dataPath: string,
  outPath: string,
  threshold: number,
  payoffs: Payoffs,
  onProgress?: (share: number, rowsRead: number) => void,
  value: ValueColumnOption | null = null,
): Promise<ScoreSummary> {
  const out = createWriteStream(outPath);
  out.write((value === null ? DECISIONS_HEADER : VALUE_DECISIONS_HEADER) + '\n');
  let pipeline: RecordPipeline<RecordBatch> | null = null;
  let rowsScored = 0;
  let contacted = 0;
  let expectedProfit = 0;
  let valuesMissing = 0;
  // The value column's index and reading, and the batch's values slot by slot.
  let valueIndex = -1;
  let decimalComma = false;
  let values: number[] = [];

  const flush = async () => {
    if (pipeline === null || pipeline.pending === 0) return;
    const scores = await pipeline.batch.score(pipeline.pending);
    let text = '';
    pipeline.takeBatch().forEach((id, i) => {
      const p = scores[i] ?? 0;
      if (value === null) {
        const decision = decide(p, threshold, payoffs);
        if (decision.contact) contacted++;
        expectedProfit += decision.expectedValue;
        text += decisionLine(id, p, decision) + '\n';
      } else {
        const worth = values[i] ?? Number.NaN;
        if (Number.isNaN(worth)) valuesMissing++;
        const decision = decideWithValue(p, worth, payoffs, value.rule);
        if (decision.contact) contacted++;
        expectedProfit += decision.expectedValue;
        text += valueDecisionLine(id, p, worth, decision) + '\n';
      }
      rowsScored++;
    });
    values = [];
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
      hashText: false,
      onProgress(share) {
        onProgress?.(share, pipeline?.rowsRead ?? 0);
      },
      onHeader(fields, separator) {
        const created = RecordPipeline.create(
          fields,
          { column: spec.idColumn, kind: spec.idKind ?? 'text' },
          separator === ';',
          (names, decimalComma) => engine.batchFor(names, decimalComma),
        );
        if (!created.ok)
          throw new DataFileError(`${dataPath}: ${describeHeaderProblem(created.problem)}`);
        pipeline = created.value;
        decimalComma = separator === ';';
        if (value !== null) {
          const found = valueColumnIndex(fields.map(headerName), value.column);
          if (!found.ok)
            throw new DataFileError(`${dataPath}: ${describeHeaderProblem(found.problem)}`);
          valueIndex = found.value;
        }
      },
      onRecord(record) {
        if (pipeline === null) return undefined;
        const before = pipeline.pending;
        const full = pipeline.read(record.fields, record.line);
        // A kept row took the next slot: its value goes beside it.
        if (value !== null && (full || pipeline.pending > before)) {
          values.push(valueOfCell(record.fields[valueIndex], decimalComma));
        }
        return full ? flush() : undefined;
      },
      async afterChunk() {
        if (out.writableNeedDrain) await once(out, 'drain');
      },
    }),
  ]);
  await flush();
  out.end();
  await closed;
  const read = pipeline as RecordPipeline<RecordBatch> | null;
  return {
    rowsRead: read?.rowsRead ?? 0,
    rowsScored,
    contacted,
    expectedProfit,
    issues: read?.issues ?? [],
    warnings: read?.warnings ?? [],
    valuesMissing,
  };
}
