/**
 * Scores a customer file with a scoring engine, streaming: records are read into a batch, scored
 * a batch at a time, and written out, so memory stays flat whatever the size.
 */
import {
  RecordChecker,
  describeHeaderProblem,
  type ValueWarning,
  type RowIssue,
  rowIssue,
} from '../../src/core/records';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DECISIONS_HEADER, decide, decisionLine, type Payoffs } from '../../src/core/decision';
import { DataFileError, streamCsvFile } from '../lib/csvFile';
import type { PreprocessSpec } from '../../src/core/preprocess';
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
}

/**
 * Writes `ID,probability,decision,expected_value_brl` for every good row of dataPath to outPath.
 * decision is 1 (contact) when probability ≥ threshold; expected_value_brl is the expected R$ of
 * that decision. Bad rows are skipped and returned with reasons, and cells that are scored but
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
): Promise<ScoreSummary> {
  const out = createWriteStream(outPath);
  out.write(DECISIONS_HEADER + '\n');
  const ids: string[] = [];
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const rowWarnings: ValueWarning[] = [];
  const warn = (warning: ValueWarning) => {
    rowWarnings.push(warning);
  };
  const state: { batch?: RecordBatch; checker?: RecordChecker | undefined } = {};
  let rowsRead = 0;
  let rowsScored = 0;
  let contacted = 0;
  let expectedProfit = 0;

  const flush = async () => {
    if (ids.length === 0 || state.batch === undefined) return;
    const scores = await state.batch.score(ids.length);
    let text = '';
    ids.forEach((id, i) => {
      const p = scores[i] ?? 0;
      const decision = decide(p, threshold, payoffs);
      if (decision.contact) contacted++;
      expectedProfit += decision.expectedValue;
      text += decisionLine(id, p, decision) + '\n';
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
      hashText: false,
      onProgress(share) {
        onProgress?.(share, rowsRead);
      },
      onHeader(fields, separator) {
        const names = fields.map((f) => f.trim());
        const checker = RecordChecker.create(names, spec.idColumn, spec.idKind ?? 'text');
        const created = checker.ok ? engine.batchFor(names, separator === ';') : checker;
        if (!created.ok)
          throw new DataFileError(`${dataPath}: ${describeHeaderProblem(created.problem)}`);
        state.checker = checker.ok ? checker.value : undefined;
        state.batch = created.value;
      },
      onRecord(record) {
        rowsRead++;
        const row = rowsRead;
        const refusal = state.checker?.check(record.fields, row) ?? null;
        if (refusal !== null) {
          issues.push(rowIssue(row, record.line, refusal.column, refusal.problem));
          return;
        }
        const id = state.checker?.idOf(record.fields) ?? '';
        rowWarnings.length = 0;
        const problem = state.batch?.read(record.fields, ids.length, warn) ?? null;
        if (problem !== null) {
          issues.push(rowIssue(row, record.line, problem.column, problem.problem));
          return;
        }
        for (const warning of rowWarnings)
          warnings.push(rowIssue(row, record.line, warning.column, warning));
        ids.push(id);
        return ids.length === state.batch?.size ? flush() : undefined;
      },
      async afterChunk() {
        if (out.writableNeedDrain) await once(out, 'drain');
      },
    }),
  ]);
  await flush();
  out.end();
  await closed;
  return { rowsRead, rowsScored, contacted, expectedProfit, issues, warnings };
}
