/**
 * Reading a customer record's raw cells for the columns a model reads, without encoding them:
 * numbers as float64 (NaN = missing), text as categories. Engines that take raw columns (the ONNX
 * pipeline) use it; core's encoder reads cells with the same two rules, so every engine accepts
 * and refuses the same records.
 */
import {
  describeRowProblem,
  isNoSuchDay,
  type RowProblem,
  parseNumberCell,
  missingColumns,
  type OnValueWarning,
  type HeaderProblem,
} from '../records';
import {
  checkTextInput,
  numericCellRule,
  readNumericInput,
  textCellRule,
  type NumericCellRule,
} from './cellRules';
import type { PreprocessSpec } from './spec';
import { failure, success, type Result } from '../result';

/**
 * The category a cell stands for: null when missing (blank or a missing token), numbers in
 * canonical form ("1.0" → "1", so that a file's spelling does not change the category), other
 * text trimmed. Never fails.
 */
export function categoryOfCell(text: string, decimalComma: boolean): string | null {
  const value = parseNumberCell(text, decimalComma);
  if (value === null) return null;
  return value === undefined ? text.trim() : String(value);
}

/** A cell that a numeric column cannot read: its column, English reason and code. */
export interface CellProblem {
  readonly column: string;
  readonly reason: string;
  readonly problem: RowProblem;
}

/**
 * The problem of a numeric input cell its rule cannot read: text that is not a number, or, in a
 * date column, not a date in the column's format.
 */
export function unreadableCell(rule: NumericCellRule, text: string): CellProblem {
  const column = rule.column;
  const problem: RowProblem =
    rule.date === undefined
      ? { code: 'not-a-number', column, text }
      : {
          code: 'not-a-date',
          column,
          text,
          format: rule.date.format,
          noSuchDay: isNoSuchDay(text, rule.date.format),
        };
  return { column, reason: describeRowProblem(problem), problem };
}

/** A batch of raw columns: numbers[k] and texts[k] hold the spec's k-th numeric / text input. */
export interface RawColumns {
  readonly numbers: Float64Array[];
  readonly texts: (string | null)[][];
}

/**
 * Reads one record into slot `slot` of every column; returns null, or the first bad cell. Cells
 * that are read but look wrong go to `warn` (see cellRules.ts).
 */
export type ReadRawRecord = (
  fields: readonly string[],
  columns: RawColumns,
  slot: number,
  warn?: OnValueWarning,
) => CellProblem | null;

/**
 * Prepares a reader for a file's header: the spec's input columns by name, in any order, extra
 * columns ignored. Refuses with a HeaderProblem when a column the spec reads is absent. The numeric
 * inputs come in spec.inputColumns order, then the text inputs likewise (see rawInputNames).
 */
export function createRawRecordReader(
  spec: PreprocessSpec,
  header: readonly string[],
  decimalComma = false,
): Result<ReadRawRecord, HeaderProblem> {
  const found = inputPositions(spec, header);
  if (!found.ok) return found;
  const positions = found.value;
  const { numeric, text } = rawInputNames(spec);
  const numericAt = numeric.map((name) => positions.get(name) ?? -1);
  const textAt = text.map((name) => positions.get(name) ?? -1);
  const rules = numeric.map((name) => numericCellRule(spec, name));
  const textRules = text.map((name) => textCellRule(spec, name));
  return success((fields, columns, slot, warn) => {
    for (let k = 0; k < numericAt.length; k++) {
      const cell = fields[numericAt[k] ?? -1] ?? '';
      const rule = rules[k];
      if (rule === undefined) continue;
      const value = readNumericInput(cell, decimalComma, rule, warn);
      if (value === undefined) return unreadableCell(rule, cell);
      const target = columns.numbers[k];
      if (target !== undefined) target[slot] = value;
    }
    for (let k = 0; k < textAt.length; k++) {
      const target = columns.texts[k];
      const cell = fields[textAt[k] ?? -1] ?? '';
      checkTextInput(cell, textRules[k] ?? textCellRule(spec, text[k] ?? ''), warn);
      if (target !== undefined) target[slot] = categoryOfCell(cell, decimalComma);
    }
    return null;
  });
}

/** The spec's raw input columns split by kind, each in spec.inputColumns order. */
export function rawInputNames(spec: PreprocessSpec): { numeric: string[]; text: string[] } {
  return {
    numeric: spec.inputColumns.filter((c) => c.kind === 'numeric').map((c) => c.name),
    text: spec.inputColumns.filter((c) => c.kind === 'categorical').map((c) => c.name),
  };
}

/** Empty columns for a batch of `size` records. */
export function allocateRawColumns(spec: PreprocessSpec, size: number): RawColumns {
  const { numeric, text } = rawInputNames(spec);
  return {
    numbers: numeric.map(() => new Float64Array(size)),
    texts: text.map(() => new Array<string | null>(size).fill(null)),
  };
}

/**
 * Where each column a spec reads sits in a file's header (names are trimmed; extra columns are
 * fine), or the header problem naming the columns it lacks.
 */
export function inputPositions(
  spec: PreprocessSpec,
  header: readonly string[],
): Result<Map<string, number>, HeaderProblem> {
  const positions = new Map(header.map((name, index) => [name.trim(), index]));
  const missing = spec.inputColumns.filter((input) => !positions.has(input.name));
  if (missing.length > 0) return failure(missingColumns(missing.map((m) => m.name)));
  return success(positions);
}
