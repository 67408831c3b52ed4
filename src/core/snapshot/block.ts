/**
 * A block of a version-3 snapshot: up to blockRowsOf(chunkSize) consecutive customers (several
 * IndexedDB chunks), framed by its byte length and stored column by column in three sections so
 * that gzip sees like next to like:
 * - the columns' descriptions: each column's cell count, how its rows are stored (row gaps, or a
 *   bitmap when at least one row in eight has a cell), its value kind, and for whole numbers and
 *   cents the column it is told relative to (or none); cents' exceptions and text dictionaries;
 * - the rows of every column's cells;
 * - the values of every column's cells: whole numbers and cents as zig-zag varints of the
 *   difference from the same row's value in the reference column (an earlier column whose values
 *   often equal this one's in the same rows, as Santander's op_var39/op_var41 or saldo_var30/42
 *   do; 0 where it has none), cents that are not cents (var38's imputed 117310.979016494, NaN for a
 *   missing value) as an index into the block's exceptions, other floats as float64, and text
 *   cells as codes into the block's own dictionary.
 * The decoder gives the same cells the encoder was given, bit for bit.
 */
import { ByteReader, ByteWriter } from '../bytes';

/**
 * Customers per block for chunks of chunkSize customers (≥ 1): about 4,096, a whole number of
 * chunks, at least one.
 */
export function blockRowsOf(chunkSize: number): number {
  return chunkSize * Math.max(1, Math.floor(4096 / chunkSize));
}

/** A customer as its non-zero cells only: column indexes ascending, and their values. */
export interface BlockCustomer {
  readonly id: number;
  readonly cellColumn: Uint16Array;
  readonly cellValue: Float64Array;
  readonly label?: string;
}

/** A decoded block in compressed-sparse-row form (rows in the block's order). */
export interface DecodedBlock {
  readonly ids: Float64Array;
  readonly labels: readonly string[] | null;
  readonly rowStart: Uint32Array;
  readonly cellColumn: Uint16Array;
  readonly cellValue: Float64Array;
  /** Per column, the block's dictionary of a text column (null for numeric columns). */
  readonly texts: readonly (readonly string[] | null)[];
}

const INTEGER = 0;
const CENTS = 1;
const FLOAT = 2;
const TEXT = 3;
const GAPS = 0;
const BITMAP = 1;
/** Bounds that keep every difference and its zig-zag code a safe integer. */
const LIMIT = 2 ** 47;
/** Rows sampled to choose each column's reference column. */
const REFERENCE_SAMPLE = 256;

const isWhole = (v: number) => Number.isInteger(v) && Math.abs(v) < LIMIT;
const isCents = (v: number) =>
  Number.isFinite(v) && Math.abs(v) < 2 ** 40 && Math.round(v * 100) / 100 === v;

/** A value in a kind's units (1 or 100), as both ends compute it; 0 when out of bounds or NaN. */
function unitsOf(value: number, scale: number): number {
  const scaled = Math.round(value * scale);
  return Number.isFinite(scaled) && Math.abs(scaled) < LIMIT ? scaled : 0;
}

function kindOf(values: readonly number[], text: boolean): number {
  if (text) return TEXT;
  if (values.every(isWhole)) return INTEGER;
  const exceptions = new Set<number>();
  for (const v of values) if (!isCents(v)) exceptions.add(v);
  return exceptions.size * 2 <= values.length ? CENTS : FLOAT;
}

/**
 * Each column's reference: the earlier whole-number or cents column whose value most often
 * equals its own in the same row (over the block's first rows), if that is one cell in ten or
 * more; -1 for none.
 */
function referencesOf(members: readonly BlockCustomer[], kinds: Int8Array, cells: Int32Array) {
  const columns = kinds.length;
  const votes = new Map<number, number>();
  const sample = Math.min(members.length, REFERENCE_SAMPLE);
  const sampled = new Int32Array(columns);
  for (let r = 0; r < sample; r++) {
    const { cellColumn, cellValue } = members[r] as BlockCustomer;
    for (let a = 0; a < cellColumn.length; a++) {
      const ca = cellColumn[a] ?? 0;
      sampled[ca] = (sampled[ca] ?? 0) + 1;
      if (kinds[ca] !== INTEGER && kinds[ca] !== CENTS) continue;
      for (let b = 0; b < a; b++) {
        const cb = cellColumn[b] ?? 0;
        if (cellValue[a] !== cellValue[b] || (kinds[cb] !== INTEGER && kinds[cb] !== CENTS))
          continue;
        const key = ca * columns + cb;
        votes.set(key, (votes.get(key) ?? 0) + 1);
      }
    }
  }
  const reference = new Int32Array(columns).fill(-1);
  const best = new Int32Array(columns);
  for (const [key, count] of votes) {
    const column = Math.floor(key / columns);
    if (count > (best[column] ?? 0) && count * 10 >= (sampled[column] ?? 0) && count >= 2) {
      best[column] = count;
      reference[column] = key % columns;
    }
  }
  for (let c = 0; c < columns; c++) if ((cells[c] ?? 0) === 0) reference[c] = -1;
  return reference;
}

/**
 * Encodes one block, framed by its byte length: members in ascending ID order (distinct safe integers ≥ 0, checked by the
 * caller), their non-zero cells (NaN = missing). textDictionary names the text columns (non-null)
 * and the texts their codes stand for; withLabels stores the members' ID texts. No members gives
 * a block of no customers.
 */
export function encodeBlock(
  members: readonly BlockCustomer[],
  columnCount: number,
  textDictionary: readonly (readonly string[] | null)[] | null,
  withLabels: boolean,
): Uint8Array {
  const n = members.length;
  const head = new ByteWriter();
  const rowsOut = new ByteWriter();
  const valuesOut = new ByteWriter();
  head.varint(n);
  let previous = 0;
  members.forEach((customer, i) => {
    head.varint(i === 0 ? customer.id : customer.id - previous);
    previous = customer.id;
  });
  if (withLabels) for (const customer of members) head.string(customer.label ?? '');

  const rowsOf: number[][] = Array.from({ length: columnCount }, () => []);
  const valuesOf: number[][] = Array.from({ length: columnCount }, () => []);
  members.forEach((customer, r) => {
    customer.cellColumn.forEach((column, k) => {
      rowsOf[column]?.push(r);
      valuesOf[column]?.push(customer.cellValue[k] ?? 0);
    });
  });
  const kinds = new Int8Array(columnCount);
  const cells = new Int32Array(columnCount);
  for (let c = 0; c < columnCount; c++) {
    cells[c] = rowsOf[c]?.length ?? 0;
    kinds[c] = kindOf(valuesOf[c] ?? [], (textDictionary?.[c] ?? null) !== null);
  }
  const reference = referencesOf(members, kinds, cells);
  // The dense values of the columns others refer to.
  const denseOf = new Map<number, Float64Array>();
  for (const d of reference) {
    if (d < 0 || denseOf.has(d)) continue;
    const dense = new Float64Array(n);
    const rows = rowsOf[d] ?? [];
    const values = valuesOf[d] ?? [];
    rows.forEach((r, k) => (dense[r] = values[k] ?? 0));
    denseOf.set(d, dense);
  }

  for (let c = 0; c < columnCount; c++) {
    const rows = rowsOf[c] ?? [];
    const values = valuesOf[c] ?? [];
    head.varint(rows.length);
    if (rows.length === 0) continue;
    const kind = kinds[c] ?? FLOAT;
    const bitmap = rows.length * 8 >= n;
    head.varint(bitmap ? BITMAP : GAPS);
    head.varint(kind);
    if (bitmap) {
      const bits = new Uint8Array(Math.ceil(n / 8));
      for (const r of rows) bits[r >> 3] = (bits[r >> 3] ?? 0) | (1 << (r & 7));
      rowsOut.bytes(bits);
    } else {
      let last = 0;
      for (const r of rows) {
        rowsOut.varint(r - last);
        last = r;
      }
    }
    if (kind === TEXT) {
      writeTextCells(head, valuesOut, values, textDictionary?.[c] ?? []);
      continue;
    }
    if (kind === FLOAT) {
      for (const v of values) valuesOut.float64(v);
      continue;
    }
    const d = reference[c] ?? -1;
    head.varint(d < 0 ? 0 : c - d);
    const dense = denseOf.get(d) ?? null;
    const scale = kind === INTEGER ? 1 : 100;
    const base = (r: number) => (dense === null ? 0 : unitsOf(dense[r] ?? 0, scale));
    if (kind === INTEGER) {
      rows.forEach((r, k) => {
        valuesOut.zigzag((values[k] ?? 0) - base(r));
      });
      continue;
    }
    const exceptionOf = new Map<number, number>();
    for (const v of values)
      if (!isCents(v) && !exceptionOf.has(v)) exceptionOf.set(v, exceptionOf.size);
    head.varint(exceptionOf.size);
    for (const v of exceptionOf.keys()) head.float64(v);
    rows.forEach((r, k) => {
      const v = values[k] ?? 0;
      const exception = exceptionOf.get(v);
      if (exception !== undefined) valuesOut.varint(2 * exception + 1);
      else {
        const difference = Math.round(v * 100) - base(r);
        valuesOut.varint(2 * (difference < 0 ? -2 * difference - 1 : 2 * difference));
      }
    });
  }
  head.bytes(rowsOut.finish());
  head.bytes(valuesOut.finish());
  const content = head.finish();
  // Framed by its length, so that a reader can skip to the block it needs.
  const framed = new ByteWriter();
  framed.varint(content.length);
  framed.bytes(content);
  return framed.finish();
}

/** A text column's cells: the block's own dictionary (in order of first use), then local codes. */
function writeTextCells(
  head: ByteWriter,
  valuesOut: ByteWriter,
  codes: readonly number[],
  dictionary: readonly string[],
): void {
  const localOf = new Map<number, number>();
  const local: number[] = [];
  for (const code of codes) {
    if (!(code >= 1) || localOf.has(code)) continue;
    localOf.set(code, localOf.size + 1);
    local.push(code);
  }
  head.varint(local.length);
  for (const code of local) head.string(dictionary[code - 1] ?? '');
  for (const code of codes) valuesOut.varint(localOf.get(code) ?? 0);
}

interface ColumnPlan {
  readonly cells: number;
  readonly bitmap: boolean;
  readonly kind: number;
  readonly reference: number;
  readonly exceptions: Float64Array;
  readonly dictionary: string[] | null;
}

/**
 * The first customer ID of the block at the reader's offset (its rank with text IDs), without
 * decoding it, and moves the reader past the block; null for a block of no customers. Throws
 * RangeError when the bytes end early.
 */
export function skipBlock(reader: ByteReader): number | null {
  const length = reader.varint();
  const content = new ByteReader(reader.bytes(length));
  return content.varint() === 0 ? null : content.varint();
}

/**
 * Decodes the block at the reader's offset (which it moves past the block). Throws RangeError
 * when the bytes end early or the block's content does not fill its frame.
 */
export function decodeBlock(
  outer: ByteReader,
  columnCount: number,
  withLabels: boolean,
): DecodedBlock {
  const reader = new ByteReader(outer.bytes(outer.varint()));
  const block = decodeBlockContent(reader, columnCount, withLabels);
  if (reader.remaining !== 0) throw new RangeError('a block longer than its content');
  return block;
}

function decodeBlockContent(
  reader: ByteReader,
  columnCount: number,
  withLabels: boolean,
): DecodedBlock {
  const n = reader.varint();
  const ids = new Float64Array(n);
  let id = 0;
  for (let r = 0; r < n; r++) {
    id = r === 0 ? reader.varint() : id + reader.varint();
    ids[r] = id;
  }
  const labels: string[] | null = withLabels ? [] : null;
  if (labels !== null) for (let r = 0; r < n; r++) labels.push(reader.string());

  const plans: ColumnPlan[] = [];
  const referenced = new Uint8Array(columnCount);
  for (let c = 0; c < columnCount; c++) {
    const cells = reader.varint();
    if (cells === 0) {
      plans.push({
        cells,
        bitmap: false,
        kind: FLOAT,
        reference: -1,
        exceptions: new Float64Array(0),
        dictionary: null,
      });
      continue;
    }
    const bitmap = reader.varint() === BITMAP;
    const kind = reader.varint();
    let reference = -1;
    let exceptions = new Float64Array(0);
    let dictionary: string[] | null = null;
    if (kind === TEXT) dictionary = Array.from({ length: reader.varint() }, () => reader.string());
    else if (kind === INTEGER || kind === CENTS) {
      const offset = reader.varint();
      reference = offset === 0 ? -1 : c - offset;
      if (reference < 0 && offset !== 0) throw new RangeError('reference before the first column');
      if (reference >= 0) referenced[reference] = 1;
      if (kind === CENTS) {
        exceptions = new Float64Array(reader.varint());
        for (let k = 0; k < exceptions.length; k++) exceptions[k] = reader.float64();
      }
    }
    plans.push({ cells, bitmap, kind, reference, exceptions, dictionary });
  }

  const rowsOf: Uint32Array[] = [];
  const cellsPerRow = new Uint32Array(n);
  for (const plan of plans) {
    const rows = new Uint32Array(plan.cells);
    if (plan.bitmap) {
      const bits = reader.bytes(Math.ceil(n / 8));
      let k = 0;
      for (let i = 0; i < bits.length; i++) {
        let byte = bits[i] ?? 0;
        for (let r = i * 8; byte !== 0; r++, byte >>= 1) {
          if ((byte & 1) === 0) continue;
          if (k === plan.cells) throw new RangeError('bitmap and cell count disagree');
          rows[k++] = r;
        }
      }
      if (k !== plan.cells) throw new RangeError('bitmap and cell count disagree');
    } else {
      let row = 0;
      for (let k = 0; k < plan.cells; k++) {
        row += reader.varint();
        rows[k] = row;
      }
    }
    for (const r of rows) {
      if (r >= n) throw new RangeError('cell row beyond the block');
      cellsPerRow[r] = (cellsPerRow[r] ?? 0) + 1;
    }
    rowsOf.push(rows);
  }

  const valuesOf: Float64Array[] = [];
  const denseOf: (Float64Array | null)[] = [];
  plans.forEach((plan, c) => {
    const rows = rowsOf[c] ?? new Uint32Array(0);
    const dense = plan.reference >= 0 ? (denseOf[plan.reference] ?? null) : null;
    const values = readValues(reader, plan, rows, dense);
    valuesOf.push(values);
    if (referenced[c] === 1) {
      const full = new Float64Array(n);
      for (let k = 0; k < plan.cells; k++) full[rows[k] ?? 0] = values[k] ?? 0;
      denseOf[c] = full;
    } else denseOf[c] = null;
  });

  const { rowStart, cellColumn, cellValue } = columnsToRows(n, rowsOf, valuesOf, cellsPerRow);
  return {
    ids,
    labels,
    rowStart,
    cellColumn,
    cellValue,
    texts: plans.map((p) => p.dictionary),
  };
}

/** One column's values (see encodeBlock), the reference column's dense values given. */
function readValues(
  reader: ByteReader,
  plan: ColumnPlan,
  rows: Uint32Array,
  dense: Float64Array | null,
): Float64Array {
  const values = new Float64Array(plan.cells);
  const cells = plan.cells;
  if (plan.kind === FLOAT) {
    for (let k = 0; k < cells; k++) values[k] = reader.float64();
    return values;
  }
  if (plan.kind === TEXT) {
    for (let k = 0; k < cells; k++) {
      const code = reader.varint();
      values[k] = code === 0 ? Number.NaN : code;
    }
    return values;
  }
  const scale = plan.kind === INTEGER ? 1 : 100;
  const baseOf = (k: number) => {
    const d = dense === null ? 0 : (dense[rows[k] ?? 0] ?? 0);
    return d === 0 ? 0 : unitsOf(d, scale);
  };
  if (plan.kind === INTEGER) {
    for (let k = 0; k < cells; k++) values[k] = reader.zigzag() + baseOf(k);
    return values;
  }
  const exceptions = plan.exceptions;
  for (let k = 0; k < cells; k++) {
    const code = reader.varint();
    if (code % 2 === 1) {
      const exception = (code - 1) / 2;
      if (exception >= exceptions.length) throw new RangeError('exception out of range');
      values[k] = exceptions[exception] ?? 0;
    } else {
      const half = code / 2;
      values[k] = ((half % 2 === 0 ? half / 2 : -(half + 1) / 2) + baseOf(k)) / 100;
    }
  }
  return values;
}

/**
 * Cells stored column by column (each column's rows ascending, and their values) as compressed
 * sparse rows: rowStart[r]..rowStart[r + 1] index row r's cells, columns ascending. cellsPerRow
 * counts each row's cells. No rows or no columns give empty arrays.
 */
export function columnsToRows(
  rowCount: number,
  rowsOf: readonly Uint32Array[],
  valuesOf: readonly Float64Array[],
  cellsPerRow: Uint32Array,
): { rowStart: Uint32Array; cellColumn: Uint16Array; cellValue: Float64Array } {
  const rowStart = new Uint32Array(rowCount + 1);
  for (let r = 0; r < rowCount; r++) rowStart[r + 1] = (rowStart[r] ?? 0) + (cellsPerRow[r] ?? 0);
  const total = rowStart[rowCount] ?? 0;
  const cellColumn = new Uint16Array(total);
  const cellValue = new Float64Array(total);
  const fill = rowStart.slice(0, rowCount);
  rowsOf.forEach((rows, column) => {
    const values = valuesOf[column] ?? new Float64Array(0);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] ?? 0;
      const at = fill[r] ?? 0;
      cellColumn[at] = column;
      cellValue[at] = values[k] ?? 0;
      fill[r] = at + 1;
    }
  });
  return { rowStart, cellColumn, cellValue };
}
