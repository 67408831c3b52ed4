/**
 * The customer snapshot: the raw values of the columns a model reads, for every customer to score,
 * in a compact binary file the app installs into IndexedDB. Customers come sorted by ID, in blocks
 * of about 4,096 (see snapshotBlock.ts) that the reader cuts into chunks of `chunkSize`, the unit
 * IndexedDB stores. Inside a block each column stores only its non-zero cells (the Santander data
 * has about 34 non-zeros in 290 kept columns), rows and values in sections of their own, values as
 * integers or cents told relative to a like column where that pays, or float64. Raw values rather
 * than treated ones: standardising makes every cell non-zero, which would be ~25× larger; the app
 * applies the model's spec itself, with the same core code.
 *
 * Any churn dataset fits:
 * - text IDs ("7590-VHVEG"): customers are sorted by ID text (code-unit order, as IndexedDB sorts
 *   strings), keyed by their rank in that order, and each block stores its IDs' text;
 * - text columns: each block stores the distinct texts of a column once (a dictionary) and its
 *   cells as codes. A decoded text cell's value is its 1-based code in the chunk's dictionary for
 *   that column; a text column's absent cell is a missing value.
 *
 * Versions 1 (numbers) and 2 (with text) stored each chunk on its own, row gaps and values
 * interleaved per column; files of those versions are still read.
 */
import { ByteReader, ByteWriter, utf8Decode, utf8Encode } from '../bytes';
import {
  blockRowsOf,
  columnsToRows,
  decodeBlock,
  encodeBlock,
  skipBlock,
  type DecodedBlock,
} from './block';
import type { ColumnTexts } from '../records';

export type { ColumnTexts } from '../records';

export const SNAPSHOT_MAGIC = 'RETEMSNAP';
/** The version written: blocks of columns in sections (snapshotBlock.ts). */
export const SNAPSHOT_VERSION = 3;
/** Earlier versions, still read: chunk by chunk, numbers only (1) or with text (2). */
const LEGACY_VERSIONS: readonly number[] = [1, 2];

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
  /**
   * 'text' when customers are keyed by the rank of their ID text and chunks carry the texts
   * (versions 2 and 3); absent for integer IDs.
   */
  readonly idKind?: 'text';
  /** The columns stored as text (versions 2 and 3); absent when every column is numeric. */
  readonly textColumns?: readonly string[];
  /**
   * The numeric column (one of `columns`) holding each customer's value in R$, chosen when the
   * portfolio was built; absent when the portfolio has none.
   */
  readonly valueColumn?: string;
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
  /** With text IDs: each customer's ID text (ids then hold their ranks). */
  readonly labels?: readonly string[];
  /** With text columns: each text column's dictionary for this chunk (see ColumnTexts). */
  readonly texts?: ColumnTexts;
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
  /** The ID text of a customer with a text ID (id is then its rank among the snapshot's). */
  readonly label?: string;
}

/**
 * The text cells of the customers being encoded: for each text column, the texts their codes
 * stand for (code k ≥ 1 is dictionary[column][k − 1]); null for numeric columns.
 */
export interface TextCells {
  readonly dictionary: readonly (readonly string[] | null)[];
}

/** Value kinds of versions 1 and 2 (any other kind is float64). */
const INTEGER = 0;
const CENTS = 1;
const TEXT = 3;

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
  const { idKind, textColumns, valueColumn, ...rest } = fields;
  return {
    format: 'retem-snapshot',
    version: SNAPSHOT_VERSION,
    ...rest,
    ...(idKind === 'text' ? { idKind } : {}),
    ...(textColumns !== undefined && textColumns.length > 0 ? { textColumns } : {}),
    ...(valueColumn !== undefined && rest.columns.includes(valueColumn) ? { valueColumn } : {}),
  };
}

/**
 * Encodes customers (any order) into snapshot bytes. Customers with integer IDs need distinct safe
 * integers ≥ 0 (checked by the caller); customers with a label (a text ID, distinct, checked by
 * the caller) are sorted by it and keyed by their rank, whatever their id. Missing numeric values
 * (NaN) are stored as NaN float cells; textCells names the text columns and what their codes
 * stand for; valueColumn, one of the columns, holds each customer's value (R$). An empty list gives
 * a valid snapshot with no chunks.
 */
export function encodeSnapshot(
  schemaHash: string,
  columns: readonly string[],
  customers: readonly (SnapshotCustomer | SparseCustomer)[],
  chunkSize = 512,
  createdAt = new Date().toISOString(),
  textCells: TextCells | null = null,
  valueColumn: string | null = null,
): Uint8Array {
  const sparse = customers.map((c) => ('values' in c ? sparseCustomerOf(c) : c));
  const labelled = sparse.some((c) => c.label !== undefined);
  const sorted = labelled
    ? sparse
        .sort((a, b) => compareLabels(a.label ?? '', b.label ?? ''))
        .map((c, rank) => ({ ...c, id: rank }))
    : sparse.sort((a, b) => a.id - b.id);
  const chunks = Math.ceil(sorted.length / chunkSize);
  const header = snapshotHeaderOf({
    schemaHash,
    columns,
    count: sorted.length,
    chunkSize,
    chunks,
    createdAt,
    ...(labelled ? { idKind: 'text' as const } : {}),
    textColumns: textColumnsOf(columns, textCells),
    ...(valueColumn !== null ? { valueColumn } : {}),
  });
  const out = new ByteWriter();
  out.bytes(encodeSnapshotPreamble(header));
  const blockRows = blockRowsOf(chunkSize);
  for (let start = 0; start < sorted.length; start += blockRows) {
    const members = sorted.slice(start, start + blockRows);
    out.bytes(encodeBlock(members, columns.length, textCells?.dictionary ?? null, labelled));
  }
  return out.finish();
}

/** The names of the text columns of textCells (empty without it). */
export function textColumnsOf(columns: readonly string[], textCells: TextCells | null): string[] {
  if (textCells === null) return [];
  return columns.filter((_, c) => (textCells.dictionary[c] ?? null) !== null);
}

/**
 * Orders ID texts as a text snapshot does: by UTF-16 code units, as JavaScript's < and
 * IndexedDB compare strings. Negative, zero or positive.
 */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  if (
    parsed.format !== 'retem-snapshot' ||
    (parsed.version !== SNAPSHOT_VERSION && !LEGACY_VERSIONS.includes(Number(parsed.version)))
  ) {
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
    // Version 3 frames each block by its length: the block's customer count and IDs follow.
    if (header.version === SNAPSHOT_VERSION) reader.varint();
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
 * Throws SnapshotFormatError when the bytes end early or do not hold the chunks the header says.
 */
export function decodeSnapshot(
  bytes: Uint8Array,
  onChunk: (chunk: SnapshotChunk, index: number, header: SnapshotHeader) => void,
): SnapshotHeader {
  const { header, chunks } = readSnapshotChunks(bytes);
  let index = 0;
  for (const chunk of chunks) onChunk(chunk, index++, header);
  return header;
}

/**
 * A snapshot's header at once, and its chunks decoded one after the other as they are asked for
 * (a block at a time), so that a caller can store a batch while the next is decoded. Throws
 * SnapshotFormatError for bytes that are not a snapshot; iterating throws it when they end early.
 */
export function readSnapshotChunks(bytes: Uint8Array): {
  header: SnapshotHeader;
  chunks: Generator<SnapshotChunk, void, undefined>;
} {
  const { header, bodyOffset } = readSnapshotHeader(bytes);
  const reader = new ByteReader(bytes);
  reader.offset = bodyOffset;
  function* chunks(): Generator<SnapshotChunk, void, undefined> {
    try {
      if (header.version === SNAPSHOT_VERSION) yield* blockChunks(reader, header);
      else yield* legacyChunks(reader, header);
    } catch (error) {
      if (error instanceof RangeError)
        throw new SnapshotFormatError(`the snapshot is truncated (${error.message})`);
      throw error;
    }
  }
  return { header, chunks: chunks() };
}

/**
 * The chunks of the one block that can hold customer `id` (an integer ID): the last block whose
 * first ID is ≤ id, found without decoding the others; none when id precedes every customer.
 * Snapshots of text IDs and of versions 1 and 2 (no blocks to skip) give every chunk. Throws
 * SnapshotFormatError as readSnapshotChunks does.
 */
export function chunksNear(bytes: Uint8Array, id: number): SnapshotChunk[] {
  const { header, bodyOffset } = readSnapshotHeader(bytes);
  if (header.version !== SNAPSHOT_VERSION || header.idKind === 'text') {
    return Array.from(readSnapshotChunks(bytes).chunks);
  }
  const reader = new ByteReader(bytes);
  reader.offset = bodyOffset;
  try {
    let holding: number | null = null;
    while (reader.remaining > 0) {
      const at = reader.offset;
      const firstId = skipBlock(reader);
      if (firstId === null) throw new RangeError('an empty block');
      if (firstId > id) break;
      holding = at;
    }
    if (holding === null) return [];
    reader.offset = holding;
    return Array.from(chunksOfBlock(decodeBlock(reader, header.columns.length, false), header));
  } catch (error) {
    if (error instanceof RangeError)
      throw new SnapshotFormatError(`the snapshot is truncated (${error.message})`);
    throw error;
  }
}

/** Version 3: blocks, each cut into chunks of header.chunkSize customers. */
function* blockChunks(
  reader: ByteReader,
  header: SnapshotHeader,
): Generator<SnapshotChunk, void, undefined> {
  let index = 0;
  while (index < header.chunks) {
    const block = decodeBlock(reader, header.columns.length, header.idKind === 'text');
    if (block.ids.length === 0) throw new RangeError('an empty block');
    for (const chunk of chunksOfBlock(block, header)) {
      if (index++ === header.chunks) return;
      yield chunk;
    }
  }
}

/** A decoded block cut into chunks of header.chunkSize customers (the last may be fewer). */
function* chunksOfBlock(
  block: DecodedBlock,
  header: SnapshotHeader,
): Generator<SnapshotChunk, void, undefined> {
  const withLabels = header.idKind === 'text';
  const withTexts = (header.textColumns?.length ?? 0) > 0;
  const n = block.ids.length;
  for (let start = 0; start < n; start += header.chunkSize) {
    const end = Math.min(n, start + header.chunkSize);
    const from = block.rowStart[start] ?? 0;
    const to = block.rowStart[end] ?? 0;
    const rowStart = block.rowStart.slice(start, end + 1);
    for (let r = 0; r < rowStart.length; r++) rowStart[r] = (rowStart[r] ?? 0) - from;
    const ids = block.ids.slice(start, end);
    yield {
      firstId: ids[0] ?? 0,
      lastId: ids[ids.length - 1] ?? 0,
      ids,
      rowStart,
      cellColumn: block.cellColumn.slice(from, to),
      cellValue: block.cellValue.slice(from, to),
      ...(withLabels ? { labels: (block.labels ?? []).slice(start, end) } : {}),
      ...(withTexts ? { texts: block.texts } : {}),
    };
  }
}

/** Versions 1 and 2: one chunk after the other, row gaps and values interleaved per column. */
function* legacyChunks(
  reader: ByteReader,
  header: SnapshotHeader,
): Generator<SnapshotChunk, void, undefined> {
  const columns = header.columns.length;
  const withLabels = header.idKind === 'text';
  const withTexts = (header.textColumns?.length ?? 0) > 0;
  for (let c = 0; c < header.chunks; c++) {
    const count = reader.varint();
    const ids = new Float64Array(count);
    let id = 0;
    for (let r = 0; r < count; r++) {
      id = r === 0 ? reader.varint() : id + reader.varint();
      ids[r] = id;
    }
    const labels: string[] = [];
    if (withLabels) for (let r = 0; r < count; r++) labels.push(reader.string());
    const texts: (string[] | null)[] = [];
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
      let dictionary: string[] | null = null;
      if (nnz > 0) {
        const kind = reader.varint();
        if (kind === TEXT)
          dictionary = Array.from({ length: reader.varint() }, () => reader.string());
        for (let k = 0; k < nnz; k++) {
          if (dictionary !== null) {
            const code = reader.varint();
            values[k] = code === 0 ? Number.NaN : code;
            continue;
          }
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
      texts.push(dictionary);
    }
    const { rowStart, cellColumn, cellValue } = columnsToRows(
      count,
      perColumnRows,
      perColumnValues,
      cellsPerRow,
    );
    yield {
      firstId: ids[0] ?? 0,
      lastId: ids[count - 1] ?? 0,
      ids,
      rowStart,
      cellColumn,
      cellValue,
      ...(withLabels ? { labels } : {}),
      ...(withTexts ? { texts } : {}),
    };
  }
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

/** Row index of an ID text in a chunk of a text-ID snapshot (binary search), or -1. */
export function findLabelRow(chunk: SnapshotChunk, label: string): number {
  const labels = chunk.labels ?? [];
  let lo = 0;
  let hi = labels.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = labels[mid] ?? '';
    if (value === label) return mid;
    if (value < label) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
