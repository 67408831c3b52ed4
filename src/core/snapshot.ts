/**
 * The customer snapshot: the raw values of the columns a model reads, for every customer to score,
 * in a compact binary file the app installs into IndexedDB. Customers come sorted by ID in chunks;
 * inside a chunk each column stores only its non-zero cells (the Santander data has about 34
 * non-zeros in 290 kept columns), as row-gap varints and values as integers, cents or float64,
 * whichever is exact. Raw values rather than treated ones: standardising makes every cell non-zero,
 * which would be ~25× larger; the app applies the model's spec itself, with the same core code.
 */
import { ByteReader, ByteWriter, utf8Decode, utf8Encode } from './bytes';

export const SNAPSHOT_MAGIC = 'RETEMSNAP';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  readonly format: 'retem-snapshot';
  readonly version: number;
  /** The schema hash of the preprocessing spec the columns were chosen for. */
  readonly schemaHash: string;
  /** Raw column names, in the order values are indexed. */
  readonly columns: readonly string[];
  readonly count: number;
  readonly chunkSize: number;
  readonly chunks: number;
  readonly createdAt: string;
}

/** One chunk, decoded to compressed-sparse-row form: what IndexedDB stores and lookups read. */
export interface SnapshotChunk {
  /** Smallest ID in the chunk (the IndexedDB key). */
  readonly firstId: number;
  readonly lastId: number;
  /** Customer IDs, ascending. */
  readonly ids: Float64Array;
  /** rowStart[r]..rowStart[r+1] index the non-zero cells of row r. */
  readonly rowStart: Uint32Array;
  readonly cellColumn: Uint16Array;
  readonly cellValue: Float64Array;
}

/** A customer to put in a snapshot: an integer ID ≥ 0 and its raw values (NaN = missing). */
export interface SnapshotCustomer {
  readonly id: number;
  readonly values: Float64Array;
}

/** A customer as its non-zero cells only: column indexes ascending, and their values. */
export interface SparseCustomer {
  readonly id: number;
  readonly cellColumn: Uint16Array;
  readonly cellValue: Float64Array;
}

const INTEGER = 0;
const CENTS = 1;
const FLOAT = 2;

/** The non-zero cells of a customer's values (NaN is kept: it is a missing value, not a zero). */
export function sparseCustomerOf(customer: SnapshotCustomer): SparseCustomer {
  let count = 0;
  for (const value of customer.values) if (value !== 0) count++;
  const cellColumn = new Uint16Array(count);
  const cellValue = new Float64Array(count);
  let k = 0;
  customer.values.forEach((value, column) => {
    if (value === 0) return;
    cellColumn[k] = column;
    cellValue[k++] = value;
  });
  return { id: customer.id, cellColumn, cellValue };
}

/** What comes before the chunks: the magic and the header. */
export function encodeSnapshotPreamble(header: SnapshotHeader): Uint8Array {
  const out = new ByteWriter();
  out.bytes(utf8Encode(SNAPSHOT_MAGIC));
  out.string(JSON.stringify(header));
  return out.finish();
}

/** A snapshot header (format and version filled in). */
export function snapshotHeaderOf(
  fields: Omit<SnapshotHeader, 'format' | 'version'>,
): SnapshotHeader {
  return { format: 'retem-snapshot', version: SNAPSHOT_VERSION, ...fields };
}

/**
 * Encodes one chunk: members in ascending ID order (distinct safe integers ≥ 0, checked by the
 * caller), each column's non-zero cells as row gaps and integers, cents or float64, whichever is
 * exact for the column. An empty member list gives a chunk of no customers.
 */
export function encodeSnapshotChunk(
  members: readonly SparseCustomer[],
  columnCount: number,
): Uint8Array {
  const out = new ByteWriter();
  out.varint(members.length);
  let previous = 0;
  members.forEach((customer, i) => {
    out.varint(i === 0 ? customer.id : customer.id - previous);
    previous = customer.id;
  });
  const rowsOf: number[][] = Array.from({ length: columnCount }, () => []);
  const valuesOf: number[][] = Array.from({ length: columnCount }, () => []);
  members.forEach((customer, r) => {
    customer.cellColumn.forEach((column, k) => {
      rowsOf[column]?.push(r);
      valuesOf[column]?.push(customer.cellValue[k] ?? 0);
    });
  });
  for (let column = 0; column < columnCount; column++) {
    const rows = rowsOf[column] ?? [];
    const values = valuesOf[column] ?? [];
    out.varint(rows.length);
    if (rows.length === 0) continue;
    let last = 0;
    for (const r of rows) {
      out.varint(r - last);
      last = r;
    }
    const kind = values.every((v) => Number.isSafeInteger(v))
      ? INTEGER
      : values.every(
            (v) => Number.isFinite(v) && Math.abs(v) < 2 ** 45 && Math.round(v * 100) / 100 === v,
          )
        ? CENTS
        : FLOAT;
    out.varint(kind);
    for (const v of values) {
      if (kind === INTEGER) out.zigzag(v);
      else if (kind === CENTS) out.zigzag(Math.round(v * 100));
      else out.float64(v);
    }
  }
  return out.finish();
}

/**
 * Encodes customers (any order; IDs must be distinct safe integers ≥ 0, checked by the caller) into
 * snapshot bytes. Missing values (NaN) are stored as NaN float cells. An empty list gives a valid
 * snapshot with no chunks.
 */
export function encodeSnapshot(
  schemaHash: string,
  columns: readonly string[],
  customers: readonly (SnapshotCustomer | SparseCustomer)[],
  chunkSize = 512,
  createdAt = new Date().toISOString(),
): Uint8Array {
  const sorted = customers
    .map((c) => ('values' in c ? sparseCustomerOf(c) : c))
    .sort((a, b) => a.id - b.id);
  const chunks = Math.ceil(sorted.length / chunkSize);
  const header = snapshotHeaderOf({
    schemaHash,
    columns,
    count: sorted.length,
    chunkSize,
    chunks,
    createdAt,
  });
  const out = new ByteWriter();
  out.bytes(encodeSnapshotPreamble(header));
  for (let c = 0; c < chunks; c++) {
    out.bytes(
      encodeSnapshotChunk(sorted.slice(c * chunkSize, (c + 1) * chunkSize), columns.length),
    );
  }
  return out.finish();
}

/** The bytes are not a snapshot of a version this code reads. */
export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

/** Reads the header only. Throws SnapshotFormatError for other bytes. */
export function readSnapshotHeader(bytes: Uint8Array): {
  header: SnapshotHeader;
  bodyOffset: number;
} {
  const magic = utf8Decode(bytes.subarray(0, SNAPSHOT_MAGIC.length));
  if (magic !== SNAPSHOT_MAGIC) throw new SnapshotFormatError('not a Retém snapshot');
  const reader = new ByteReader(bytes);
  reader.offset = SNAPSHOT_MAGIC.length;
  let parsed: { format?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(reader.string()) as { format?: unknown; version?: unknown };
  } catch {
    throw new SnapshotFormatError('the snapshot header is unreadable');
  }
  if (parsed.format !== 'retem-snapshot' || parsed.version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError(`snapshot version ${String(parsed.version)} is not supported`);
  }
  const header = parsed as SnapshotHeader;
  return { header, bodyOffset: reader.offset };
}

/**
 * The header and the first customer's ID of a snapshot from its first bytes (the header and a few
 * more suffice); firstId is null for a snapshot of no customers. Throws SnapshotFormatError when
 * the bytes are not a snapshot or end before that.
 */
export function readSnapshotStart(bytes: Uint8Array): {
  header: SnapshotHeader;
  firstId: number | null;
} {
  const { header, bodyOffset } = readSnapshotHeader(bytes);
  if (header.chunks === 0) return { header, firstId: null };
  const reader = new ByteReader(bytes);
  reader.offset = bodyOffset;
  try {
    return reader.varint() === 0 ? { header, firstId: null } : { header, firstId: reader.varint() };
  } catch (error) {
    if (error instanceof RangeError) {
      throw new SnapshotFormatError('the snapshot ends before its first customer');
    }
    throw error;
  }
}

/**
 * Decodes every chunk, calling onChunk for each (so that a caller can store them as they come).
 * Throws SnapshotFormatError when the bytes end early.
 */
export function decodeSnapshot(
  bytes: Uint8Array,
  onChunk: (chunk: SnapshotChunk, index: number, header: SnapshotHeader) => void,
): SnapshotHeader {
  const { header, bodyOffset } = readSnapshotHeader(bytes);
  const reader = new ByteReader(bytes);
  reader.offset = bodyOffset;
  const columns = header.columns.length;
  try {
    for (let c = 0; c < header.chunks; c++) {
      const count = reader.varint();
      const ids = new Float64Array(count);
      let id = 0;
      for (let r = 0; r < count; r++) {
        id = r === 0 ? reader.varint() : id + reader.varint();
        ids[r] = id;
      }
      const perColumnRows: Uint32Array[] = [];
      const perColumnValues: Float64Array[] = [];
      const cellsPerRow = new Uint32Array(count);
      for (let column = 0; column < columns; column++) {
        const nnz = reader.varint();
        const rows = new Uint32Array(nnz);
        const values = new Float64Array(nnz);
        let row = 0;
        for (let k = 0; k < nnz; k++) {
          row += reader.varint();
          rows[k] = row;
          cellsPerRow[row] = (cellsPerRow[row] ?? 0) + 1;
        }
        if (nnz > 0) {
          const kind = reader.varint();
          for (let k = 0; k < nnz; k++) {
            values[k] =
              kind === INTEGER
                ? reader.zigzag()
                : kind === CENTS
                  ? reader.zigzag() / 100
                  : reader.float64();
          }
        }
        perColumnRows.push(rows);
        perColumnValues.push(values);
      }
      const rowStart = new Uint32Array(count + 1);
      for (let r = 0; r < count; r++) rowStart[r + 1] = (rowStart[r] ?? 0) + (cellsPerRow[r] ?? 0);
      const total = rowStart[count] ?? 0;
      const cellColumn = new Uint16Array(total);
      const cellValue = new Float64Array(total);
      const fill = rowStart.slice(0, count);
      for (let column = 0; column < columns; column++) {
        const rows = perColumnRows[column] ?? new Uint32Array(0);
        const values = perColumnValues[column] ?? new Float64Array(0);
        for (let k = 0; k < rows.length; k++) {
          const r = rows[k] ?? 0;
          const at = fill[r] ?? 0;
          cellColumn[at] = column;
          cellValue[at] = values[k] ?? 0;
          fill[r] = at + 1;
        }
      }
      onChunk(
        { firstId: ids[0] ?? 0, lastId: ids[count - 1] ?? 0, ids, rowStart, cellColumn, cellValue },
        c,
        header,
      );
    }
  } catch (error) {
    if (error instanceof RangeError)
      throw new SnapshotFormatError(`the snapshot is truncated (${error.message})`);
    throw error;
  }
  return header;
}

/** Row index of an ID in a chunk (binary search), or -1. */
export function findRow(chunk: SnapshotChunk, id: number): number {
  let lo = 0;
  let hi = chunk.ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = chunk.ids[mid] ?? 0;
    if (value === id) return mid;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Writes row r's raw values into out (length = columns; zeros where no cell is stored). */
export function densifyRow(chunk: SnapshotChunk, row: number, out: Float64Array): Float64Array {
  out.fill(0);
  const end = chunk.rowStart[row + 1] ?? 0;
  for (let k = chunk.rowStart[row] ?? 0; k < end; k++)
    out[chunk.cellColumn[k] ?? 0] = chunk.cellValue[k] ?? 0;
  return out;
}
