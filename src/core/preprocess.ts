/**
 * The preprocessing spec: what turns a raw customer row into the model's input vector. It is fitted
 * on training rows only, saved as JSON beside the model, and applied by the same functions in Node
 * and in the browser, so that both compute the same float32 numbers.
 */
import { pleBin } from './drift';
import { fnv1a64 } from './hash';
import { parseNumberCell } from './cells';
import { categoryOfCell, inputPositions, notANumber } from './rawRecord';
import {
  distinctCountSorted,
  mean,
  modeSorted,
  quantileSorted,
  signedLog1p,
  skewness,
  standardDeviation,
} from './stats';
import type { ColumnarTable, HeaderProblem } from './table';
import type { TargetMapping } from './target';

export const PREPROCESS_FORMAT = 'retem-preprocess';
export const PREPROCESS_VERSION = 1;

export interface NumericFeature {
  readonly kind: 'numeric';
  readonly column: string;
  /** Raw values that mean "missing", such as -999999. */
  readonly sentinels: readonly number[];
  /** Whether a 0/1 "was missing" output follows the value. */
  readonly missingIndicator: boolean;
  /** Raw value that stands in for a missing one (the training median). */
  readonly fill: number;
  readonly transform: 'none' | 'signed-log1p';
  /** Mean and standard deviation of the transformed training values. */
  readonly mean: number;
  readonly std: number;
  /** Standardised values are clipped to ±clip. */
  readonly clip: number;
  /** A dominant raw value that gets its own 0/1 flag, or null. */
  readonly modeFlag: number | null;
  /** Piecewise-linear encoding bin edges on the transformed scale, or null. */
  readonly pleEdges: readonly number[] | null;
  /** Share of training rows in each PLE bin (see drift.ts), for drift checks on new customers. */
  readonly binShares?: readonly number[];
}

export interface CategoricalFeature {
  readonly kind: 'categorical';
  readonly column: string;
  /** Kept categories, one 0/1 output each, then one for "other" and one for "missing". */
  readonly categories: readonly string[];
}

export interface ZeroCountFeature {
  readonly kind: 'zero-count';
  /** Raw numeric columns whose zeros are counted (a missing cell is not a zero). */
  readonly columns: readonly string[];
  readonly mean: number;
  readonly std: number;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | ZeroCountFeature;

export interface PreprocessSpec {
  readonly format: typeof PREPROCESS_FORMAT;
  readonly version: number;
  /** Hash of everything that decides the output numbers: input columns, features, outputs. */
  readonly schemaHash: string;
  readonly idColumn: string;
  readonly target: TargetMapping | null;
  /** The raw columns this spec reads, by name; a file may hold them in any order. */
  readonly inputColumns: readonly { name: string; kind: 'numeric' | 'categorical' }[];
  readonly dropped: {
    readonly constant: readonly string[];
    readonly duplicate: readonly { column: string; duplicateOf: string }[];
    readonly excluded: readonly string[];
  };
  readonly features: readonly FeatureSpec[];
  /** One name per output value; its length is the model's input width. */
  readonly outputNames: readonly string[];
  readonly fittedOn: { readonly rows: number };
}

export interface PreprocessOptions {
  /** Raw numeric values that mean "missing". Default: -999999 and 9999999999. */
  readonly sentinels?: readonly number[];
  /** Clip for standardised values. Default 5. */
  readonly clip?: number;
  /** Skewness above which a column goes through signed log1p. Default 2. */
  readonly skewForLog?: number;
  /** PLE bins for numeric columns that vary enough; 0 turns PLE off. Default 16. */
  readonly pleBins?: number;
  /** Share of rows that must differ from the mode for a column to get PLE. Default 0.01. */
  readonly pleMinShare?: number;
  /** Share a non-zero mode must reach to get a flag. Default 0.05. */
  readonly modeFlagShare?: number;
  /** At most this many categories per categorical column. Default 20. */
  readonly maxCategories?: number;
  /** Least rows a category needs to be kept. Default 10. */
  readonly minCategoryRows?: number;
  /** Whether to add a count of zeros per row when there are ≥ 10 numeric columns. Default true. */
  readonly zeroCount?: boolean;
}

export const DEFAULT_SENTINELS: readonly number[] = [-999999, 9999999999];

/**
 * Fits a spec on the given training rows of a table (row indices into the table). Constant and
 * duplicate columns are dropped and recorded. Throws RangeError when no training rows are given,
 * since that is a caller's bug, not a data problem.
 */
export function fitPreprocess(
  table: ColumnarTable,
  trainRows: ArrayLike<number>,
  idColumn: string,
  target: TargetMapping | null,
  options: PreprocessOptions = {},
): PreprocessSpec {
  if (trainRows.length === 0) throw new RangeError('fitPreprocess needs at least one training row');
  const sentinels = options.sentinels ?? DEFAULT_SENTINELS;
  const sentinelSet = new Set(sentinels);
  const clip = options.clip ?? 5;
  const skewForLog = options.skewForLog ?? 2;
  const pleBins = options.pleBins ?? 16;
  const pleMinShare = options.pleMinShare ?? 0.01;
  const modeFlagShare = options.modeFlagShare ?? 0.05;
  const maxCategories = options.maxCategories ?? 20;
  const minCategoryRows = options.minCategoryRows ?? 10;
  const n = trainRows.length;

  const constant: string[] = [];
  const duplicate: { column: string; duplicateOf: string }[] = [];
  const features: FeatureSpec[] = [];
  const inputColumns: { name: string; kind: 'numeric' | 'categorical' }[] = [];
  const seen = new Map<string, { name: string; values: Float64Array }[]>();
  const zeroColumns: string[] = [];

  for (const column of table.columns) {
    if (column.kind === 'categorical') {
      const counts = new Map<string, number>();
      let present = 0;
      for (let i = 0; i < n; i++) {
        const value = column.values[trainRows[i] ?? 0] ?? null;
        if (value === null) continue;
        present++;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      if (counts.size <= 1 && present === n) {
        constant.push(column.name);
        continue;
      }
      const categories = [...counts.entries()]
        .filter(([, count]) => count >= minCategoryRows)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, maxCategories)
        .map(([value]) => value);
      features.push({ kind: 'categorical', column: column.name, categories });
      inputColumns.push({ name: column.name, kind: 'categorical' });
      continue;
    }

    const values = new Float64Array(n);
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const raw = column.values[trainRows[i] ?? 0] ?? Number.NaN;
      const value = Number.isNaN(raw) || sentinelSet.has(raw) ? Number.NaN : raw;
      if (Number.isNaN(value)) missing++;
      values[i] = value;
    }
    const present = values.filter((v) => !Number.isNaN(v));
    const sorted = Float64Array.from(present).sort();
    const distinct = distinctCountSorted(sorted);
    if (distinct <= 1 && missing === 0) {
      constant.push(column.name);
      continue;
    }
    if (distinct === 0) {
      constant.push(column.name);
      continue;
    }
    const twin = findDuplicate(seen, values);
    if (twin !== null) {
      duplicate.push({ column: column.name, duplicateOf: twin });
      continue;
    }
    const key = fingerprint(values);
    const bucket = seen.get(key) ?? [];
    bucket.push({ name: column.name, values });
    seen.set(key, bucket);

    const fill = quantileSorted(sorted, 0.5);
    const filled = values.map((v) => (Number.isNaN(v) ? fill : v));
    const heavy = distinct > 2 && Math.abs(skewness(filled)) > skewForLog;
    const transform = heavy ? 'signed-log1p' : 'none';
    const transformed = heavy ? filled.map(signedLog1p) : filled;
    const m = mean(transformed);
    const sd = standardDeviation(transformed, m);
    const mode = modeSorted(sorted);
    const modeFlag =
      distinct > 10 && mode.value !== 0 && mode.count >= modeFlagShare * n ? mode.value : null;
    let pleEdges: number[] | null = null;
    if (pleBins > 0 && distinct >= 8 && n - mode.count >= pleMinShare * n) {
      const sortedTransformed = Float64Array.from(heavy ? Array.from(sorted, signedLog1p) : sorted);
      const edges: number[] = [];
      for (let b = 0; b <= pleBins; b++) {
        const edge = quantileSorted(sortedTransformed, b / pleBins);
        if (edges.length === 0 || edge > (edges[edges.length - 1] ?? edge)) edges.push(edge);
      }
      if (edges.length >= 3) pleEdges = edges;
    }
    let binShares: number[] | undefined;
    if (pleEdges !== null) {
      const counts = new Array<number>(pleEdges.length - 1).fill(0);
      for (const t of transformed) {
        const bin = pleBin(pleEdges, t);
        counts[bin] = (counts[bin] ?? 0) + 1;
      }
      binShares = counts.map((c) => Number((c / n).toPrecision(6)));
    }
    features.push({
      kind: 'numeric',
      column: column.name,
      sentinels: [...sentinels],
      missingIndicator: missing > 0,
      fill,
      transform,
      mean: m,
      std: sd > 1e-12 ? sd : 1,
      clip,
      modeFlag,
      pleEdges,
      ...(binShares !== undefined ? { binShares } : {}),
    });
    inputColumns.push({ name: column.name, kind: 'numeric' });
    zeroColumns.push(column.name);
  }

  if ((options.zeroCount ?? true) && zeroColumns.length >= 10) {
    const zeroSet = new Set(zeroColumns);
    const counts = new Float64Array(n);
    for (const column of table.columns) {
      if (column.kind !== 'numeric' || !zeroSet.has(column.name)) continue;
      for (let i = 0; i < n; i++)
        if (column.values[trainRows[i] ?? 0] === 0) counts[i] = (counts[i] ?? 0) + 1;
    }
    const m = mean(counts);
    const sd = standardDeviation(counts, m);
    features.push({ kind: 'zero-count', columns: zeroColumns, mean: m, std: sd > 1e-12 ? sd : 1 });
  }

  const outputNames = features.flatMap(outputNamesOf);
  const body = { inputColumns, features, outputNames };
  return {
    format: PREPROCESS_FORMAT,
    version: PREPROCESS_VERSION,
    schemaHash: fnv1a64(JSON.stringify(body)),
    idColumn,
    target,
    inputColumns,
    dropped: { constant, duplicate, excluded: [...table.excluded] },
    features,
    outputNames,
    fittedOn: { rows: n },
  };
}

/** The names of the outputs one feature produces, in order. */
function outputNamesOf(feature: FeatureSpec): string[] {
  switch (feature.kind) {
    case 'numeric': {
      const names = [feature.column];
      if (feature.missingIndicator) names.push(`${feature.column}=missing`);
      if (feature.modeFlag !== null) names.push(`${feature.column}=mode`);
      if (feature.pleEdges !== null) {
        for (let b = 1; b < feature.pleEdges.length; b++) names.push(`${feature.column}:ple${b}`);
      }
      return names;
    }
    case 'categorical':
      return [
        ...feature.categories.map((category) => `${feature.column}=${category}`),
        `${feature.column}=other`,
        `${feature.column}=missing`,
      ];
    case 'zero-count':
      return ['zero_count'];
  }
}

/** Recomputes a spec's schema hash; a saved spec whose hash differs was edited or corrupted. */
export function computeSchemaHash(spec: PreprocessSpec): string {
  return fnv1a64(
    JSON.stringify({
      inputColumns: spec.inputColumns,
      features: spec.features,
      outputNames: spec.outputNames,
    }),
  );
}

/**
 * Writes one numeric feature's outputs for a raw value (NaN = missing) at out[offset…]; returns
 * the next offset. This one function serves both the training matrix and row scoring.
 */
function encodeNumeric(
  feature: NumericFeature,
  raw: number,
  out: Float32Array,
  offset: number,
): number {
  const isMissing = Number.isNaN(raw) || feature.sentinels.includes(raw);
  const value = isMissing ? feature.fill : raw;
  const t = feature.transform === 'signed-log1p' ? signedLog1p(value) : value;
  const z = (t - feature.mean) / feature.std;
  let o = offset;
  out[o++] = z > feature.clip ? feature.clip : z < -feature.clip ? -feature.clip : z;
  if (feature.missingIndicator) out[o++] = isMissing ? 1 : 0;
  if (feature.modeFlag !== null) out[o++] = !isMissing && raw === feature.modeFlag ? 1 : 0;
  const edges = feature.pleEdges;
  if (edges !== null) {
    for (let b = 1; b < edges.length; b++) {
      const lo = edges[b - 1] ?? 0;
      const hi = edges[b] ?? 0;
      const share = (t - lo) / (hi - lo);
      out[o++] = share <= 0 ? 0 : share >= 1 ? 1 : share;
    }
  }
  return o;
}

function encodeCategorical(
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
  out[o] = (zeros - feature.mean) / feature.std;
  return o + 1;
}

/**
 * Encodes rows of a table into a row-major float32 matrix (rows × outputNames.length). Columns the
 * spec reads must be in the table with the same kind; returns a HeaderProblem otherwise. An empty
 * row list gives an empty matrix.
 */
export function encodeTable(
  spec: PreprocessSpec,
  table: ColumnarTable,
  rows: ArrayLike<number>,
): Float32Array | HeaderProblem {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  for (const input of spec.inputColumns) {
    const column = byName.get(input.name);
    if (column === undefined) return { reason: `the column "${input.name}" is missing` };
    if (column.kind !== input.kind && input.kind === 'numeric') {
      return { reason: `the column "${input.name}" should be numeric but holds text` };
    }
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
        o = encodeNumeric(feature, raw, out, o);
      } else if (feature.kind === 'categorical') {
        const column = byName.get(feature.column);
        let raw: string | null = null;
        if (column?.kind === 'categorical') raw = column.values[row] ?? null;
        else if (column?.kind === 'numeric') {
          const number = column.values[row] ?? Number.NaN;
          raw = Number.isNaN(number) ? null : String(number);
        }
        o = encodeCategorical(feature, raw, out, o);
      } else {
        o = encodeZeroCount(feature, zeroCounts[r] ?? 0, out, o);
      }
    }
  }
  return out;
}

/** Encodes one CSV record; returns null on success or the first bad cell's column and reason. */
export type EncodeRecord = (
  fields: readonly string[],
  out: Float32Array,
  offset: number,
) => { column: string; reason: string } | null;

/**
 * Prepares a record encoder for a file's header: maps the spec's columns to positions, so that a
 * file may order its columns freely and carry extra ones. Returns a HeaderProblem when a column
 * the spec needs is absent. Cells are read with parseNumberCell, as when the spec was fitted.
 */
export function createRecordEncoder(
  spec: PreprocessSpec,
  header: readonly string[],
  decimalComma = false,
): EncodeRecord | HeaderProblem {
  const positions = inputPositions(spec, header);
  if ('reason' in positions) return positions;
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const zeroPositions = (zeroFeature?.columns ?? []).map((name) => positions.get(name) ?? -1);
  const steps = spec.features.map((feature) =>
    feature.kind === 'zero-count' ? -1 : (positions.get(feature.column) ?? -1),
  );
  return (fields, out, offset) => {
    let o = offset;
    for (let f = 0; f < spec.features.length; f++) {
      const feature = spec.features[f];
      if (feature === undefined) continue;
      const text = fields[steps[f] ?? -1] ?? '';
      if (feature.kind === 'numeric') {
        const value = parseNumberCell(text, decimalComma);
        if (value === undefined) return notANumber(feature.column, text);
        o = encodeNumeric(feature, value ?? Number.NaN, out, o);
      } else if (feature.kind === 'categorical') {
        o = encodeCategorical(feature, categoryOfCell(text, decimalComma), out, o);
      } else {
        let zeros = 0;
        for (const position of zeroPositions) {
          if (parseNumberCell(fields[position] ?? '', decimalComma) === 0) zeros++;
        }
        o = encodeZeroCount(feature, zeros, out, o);
      }
    }
    return null;
  };
}

/** Duplicate detection: a cheap fingerprint of a column's values, then an exact comparison. */
function fingerprint(values: Float64Array): string {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    const x = Number.isNaN(v) ? 0x7ff8 : v;
    h1 = (Math.imul(h1, 31) + x * 1000003) | 0 | 0;
    h2 = (h2 + Math.imul(i + 1, (x * 7919) | 0)) | 0;
  }
  return `${h1}:${h2}`;
}

function findDuplicate(
  seen: Map<string, { name: string; values: Float64Array }[]>,
  values: Float64Array,
): string | null {
  const bucket = seen.get(fingerprint(values));
  if (bucket === undefined) return null;
  for (const candidate of bucket) {
    let same = true;
    for (let i = 0; i < values.length && same; i++) {
      const a = values[i] ?? 0;
      const b = candidate.values[i] ?? 0;
      same = a === b || (Number.isNaN(a) && Number.isNaN(b));
    }
    if (same) return candidate.name;
  }
  return null;
}

/** Encodes one customer given as raw numbers (NaN = missing), in the order of `columns`. */
export type EncodeValues = (values: ArrayLike<number>, out: Float32Array, offset: number) => void;

/**
 * Prepares an encoder for customers stored as raw numbers, such as snapshot rows. It gives the same
 * outputs as encodeTable for the same values. Returns a HeaderProblem when a column the spec needs
 * is not among `columns`.
 */
export function createValueEncoder(
  spec: PreprocessSpec,
  columns: readonly string[],
): EncodeValues | HeaderProblem {
  const positions = new Map(columns.map((name, index) => [name, index]));
  const missing = spec.inputColumns.filter((input) => !positions.has(input.name));
  if (missing.length > 0) {
    return {
      reason: `the values lack ${missing.length} column(s) the model needs: ${missing
        .slice(0, 5)
        .map((m) => m.name)
        .join(', ')}`,
    };
  }
  const steps = spec.features.map((feature) =>
    feature.kind === 'zero-count' ? -1 : (positions.get(feature.column) ?? -1),
  );
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const zeroPositions = (zeroFeature?.columns ?? []).map((name) => positions.get(name) ?? -1);
  return (values, out, offset) => {
    let o = offset;
    for (let f = 0; f < spec.features.length; f++) {
      const feature = spec.features[f];
      if (feature === undefined) continue;
      const value = values[steps[f] ?? -1] ?? Number.NaN;
      if (feature.kind === 'numeric') o = encodeNumeric(feature, value, out, o);
      else if (feature.kind === 'categorical') {
        o = encodeCategorical(feature, Number.isNaN(value) ? null : String(value), out, o);
      } else {
        let zeros = 0;
        for (const position of zeroPositions) if (values[position] === 0) zeros++;
        o = encodeZeroCount(feature, zeros, out, o);
      }
    }
  };
}

/** Encodes one customer given as its non-zero cells: columns[k] holds values[k]; others are 0. */
export type EncodeSparse = (
  cellColumns: ArrayLike<number>,
  cellValues: ArrayLike<number>,
  start: number,
  end: number,
  out: Float32Array,
  offset: number,
) => void;

/**
 * The fast path for sparse customers (snapshot rows): every output starts from the encoding of an
 * all-zero row, and only the columns a customer holds a non-zero (or missing) value in are encoded
 * again, plus the zero count. It gives exactly createValueEncoder's outputs, since each feature
 * reads only its own column. Cell columns index `columns`. Returns a HeaderProblem when a column the
 * spec needs is not among them.
 */
export function createSparseEncoder(
  spec: PreprocessSpec,
  columns: readonly string[],
): EncodeSparse | HeaderProblem {
  const dense = createValueEncoder(spec, columns);
  if (typeof dense !== 'function') return dense;
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
  return (cellColumns, cellValues, start, end, out, offset) => {
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
      if (feature.kind === 'numeric') encodeNumeric(feature, value, out, at);
      else if (feature.kind === 'categorical') {
        encodeCategorical(feature, Number.isNaN(value) ? null : String(value), out, at);
      }
    }
    if (zeroFeature !== undefined && zeroOffset >= 0) {
      encodeZeroCount(zeroFeature, zeroColumns - nonZero, out, offset + zeroOffset);
    }
  };
}
