/**
 * Applying a preprocessing spec: the one encoder behind the training matrix, CSV records, raw
 * values and sparse snapshot rows, in Node and in the browser.
 */
import {
  parseNumberCell,
  type OnValueWarning,
  type HeaderProblem,
  type ColumnarTable,
  type ColumnTexts,
  missingColumns,
  referenceDayOf,
  textOfCode,
} from '../records';
import { checkTextInput, numericCellRule, readNumericInput, textCellRule } from './cellRules';
import { writePleShares } from './pleBins';
import {
  outputNamesOf,
  type CategoricalFeature,
  type NumericFeature,
  type PreprocessSpec,
  type ZeroCountFeature,
} from './spec';
import { categoryOfCell, inputPositions, unreadableCell, type CellProblem } from './rawRecord';
import { signedLog1p } from '../stats';
import { failure, success, type Result } from '../result';

/**
 * Writes one numeric feature's outputs for a raw value (NaN = missing) at out[offset…]; returns
 * the next offset. This one function serves both the training matrix and row scoring.
 */
export function encodeNumericFeature(
  feature: NumericFeature,
  raw: number,
  out: Float32Array,
  offset: number,
): number {
  const isMissing = isMissingValue(feature, raw);
  const t = transformedValue(feature, raw, isMissing);
  let o = offset;
  out[o++] = clippedScore(feature, t);
  if (feature.missingIndicator) out[o++] = isMissing ? 1 : 0;
  if (feature.modeFlag !== null) out[o++] = !isMissing && raw === feature.modeFlag ? 1 : 0;
  return feature.pleEdges === null ? o : writePleShares(feature.pleEdges, t, out, o);
}

/**
 * A numeric feature's first output for a raw value (NaN = missing): the clipped standard score of
 * its transformed value, in standard deviations, as encodeNumericFeature writes it (before the
 * float32 store). A missing value or a sentinel scores as the fill does.
 */
export function numericScore(feature: NumericFeature, raw: number): number {
  return clippedScore(feature, transformedValue(feature, raw, isMissingValue(feature, raw)));
}

/**
 * numericScore of a value already transformed (signed log1p where the feature takes it), in
 * standard deviations, clipped; the same number numericScore gives its raw value. NaN gives NaN.
 */
export function scoreOfTransformed(feature: NumericFeature, t: number): number {
  return clippedScore(feature, t);
}

function isMissingValue(feature: NumericFeature, raw: number): boolean {
  return Number.isNaN(raw) || feature.sentinels.includes(raw);
}

function transformedValue(feature: NumericFeature, raw: number, isMissing: boolean): number {
  const value = isMissing ? feature.fill : raw;
  return feature.transform === 'signed-log1p' ? signedLog1p(value) : value;
}

function clippedScore(feature: NumericFeature, t: number): number {
  const z = (t - feature.mean) / feature.std;
  return z > feature.clip ? feature.clip : z < -feature.clip ? -feature.clip : z;
}

/**
 * Writes one categorical feature's one-hot outputs for a raw category (null = missing; a category
 * not kept goes to "other") at out[offset…]; returns the next offset.
 */
export function encodeCategoricalFeature(
  feature: CategoricalFeature,
  raw: string | null,
  out: Float32Array,
  offset: number,
): number {
  const width = feature.categories.length + 2;
  out.fill(0, offset, offset + width);
  if (raw === null) out[offset + width - 1] = 1;
  else {
    const index = feature.categories.indexOf(raw);
    out[offset + (index >= 0 ? index : width - 2)] = 1;
  }
  return offset + width;
}

function encodeZeroCount(feature: ZeroCountFeature, zeros: number, out: Float32Array, o: number) {
  out[o] = zeroCountScore(feature, zeros);
  return o + 1;
}

/**
 * The zero count's output for a row with `zeros` zero cells among the counted columns, in standard
 * deviations (not clipped), before the float32 store. Any count is accepted.
 */
export function zeroCountScore(feature: ZeroCountFeature, zeros: number): number {
  return (zeros - feature.mean) / feature.std;
}

/**
 * Encodes rows of a table into a row-major float32 matrix (rows × outputNames.length). Columns the
 * spec reads must be in the table with the same kind, a date column as a date column of the same
 * format; refuses with a HeaderProblem otherwise. A date column's days are moved from the table's
 * reference date to the spec's, so a table read from another file is scored as the spec reads
 * dates. An empty row list gives an empty matrix.
 */
export function encodeTable(
  spec: PreprocessSpec,
  table: ColumnarTable,
  rows: ArrayLike<number>,
): Result<Float32Array, HeaderProblem> {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  const absent = spec.inputColumns.filter((input) => !byName.has(input.name));
  if (absent.length > 0) return failure(missingColumns(absent.map((input) => input.name)));
  // Days to add to a date column's values: the spec's reference day minus the table's.
  const dayShift = new Map<string, number>();
  for (const input of spec.inputColumns) {
    const column = byName.get(input.name);
    if (column?.kind !== input.kind && input.kind === 'numeric') {
      return failure({ code: 'column-kind', column: input.name });
    }
    const tableDate = column?.kind === 'numeric' ? column.date : undefined;
    if (input.date === undefined && tableDate === undefined) continue;
    const shift =
      input.date === undefined || tableDate === undefined || input.date.format !== tableDate.format
        ? undefined
        : (referenceDayOf(input.date) ?? Number.NaN) - (referenceDayOf(tableDate) ?? Number.NaN);
    if (shift === undefined || Number.isNaN(shift)) {
      return failure({ code: 'column-kind', column: input.name });
    }
    dayShift.set(input.name, shift);
  }
  const width = spec.outputNames.length;
  const out = new Float32Array(rows.length * width);
  const zeroCounts = new Float64Array(rows.length);
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  if (zeroFeature !== undefined) {
    for (const name of zeroFeature.columns) {
      const column = byName.get(name);
      if (column?.kind !== 'numeric') continue;
      for (let r = 0; r < rows.length; r++)
        if (column.values[rows[r] ?? 0] === 0) zeroCounts[r] = (zeroCounts[r] ?? 0) + 1;
    }
  }
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? 0;
    let o = r * width;
    for (const feature of spec.features) {
      if (feature.kind === 'numeric') {
        const column = byName.get(feature.column);
        const raw = column?.kind === 'numeric' ? (column.values[row] ?? Number.NaN) : Number.NaN;
        o = encodeNumericFeature(feature, raw + (dayShift.get(feature.column) ?? 0), out, o);
      } else if (feature.kind === 'categorical') {
        const column = byName.get(feature.column);
        let raw: string | null = null;
        if (column?.kind === 'categorical') raw = column.values[row] ?? null;
        else if (column?.kind === 'numeric') {
          const number = column.values[row] ?? Number.NaN;
          raw = Number.isNaN(number) ? null : String(number);
        }
        o = encodeCategoricalFeature(feature, raw, out, o);
      } else {
        o = encodeZeroCount(feature, zeroCounts[r] ?? 0, out, o);
      }
    }
  }
  return success(out);
}

/**
 * Encodes one CSV record; returns null on success or the first bad cell's column and reason.
 * Cells that are read but look wrong (blank, non-finite, far out of range) go to `warn`.
 */
export type EncodeRecord = (
  fields: readonly string[],
  out: Float32Array,
  offset: number,
  warn?: OnValueWarning,
) => CellProblem | null;

/**
 * Prepares a record encoder for a file's header: maps the spec's columns to positions, so that a
 * file may order its columns freely and carry extra ones. Refuses with a HeaderProblem when a column
 * the spec needs is absent. Cells are read by core's cell rules (cellRules.ts), as every engine
 * reads them.
 */
export function createRecordEncoder(
  spec: PreprocessSpec,
  header: readonly string[],
  decimalComma = false,
): Result<EncodeRecord, HeaderProblem> {
  const found = inputPositions(spec, header);
  if (!found.ok) return found;
  const positions = found.value;
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const zeroPositions = (zeroFeature?.columns ?? []).map((name) => positions.get(name) ?? -1);
  const steps = spec.features.map((feature) =>
    feature.kind === 'zero-count' ? -1 : (positions.get(feature.column) ?? -1),
  );
  const rules = spec.features.map((feature) =>
    numericCellRule(spec, feature.kind === 'zero-count' ? '' : feature.column),
  );
  return success((fields, out, offset, warn) => {
    let o = offset;
    for (let f = 0; f < spec.features.length; f++) {
      const feature = spec.features[f];
      if (feature === undefined) continue;
      const text = fields[steps[f] ?? -1] ?? '';
      if (feature.kind === 'numeric') {
        const rule = rules[f] ?? numericCellRule(spec, feature.column);
        const value = readNumericInput(text, decimalComma, rule, warn);
        if (value === undefined) return unreadableCell(rule, text);
        o = encodeNumericFeature(feature, value, out, o);
      } else if (feature.kind === 'categorical') {
        checkTextInput(text, rules[f] ?? textCellRule(spec, feature.column), warn);
        o = encodeCategoricalFeature(feature, categoryOfCell(text, decimalComma), out, o);
      } else {
        let zeros = 0;
        for (const position of zeroPositions) {
          if (parseNumberCell(fields[position] ?? '', decimalComma) === 0) zeros++;
        }
        o = encodeZeroCount(feature, zeros, out, o);
      }
    }
    return null;
  });
}

/**
 * Encodes one customer given as raw numbers (NaN = missing), in the order of `columns`. A
 * categorical column's value is a code into `texts` (see textCodes.ts): 0, NaN or no texts is a
 * missing category.
 */
export type EncodeValues = (
  values: ArrayLike<number>,
  out: Float32Array,
  offset: number,
  texts?: ColumnTexts,
) => void;

/**
 * Prepares an encoder for customers stored as raw numbers, such as snapshot rows. It gives the same
 * outputs as encodeTable for the same values and texts. Refuses with a HeaderProblem when a column the spec needs
 * is not among `columns`.
 */
export function createValueEncoder(
  spec: PreprocessSpec,
  columns: readonly string[],
): Result<EncodeValues, HeaderProblem> {
  const positions = new Map(columns.map((name, index) => [name, index]));
  const missing = spec.inputColumns.filter((input) => !positions.has(input.name));
  if (missing.length > 0) return failure(missingColumns(missing.map((m) => m.name)));
  const steps = spec.features.map((feature) =>
    feature.kind === 'zero-count' ? -1 : (positions.get(feature.column) ?? -1),
  );
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const zeroPositions = (zeroFeature?.columns ?? []).map((name) => positions.get(name) ?? -1);
  return success((values, out, offset, texts) => {
    let o = offset;
    for (let f = 0; f < spec.features.length; f++) {
      const feature = spec.features[f];
      if (feature === undefined) continue;
      const step = steps[f] ?? -1;
      const value = values[step] ?? Number.NaN;
      if (feature.kind === 'numeric') o = encodeNumericFeature(feature, value, out, o);
      else if (feature.kind === 'categorical') {
        o = encodeCategoricalFeature(feature, textOfCode(texts, step, value), out, o);
      } else {
        let zeros = 0;
        for (const position of zeroPositions) if (values[position] === 0) zeros++;
        o = encodeZeroCount(feature, zeros, out, o);
      }
    }
  });
}

/**
 * Encodes one customer given as its non-zero cells: columns[k] holds values[k]; others are 0 (a
 * categorical column's codes index `texts`, as in EncodeValues).
 */
export type EncodeSparse = (
  cellColumns: ArrayLike<number>,
  cellValues: ArrayLike<number>,
  start: number,
  end: number,
  out: Float32Array,
  offset: number,
  texts?: ColumnTexts,
) => void;

/**
 * The fast path for sparse customers (snapshot rows): every output starts from the encoding of an
 * all-zero row, and only the columns a customer holds a non-zero (or missing) value in are encoded
 * again, plus the zero count. It gives exactly createValueEncoder's outputs, since each feature
 * reads only its own column. Cell columns index `columns`. Refuses with a HeaderProblem when a column the
 * spec needs is not among them.
 */
export function createSparseEncoder(
  spec: PreprocessSpec,
  columns: readonly string[],
): Result<EncodeSparse, HeaderProblem> {
  const created = createValueEncoder(spec, columns);
  if (!created.ok) return created;
  const dense = created.value;
  const width = spec.outputNames.length;
  const baseline = new Float32Array(width);
  dense(new Float64Array(columns.length), baseline, 0);
  // Where each feature's outputs start, and which feature reads each column.
  const featureOfColumn = new Int32Array(columns.length).fill(-1);
  const offsets: number[] = [];
  let o = 0;
  let zeroOffset = -1;
  spec.features.forEach((feature, f) => {
    offsets.push(o);
    if (feature.kind === 'zero-count') zeroOffset = o;
    else {
      const c = columns.indexOf(feature.column);
      if (c >= 0) featureOfColumn[c] = f;
    }
    o += outputNamesOf(feature).length;
  });
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const inZeroCount = new Uint8Array(columns.length);
  for (const name of zeroFeature?.columns ?? []) {
    const c = columns.indexOf(name);
    if (c >= 0) inZeroCount[c] = 1;
  }
  const zeroColumns = inZeroCount.reduce((sum, v) => sum + v, 0);
  return success((cellColumns, cellValues, start, end, out, offset, texts) => {
    out.set(baseline, offset);
    let nonZero = 0;
    for (let k = start; k < end; k++) {
      const c = cellColumns[k] ?? 0;
      const value = cellValues[k] ?? 0;
      if (value === 0) continue;
      if (inZeroCount[c] === 1) nonZero++;
      const f = featureOfColumn[c] ?? -1;
      const feature = spec.features[f];
      if (feature === undefined) continue;
      const at = offset + (offsets[f] ?? 0);
      if (feature.kind === 'numeric') encodeNumericFeature(feature, value, out, at);
      else if (feature.kind === 'categorical') {
        encodeCategoricalFeature(feature, textOfCode(texts, c, value), out, at);
      }
    }
    if (zeroFeature !== undefined && zeroOffset >= 0) {
      encodeZeroCount(zeroFeature, zeroColumns - nonZero, out, offset + zeroOffset);
    }
  });
}
