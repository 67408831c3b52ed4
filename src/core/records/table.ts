import { rowIssue, type RowProblem } from './rowProblems';
import { isMissingCell, parseNumberCell } from './cells';
import {
  dateFormatOf,
  dateTextOf,
  isNoSuchDay,
  parseDateCell,
  type DateFormat,
  type DateRule,
} from './dateCells';
import { closestColumnNames, columnIndex, columnKey } from './columnNames';
import type { HeaderProblem } from './fileProblems';
import { failure, success, type Result } from '../result';

/** A problem with one row of user data: where it is, and why it was skipped or what looks wrong. */
export interface RowIssue {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  /** 1-based line in the file. */
  readonly line: number;
  /**
   * The row's ID cell as written (trimmed), so that the analyst can find the customer; '' when
   * the row has none, or when its fields do not line up with the header.
   */
  readonly id: string;
  /** The column at fault, or null when the row as a whole is at fault. */
  readonly column: string | null;
  /** In English, for logs and the CLIs; interfaces that word it themselves use `problem`. */
  readonly reason: string;
  /** The problem as a code with parameters (see rowProblems.ts). */
  readonly problem: RowProblem;
}

export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** One value per kept row; NaN marks a missing cell. */
  readonly values: Float64Array;
  /** A date column: its format and reference; each value is the days from the date to it. */
  readonly date?: DateRule;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  /** One value per kept row; null marks a missing cell. Text is trimmed. */
  readonly values: (string | null)[];
}

export type FeatureColumn = NumericColumn | CategoricalColumn;

/** A table read column by column: the ID, the raw target text and the feature columns. */
export interface ColumnarTable {
  readonly ids: string[];
  /** Raw target text per kept row, or null when the table has no target column. */
  readonly targets: string[] | null;
  readonly columns: FeatureColumn[];
  /** Rows that were read but not kept, with reasons. */
  readonly issues: RowIssue[];
  /** Data rows read, kept or not. */
  readonly rowsRead: number;
  /** Names excluded on request, and header names that did not exist in the file. */
  readonly excluded: string[];
}

export interface TableOptions {
  readonly idColumn: string;
  /** The target column, or undefined for unlabelled data. */
  readonly targetColumn?: string | undefined;
  /** Columns to leave out, for example ones that leak the target. */
  readonly exclude?: readonly string[];
  readonly decimalComma?: boolean;
  /**
   * A column whose non-numeric share of non-blank cells exceeds this is categorical; below it the
   * odd non-numeric cell is a row issue. A text column whose cells are all dates in one format
   * (dateCells.ts) but this share of them is a date column; its odd other cell is a row issue.
   * Default 0.02.
   */
  readonly categoricalShare?: number;
}

export type { HeaderProblem } from './fileProblems';

interface ColumnBuffer {
  name: string;
  index: number;
  numbers: Float64Array;
  /** Non-numeric text seen so far, by kept-row position. */
  texts: Map<number, string>;
  nonBlank: number;
}

/**
 * Builds a ColumnarTable from CSV records, one record at a time, so that the file can stream.
 * Column kinds are decided at the end from what the column held.
 */
export class ColumnarTableBuilder {
  private readonly idIndex: number;
  private readonly targetIndex: number;
  private readonly buffers: ColumnBuffer[];
  private readonly ids: string[] = [];
  private readonly targets: string[] = [];
  private readonly lines: number[] = [];
  private readonly issues: RowIssue[] = [];
  private readonly excluded: string[];
  private rowsRead = 0;
  private capacity = 1024;

  private constructor(
    private readonly header: string[],
    private readonly options: TableOptions,
    idIndex: number,
    targetIndex: number,
  ) {
    this.idIndex = idIndex;
    this.targetIndex = targetIndex;
    const excluded = new Set(options.exclude ?? []);
    this.excluded = header.filter((name) => excluded.has(name));
    for (const name of excluded) if (!header.includes(name)) this.excluded.push(name);
    this.buffers = [];
    header.forEach((name, index) => {
      if (index === idIndex || index === targetIndex || excluded.has(name)) return;
      this.buffers.push({
        name,
        index,
        numbers: new Float64Array(this.capacity),
        texts: new Map(),
        nonBlank: 0,
      });
    });
  }

  /** Checks the header and returns a builder, or why the header cannot be used. */
  static create(
    header: string[],
    options: TableOptions,
  ): Result<ColumnarTableBuilder, HeaderProblem> {
    const names = header.map((name) => name.trim());
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) return failure({ code: 'repeated-column', column: name });
      seen.add(name);
    }
    const idIndex = columnIndex(names, options.idColumn);
    if (idIndex < 0) {
      return failure({
        code: 'no-id-column',
        column: options.idColumn,
        closest: closestColumnNames(options.idColumn, names),
      });
    }
    let targetIndex = -1;
    if (options.targetColumn !== undefined) {
      targetIndex = columnIndex(names, options.targetColumn);
      if (targetIndex < 0) {
        return failure({
          code: 'no-target-column',
          column: options.targetColumn,
          closest: closestColumnNames(options.targetColumn, names),
        });
      }
    }
    const exclude = (options.exclude ?? []).map(columnKey);
    return success(new ColumnarTableBuilder(names, { ...options, exclude }, idIndex, targetIndex));
  }

  /** Adds one record; a bad record is recorded as an issue and not kept. */
  add(fields: string[], line: number): void {
    this.rowsRead++;
    const row = this.rowsRead;
    if (fields.length !== this.header.length) {
      this.issues.push(
        rowIssue(row, line, '', null, {
          code: 'field-count',
          found: fields.length,
          expected: this.header.length,
        }),
      );
      return;
    }
    const id = (fields[this.idIndex] ?? '').trim();
    if (id === '') {
      this.issues.push(
        rowIssue(row, line, '', this.header[this.idIndex] ?? null, { code: 'no-id' }),
      );
      return;
    }
    let target = '';
    if (this.targetIndex >= 0) {
      target = (fields[this.targetIndex] ?? '').trim();
      if (isMissingCell(target)) {
        const column = this.header[this.targetIndex] ?? '';
        this.issues.push(rowIssue(row, line, id, column, { code: 'blank-target', column }));
        return;
      }
    }
    const position = this.ids.length;
    if (position >= this.capacity) this.grow();
    const decimalComma = this.options.decimalComma ?? false;
    for (const buffer of this.buffers) {
      const text = fields[buffer.index] ?? '';
      const value = parseNumberCell(text, decimalComma);
      if (value === null) {
        buffer.numbers[position] = Number.NaN;
      } else if (value === undefined) {
        buffer.numbers[position] = Number.NaN;
        buffer.texts.set(position, text.trim());
        buffer.nonBlank++;
      } else {
        buffer.numbers[position] = value;
        buffer.nonBlank++;
      }
    }
    this.ids.push(id);
    this.lines.push(line);
    if (this.targetIndex >= 0) this.targets.push(target);
  }

  /**
   * Decides column kinds and returns the table; rows with stray text in numeric columns, or a cell
   * that is no date in a date column, drop. Date columns count days back from the latest date of
   * all of them (the file's reference date).
   */
  build(): ColumnarTable {
    const count = this.ids.length;
    const share = this.options.categoricalShare ?? 0.02;
    const badRows = new Map<number, RowProblem>();
    const flag = (position: number, problem: RowProblem) => {
      if (!badRows.has(position)) badRows.set(position, problem);
    };
    const kinds = this.buffers.map((buffer): 'numeric' | 'categorical' | DateFormat => {
      const categorical = buffer.texts.size > 0 && buffer.texts.size > share * buffer.nonBlank;
      if (!categorical) {
        for (const [position, text] of buffer.texts) {
          flag(position, { code: 'not-a-number', column: buffer.name, text });
        }
        return 'numeric';
      }
      if (buffer.texts.size < (1 - share) * buffer.nonBlank) return 'categorical';
      return dateFormatOf(buffer.texts.values(), share) ?? 'categorical';
    });
    const days = this.dateDays(kinds, flag);
    let reference = -Infinity;
    for (const dayNumbers of days.values()) {
      for (const day of dayNumbers) if (day > reference) reference = day;
    }
    const keep: number[] = [];
    for (let position = 0; position < count; position++) {
      const bad = badRows.get(position);
      if (bad === undefined) {
        keep.push(position);
        continue;
      }
      // Row 0 for now: the data row number follows from the line once every issue is known.
      const line = this.lines[position] ?? 0;
      const column = 'column' in bad ? bad.column : null;
      this.issues.push(rowIssue(0, line, this.ids[position] ?? '', column, bad));
    }
    // Row numbers of these late issues follow from their lines: data row = position among reads.
    const issues = this.issues
      .map((issue) => (issue.row === 0 ? { ...issue, row: this.rowOfLine(issue.line) } : issue))
      .sort((a, b) => a.row - b.row);
    const columns: FeatureColumn[] = this.buffers.map((buffer, index) => {
      const kind = kinds[index] ?? 'numeric';
      const dayNumbers = days.get(index);
      if (kind !== 'numeric' && kind !== 'categorical' && dayNumbers !== undefined) {
        const values = Float64Array.from(keep, (p) => reference - (dayNumbers[p] ?? Number.NaN));
        const date = { format: kind, reference: dateTextOf(reference) };
        return { name: buffer.name, kind: 'numeric', values, date };
      }
      if (kind === 'categorical') {
        const values = keep.map((position) => {
          const text = buffer.texts.get(position);
          if (text !== undefined) return text;
          const number = buffer.numbers[position] ?? Number.NaN;
          return Number.isNaN(number) ? null : String(number);
        });
        return { name: buffer.name, kind: 'categorical', values };
      }
      const values = new Float64Array(keep.length);
      keep.forEach((position, i) => {
        values[i] = buffer.numbers[position] ?? Number.NaN;
      });
      return { name: buffer.name, kind: 'numeric', values };
    });
    return {
      ids: keep.map((position) => this.ids[position] ?? ''),
      targets: this.targetIndex >= 0 ? keep.map((position) => this.targets[position] ?? '') : null,
      columns,
      issues,
      rowsRead: this.rowsRead,
      excluded: this.excluded,
    };
  }

  /**
   * The day numbers of each date column's cells, by buffer index (NaN where missing); a cell that
   * is not a date in its column's format, numbers included, is flagged.
   */
  private dateDays(
    kinds: readonly ('numeric' | 'categorical' | DateFormat)[],
    flag: (position: number, problem: RowProblem) => void,
  ): Map<number, Float64Array> {
    const days = new Map<number, Float64Array>();
    this.buffers.forEach((buffer, index) => {
      const format = kinds[index];
      if (format === undefined || format === 'numeric' || format === 'categorical') return;
      const values = new Float64Array(this.ids.length).fill(Number.NaN);
      for (let position = 0; position < this.ids.length; position++) {
        const number = buffer.numbers[position] ?? Number.NaN;
        const text = buffer.texts.get(position) ?? (Number.isNaN(number) ? '' : String(number));
        const day = parseDateCell(text, format);
        if (day === undefined)
          flag(position, {
            code: 'not-a-date',
            column: buffer.name,
            text,
            format,
            noSuchDay: isNoSuchDay(text, format),
          });
        else if (day !== null) values[position] = day;
      }
      days.set(index, values);
    });
    return days;
  }

  private rowOfLine(line: number): number {
    // Kept rows were read in order; a binary search over their lines finds the data row number
    // only approximately when issue rows sit between them, so count issues before the line.
    let before = 0;
    for (const issue of this.issues) if (issue.row !== 0 && issue.line < line) before++;
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.lines[mid] ?? 0) < line) lo = mid + 1;
      else hi = mid;
    }
    return lo + before + 1;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const buffer of this.buffers) {
      const next = new Float64Array(this.capacity);
      next.set(buffer.numbers);
      buffer.numbers = next;
    }
  }
}
