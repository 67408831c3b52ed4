/**
 * Customer records into a snapshot, one record at a time: the rules of the snapshot CLI and of a
 * portfolio CSV the app opens from disk, written once. A record passes core's record check (IDs of
 * the model's kind, whole numbers ≥ 0 or text, and unique) and core's cell rules; a bad record is
 * skipped with its reason, and cells that are kept but look wrong are named as warnings. Text
 * columns are read as the encoder reads them (categoryOfCell) and kept as codes into one
 * dictionary per column; text IDs are kept as labels and keyed by their rank (see snapshot.ts).
 */
import {
  checkTextInput,
  numericCellRule,
  readNumericInput,
  textCellRule,
  type NumericCellRule,
  type PreprocessSpec,
  categoryOfCell,
  inputPositions,
  unreadableCell,
} from '../preprocess';
import {
  type ValueWarning,
  type HeaderProblem,
  type RowIssue,
  parseCustomerId,
  RecordChecker,
  rowIssue,
  valueColumnIndex,
} from '../records';
import { failure, success, type Result } from '../result';
import {
  compareLabels,
  encodeSnapshot,
  snapshotHeaderOf,
  textColumnsOf,
  type SnapshotHeader,
  type SparseCustomer,
  type TextCells,
} from './snapshot';
import { blockRowsOf, encodeBlock } from './block';

/**
 * Where encoded blocks go as soon as they fill, when customers arrive in ascending ID order: the
 * builder then holds one block (a few thousand customers), never the portfolio.
 */
export interface BlockSink {
  /** Customers per chunk, the unit IndexedDB stores; a block holds whole chunks. */
  readonly chunkSize: number;
  /**
   * An encoded block of `customers` customers (see snapshotBlock.ts), IDs firstId…lastId (with
   * text IDs: ranks, and `labels` the first and last ID texts); blocks come in ID order.
   */
  write(
    block: Uint8Array,
    customers: number,
    firstId: number,
    lastId: number,
    labels?: { readonly first: string; readonly last: string },
  ): void;
}

export class SnapshotBuilder {
  /** Customers held: all of them, or (with a sink) those of the block being filled. */
  private customers: SparseCustomer[] = [];
  private kept = 0;
  private chunksWritten = 0;
  private lastId = -1;
  private lastLabel: string | null = null;
  /** Whether IDs are text: customers then carry labels, keyed by rank. */
  private readonly textIds: boolean;
  /** Each text column's texts in order of first sight (codes 1, 2, …); null for numeric columns. */
  private readonly textCells: TextCells;
  private readonly codeOf: (Map<string, number> | null)[];
  /**
   * False once an ID came lower than the one before: a sink then cannot be used (its blocks
   * must be in ID order), and the file must be read again without one.
   */
  ordered = true;
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
    private readonly sink: BlockSink | null,
    /** The column of each customer's value (R$), stored as one more numeric column; or null. */
    private readonly valueColumn: string | null,
  ) {
    this.rules = spec.inputColumns.map((c) => numericCellRule(spec, c.name));
    this.textIds = (spec.idKind ?? 'text') === 'text';
    this.codeOf = spec.inputColumns.map((c) =>
      c.kind === 'categorical' ? new Map<string, number>() : null,
    );
    this.textCells = {
      dictionary: spec.inputColumns.map((c) => (c.kind === 'categorical' ? [] : null)),
    };
    this.cells = {
      column: new Uint16Array(spec.inputColumns.length),
      value: new Float64Array(spec.inputColumns.length),
    };
  }

  /** One row's non-zero cells, reused from row to row. */
  private readonly cells: { readonly column: Uint16Array; readonly value: Float64Array };

  /** Each input column's cell rule, in spec.inputColumns order. */
  private readonly rules: readonly NumericCellRule[];

  /**
   * A builder for a file's header (names are trimmed). Refuses a header without the ID column or
   * without a column the model reads. IDs are read as the model's kind (a spec that does not
   * record it reads them as text). With a sink, blocks are written as they fill (see BlockSink).
   * With `valueColumn`, that column is kept too, read as numbers, as each customer's value (R$),
   * whether or not the model reads it: refused when the header lacks it ('no-value-column') or
   * the model reads it as text ('column-kind').
   */
  static create(
    spec: PreprocessSpec,
    header: readonly string[],
    decimalComma: boolean,
    sink: BlockSink | null = null,
    valueColumn: string | null = null,
  ): Result<SnapshotBuilder, HeaderProblem> {
    const names = header.map((name) => name.trim());
    const checker = RecordChecker.create(names, spec.idColumn, spec.idKind ?? 'text');
    if (!checker.ok) return checker;
    let kept = spec;
    let value: string | null = null;
    if (valueColumn !== null) {
      const found = valueColumnIndex(names, valueColumn);
      if (!found.ok) return found;
      value = names[found.value] ?? valueColumn;
      const read = spec.inputColumns.find((c) => c.name === value);
      if (read?.kind === 'categorical') return failure({ code: 'column-kind', column: value });
      if (read === undefined) {
        kept = { ...spec, inputColumns: [...spec.inputColumns, { name: value, kind: 'numeric' }] };
      }
    }
    const positions = inputPositions(kept, names);
    if (!positions.ok) return positions;
    const at = kept.inputColumns.map((c) => positions.value.get(c.name) ?? -1);
    return success(new SnapshotBuilder(kept, checker.value, at, decimalComma, sink, value));
  }

  /** Customers kept so far. */
  get count(): number {
    return this.kept;
  }

  /** Reads the next data record (line: its line in the file); bad ones are skipped with a reason. */
  add(fields: readonly string[], line: number): void {
    const row = ++this.rowsRead;
    const refusal = this.checker.check(fields, row);
    if (refusal !== null) {
      this.issues.push(
        rowIssue(row, line, this.checker.issueIdOf(fields), refusal.column, refusal.problem),
      );
      return;
    }
    const idText = this.checker.idOf(fields);
    const columns = this.spec.inputColumns;
    const cells = this.cells;
    let count = 0;
    this.rowWarnings.length = 0;
    const fresh: { column: number; text: string }[] = [];
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c]?.name ?? '';
      const text = fields[this.positions[c] ?? -1] ?? '';
      const codes = this.codeOf[c] ?? null;
      if (codes !== null) {
        checkTextInput(text, this.rules[c] ?? textCellRule(this.spec, name), this.warn);
        const category = categoryOfCell(text, this.decimalComma);
        if (category === null) continue;
        let code = codes.get(category);
        if (code === undefined) {
          // Given a code only once the row is kept: a skipped row adds no text.
          code = codes.size + fresh.filter((f) => f.column === c).length + 1;
          fresh.push({ column: c, text: category });
        }
        cells.column[count] = c;
        cells.value[count++] = code;
        continue;
      }
      const rule = this.rules[c] ?? numericCellRule(this.spec, name);
      const value = readNumericInput(text, this.decimalComma, rule, this.warn);
      if (value === undefined) {
        const problem = unreadableCell(rule, text);
        this.issues.push(rowIssue(row, line, idText, problem.column, problem.problem));
        return;
      }
      if (value !== 0) {
        cells.column[count] = c;
        cells.value[count++] = value;
      }
    }
    for (const { column, text } of fresh) {
      const codes = this.codeOf[column];
      if (codes === undefined || codes === null || codes.has(text)) continue;
      codes.set(text, codes.size + 1);
      (this.textCells.dictionary[column] as string[] | null)?.push(text);
    }
    for (const warning of this.rowWarnings)
      this.warnings.push(rowIssue(row, line, idText, warning.column, warning));
    let id: number;
    if (this.textIds) {
      if (this.lastLabel !== null && compareLabels(idText, this.lastLabel) < 0)
        this.ordered = false;
      this.lastLabel = idText;
      // The rank, when the IDs come in order; writeSorted ranks them again otherwise.
      id = this.kept;
    } else {
      const parsed = parseCustomerId(idText);
      id = parsed.ok ? parsed.value : -1;
      if (id < this.lastId) this.ordered = false;
      this.lastId = id;
    }
    this.kept++;
    this.customers.push({
      id,
      cellColumn: cells.column.slice(0, count),
      cellValue: cells.value.slice(0, count),
      ...(this.textIds ? { label: idText } : {}),
    });
    if (
      this.sink !== null &&
      this.ordered &&
      this.customers.length >= blockRowsOf(this.sink.chunkSize)
    ) {
      this.flush();
    }
  }

  private flush(): void {
    if (this.sink !== null) this.writeBlock(this.sink, this.customers);
    this.customers = [];
  }

  private writeBlock(sink: BlockSink, members: readonly SparseCustomer[]): void {
    if (members.length === 0) return;
    sink.write(
      encodeBlock(members, this.spec.inputColumns.length, this.textCells.dictionary, this.textIds),
      members.length,
      members[0]?.id ?? 0,
      members[members.length - 1]?.id ?? 0,
      ...(this.textIds
        ? [{ first: members[0]?.label ?? '', last: members[members.length - 1]?.label ?? '' }]
        : []),
    );
    this.chunksWritten += Math.ceil(members.length / sink.chunkSize);
  }

  private headerOf(chunkSize: number, createdAt: string): SnapshotHeader {
    const columns = this.spec.inputColumns.map((c) => c.name);
    return snapshotHeaderOf({
      schemaHash: this.spec.schemaHash,
      columns,
      count: this.kept,
      chunkSize,
      chunks: this.chunksWritten,
      createdAt,
      ...(this.textIds ? { idKind: 'text' as const } : {}),
      textColumns: textColumnsOf(columns, this.textCells),
      ...(this.valueColumn !== null ? { valueColumn: this.valueColumn } : {}),
    });
  }

  /**
   * With a sink and customers in ID order: writes the last block and gives the header of the
   * whole snapshot. Null without a sink or when IDs came out of order (then read the file again
   * without a sink and call writeSorted).
   */
  finish(createdAt = new Date().toISOString()): SnapshotHeader | null {
    if (this.sink === null || !this.ordered) return null;
    this.flush();
    return this.headerOf(this.sink.chunkSize, createdAt);
  }

  /**
   * Without a sink: sorts the customers held by ID, writes them to `sink` a block at a time and
   * gives the header of the whole snapshot. With a sink of its own, writes nothing more.
   */
  writeSorted(sink: BlockSink, createdAt = new Date().toISOString()): SnapshotHeader {
    if (this.sink === null) {
      const sorted = this.textIds
        ? [...this.customers]
            .sort((a, b) => compareLabels(a.label ?? '', b.label ?? ''))
            .map((customer, rank) => ({ ...customer, id: rank }))
        : [...this.customers].sort((a, b) => a.id - b.id);
      const blockRows = blockRowsOf(sink.chunkSize);
      for (let start = 0; start < sorted.length; start += blockRows) {
        this.writeBlock(sink, sorted.slice(start, start + blockRows));
      }
    }
    return this.headerOf(sink.chunkSize, createdAt);
  }

  /**
   * The snapshot of every customer kept, uncompressed (see snapshot.ts), in ID order. Only without
   * a sink (with one, the customers are in its blocks: an empty snapshot is returned).
   */
  build(chunkSize = 512, createdAt = new Date().toISOString()): Uint8Array {
    const columns = this.spec.inputColumns.map((c) => c.name);
    const held = this.sink === null ? this.customers : [];
    return encodeSnapshot(
      this.spec.schemaHash,
      columns,
      held,
      chunkSize,
      createdAt,
      this.textCells,
      this.valueColumn,
    );
  }
}
