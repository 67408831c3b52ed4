/** Builds a customer snapshot file from a CSV: the raw values of the columns a model reads. */
import { manifestOf, type SnapshotManifest } from '../../src/core/snapshotManifest';
import { createHash } from 'node:crypto';
import { describeHeaderProblem } from '../../src/core/fileProblems';
import { RecordChecker } from '../../src/core/recordCheck';
import { gzipSync } from 'node:zlib';
import { numericCellRule, readNumericInput, type ValueWarning } from '../../src/core/cellRules';
import { inputPositions, notANumber } from '../../src/core/rawRecord';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { encodeSnapshot, readSnapshotHeader, type SnapshotCustomer } from '../../src/core/snapshot';
import { parseCustomerId } from '../../src/core/customerId';
import type { RowIssue } from '../../src/core/table';
import { rowIssue, type RowProblem } from '../../src/core/rowProblems';
import { DataFileError, streamCsvFile } from './csvFile';

export interface SnapshotBuild {
  /** gzip-compressed snapshot bytes, as served to the app. */
  readonly bytes: Uint8Array;
  /** What the app reads first, to tell whether it has this portfolio already. */
  readonly manifest: SnapshotManifest;
  readonly customers: number;
  readonly rowsRead: number;
  readonly issues: RowIssue[];
  /** Cells of kept customers that look wrong (blank, non-finite, far outside the training range). */
  readonly warnings: RowIssue[];
  readonly rawBytes: number;
}

/**
 * Reads every customer of dataPath. The ID must be a whole number ≥ 0 (the app looks customers up
 * by it) and unique; a row failing that, or holding text in a numeric column, is skipped with a
 * reason; cells that are kept but look wrong are returned as warnings. A model that reads categorical columns is refused: snapshots hold numbers.
 */
export async function buildSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  chunkSize = 512,
): Promise<SnapshotBuild> {
  const categorical = spec.inputColumns.filter((c) => c.kind === 'categorical');
  if (categorical.length > 0) {
    throw new DataFileError(
      `snapshots hold numeric columns; this model also reads text columns (${categorical
        .map((c) => c.name)
        .slice(0, 3)
        .join(', ')})`,
    );
  }
  const columns = spec.inputColumns.map((c) => c.name);
  const customers: SnapshotCustomer[] = [];
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const rowWarnings: ValueWarning[] = [];
  const warn = (warning: ValueWarning) => {
    rowWarnings.push(warning);
  };
  const rules = columns.map((column) => numericCellRule(spec, column));
  const state = {
    positions: [] as number[],
    checker: null as RecordChecker | null,
    decimalComma: false,
    rows: 0,
  };
  await streamCsvFile(dataPath, {
    hashText: false,
    onHeader(fields, separator) {
      const names = fields.map((f) => f.trim());
      // A snapshot keys customers by number: its IDs are whole numbers ≥ 0 whatever the model's.
      const checker = RecordChecker.create(names, spec.idColumn, 'integer');
      const positions = checker.ok ? inputPositions(spec, names) : checker;
      if (!positions.ok)
        throw new DataFileError(`${dataPath}: ${describeHeaderProblem(positions.problem)}`);
      state.checker = checker.ok ? checker.value : null;
      state.positions = columns.map((c) => positions.value.get(c) ?? -1);
      state.decimalComma = separator === ';';
    },
    onRecord(record) {
      const row = ++state.rows;
      const issue = (column: string | null, problem: RowProblem): void => {
        issues.push(rowIssue(row, record.line, column, problem));
      };
      const refusal = state.checker?.check(record.fields, row) ?? null;
      if (refusal !== null) {
        issue(refusal.column, refusal.problem);
        return;
      }
      const parsed = parseCustomerId(state.checker?.idOf(record.fields) ?? '');
      const id = parsed.ok ? parsed.value : -1;
      const values = new Float64Array(columns.length);
      rowWarnings.length = 0;
      for (let c = 0; c < columns.length; c++) {
        const text = record.fields[state.positions[c] ?? -1] ?? '';
        const rule = rules[c] ?? numericCellRule(spec, columns[c] ?? '');
        const value = readNumericInput(text, state.decimalComma, rule, warn);
        if (value === undefined) {
          const problem = notANumber(rule.column, text);
          issue(problem.column, problem.problem);
          return;
        }
        values[c] = value;
      }
      for (const warning of rowWarnings)
        warnings.push(rowIssue(row, record.line, warning.column, warning));
      customers.push({ id, values });
    },
  });
  const raw = encodeSnapshot(spec.schemaHash, columns, customers, chunkSize);
  const bytes = new Uint8Array(gzipSync(raw, { level: 9 }));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    bytes,
    manifest: manifestOf(readSnapshotHeader(raw).header, bytes.length, sha256),
    customers: customers.length,
    rowsRead: state.rows,
    issues,
    warnings,
    rawBytes: raw.length,
  };
}
