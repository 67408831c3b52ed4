/**
 * Customer records into a snapshot, one record at a time: the rules of the snapshot CLI and of a
 * portfolio CSV the app opens from disk, written once. A record passes core's record check (IDs
 * are whole numbers ≥ 0, since a snapshot keys customers by number, and unique) and core's cell
 * rules; a bad record is skipped with its reason, and cells that are kept but look wrong are
 * named as warnings.
 */
import {
  numericCellRule,
  readNumericInput,
  type NumericCellRule,
  type ValueWarning,
} from './cellRules';
import { parseCustomerId } from './customerId';
import type { HeaderProblem } from './fileProblems';
import type { PreprocessSpec } from './preprocessSpec';
import { inputPositions, notANumber } from './rawRecord';
import { RecordChecker } from './recordCheck';
import { failure, success, type Result } from './result';
import { rowIssue } from './rowProblems';
import { encodeSnapshot, type SnapshotCustomer } from './snapshot';
import type { RowIssue } from './table';

export class SnapshotBuilder {
  private readonly customers: SnapshotCustomer[] = [];
  private readonly rowWarnings: ValueWarning[] = [];
  private readonly warn = (warning: ValueWarning) => {
    this.rowWarnings.push(warning);
  };
  /** Rows skipped, with reasons. */
  readonly issues: RowIssue[] = [];
  /** Cells of kept customers that look wrong. */
  readonly warnings: RowIssue[] = [];
  /** Data rows read, kept or not. */
  rowsRead = 0;

  private constructor(
    private readonly spec: PreprocessSpec,
    private readonly checker: RecordChecker,
    private readonly positions: readonly number[],
    private readonly decimalComma: boolean,
  ) {
    this.rules = spec.inputColumns.map((c) => numericCellRule(spec, c.name));
  }

  /** Each input column's cell rule, in spec.inputColumns order. */
  private readonly rules: readonly NumericCellRule[];

  /**
   * A builder for a file's header (names are trimmed). Refuses a model that reads text columns
   * (snapshots hold numbers: 'text-columns'), a header without the ID column or without a column
   * the model reads.
   */
  static create(
    spec: PreprocessSpec,
    header: readonly string[],
    decimalComma: boolean,
  ): Result<SnapshotBuilder, HeaderProblem> {
    const text = spec.inputColumns.filter((c) => c.kind === 'categorical').map((c) => c.name);
    if (text.length > 0) return failure({ code: 'text-columns', columns: text.slice(0, 3) });
    const names = header.map((name) => name.trim());
    const checker = RecordChecker.create(names, spec.idColumn, 'integer');
    if (!checker.ok) return checker;
    const positions = inputPositions(spec, names);
    if (!positions.ok) return positions;
    const at = spec.inputColumns.map((c) => positions.value.get(c.name) ?? -1);
    return success(new SnapshotBuilder(spec, checker.value, at, decimalComma));
  }

  /** Customers kept so far. */
  get count(): number {
    return this.customers.length;
  }

  /** Reads the next data record (line: its line in the file); bad ones are skipped with a reason. */
  add(fields: readonly string[], line: number): void {
    const row = ++this.rowsRead;
    const refusal = this.checker.check(fields, row);
    if (refusal !== null) {
      this.issues.push(rowIssue(row, line, refusal.column, refusal.problem));
      return;
    }
    const parsed = parseCustomerId(this.checker.idOf(fields));
    const columns = this.spec.inputColumns;
    const values = new Float64Array(columns.length);
    this.rowWarnings.length = 0;
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c]?.name ?? '';
      const text = fields[this.positions[c] ?? -1] ?? '';
      const rule = this.rules[c] ?? numericCellRule(this.spec, name);
      const value = readNumericInput(text, this.decimalComma, rule, this.warn);
      if (value === undefined) {
        const problem = notANumber(name, text);
        this.issues.push(rowIssue(row, line, problem.column, problem.problem));
        return;
      }
      values[c] = value;
    }
    for (const warning of this.rowWarnings)
      this.warnings.push(rowIssue(row, line, warning.column, warning));
    this.customers.push({ id: parsed.ok ? parsed.value : -1, values });
  }

  /** The snapshot of every customer kept, uncompressed (see snapshot.ts), in ID order. */
  build(chunkSize = 512, createdAt = new Date().toISOString()): Uint8Array {
    const columns = this.spec.inputColumns.map((c) => c.name);
    return encodeSnapshot(this.spec.schemaHash, columns, this.customers, chunkSize, createdAt);
  }
}
