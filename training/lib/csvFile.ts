/** Streams a CSV or CSV.GZ file from disk through core's CsvReader, record by record. */
import {
  describeFileProblem,
  describeHeaderProblem,
  CsvReader,
  type CsvDelimiter,
  type CsvRecord,
  ColumnarTableBuilder,
  type ColumnarTable,
  type TableOptions,
  SNIFF_BYTES,
  sniffFile,
} from '../../src/core/records';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Fnv1a64 } from '../../src/core/hash';
import { UserFacingError } from './userFacingError';

/**
 * The file could not be read as the user's data (absent, unreadable, not gzip, without the columns
 * named): the CLI says so in words alone.
 */
export class DataFileError extends UserFacingError {
  override readonly name = 'DataFileError';
}

/** The file holds binary content (a spreadsheet, an archive), not CSV text. */
class BinaryFileError extends DataFileError {}

/** The first bytes of a file, for sniffFile. */
async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface CsvStreamHandlers {
  /** Called once with the header fields and the separator in use. */
  onHeader(fields: string[], delimiter: CsvDelimiter): void;
  /** Called for every data record, in order; a returned promise is awaited before the next. */
  onRecord(record: CsvRecord): Promise<void> | void;
  /** Awaited after each chunk of the file, e.g. to respect an output stream's back-pressure. */
  afterChunk?(): Promise<void> | void;
  /** Checked after each chunk: true stops reading there (the rest of the file is not read). */
  stopped?(): boolean;
  /** Called after each chunk with the share of the file's bytes read so far (0…1). */
  onProgress?(share: number): void;
  /** Whether to hash the file's text (for dataset fingerprints); default true. */
  readonly hashText?: boolean;
}

/**
 * Reads a CSV file in chunks: gzip-compressed or not (by its first bytes, as the app's upload
 * decides), UTF-8 or UTF-16 with a byte-order mark. Returns the number of data records and a hash
 * of the file's text (for dataset fingerprints; '' when hashText is false). Throws DataFileError
 * when the file cannot be read, or holds binary content rather than text.
 */
export async function streamCsvFile(
  path: string,
  handlers: CsvStreamHandlers,
): Promise<{ records: number; textHash: string }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new DataFileError(`cannot read ${path}: no such file`);
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // Progress counts the file's bytes as they are consumed: by gunzip, or by the reader itself.
  const gunzip = sniffFile(await readHead(path)).kind === 'gzip' ? createGunzip() : null;
  const input: Readable = gunzip === null ? file : file.pipe(gunzip);
  let consumed = 0;
  // The byte-order mark is kept in the text (the CSV reader drops it), as the hash always saw it.
  let decoder: TextDecoder | null = null;
  const reader = new CsvReader();
  const hash = handlers.hashText === false ? null : new Fnv1a64();
  const state = { headerSeen: false, records: 0 };
  const deliver = async (batch: CsvRecord[]) => {
    for (const record of batch) {
      if (!state.headerSeen) {
        state.headerSeen = true;
        handlers.onHeader(record.fields, reader.separator ?? ',');
        continue;
      }
      state.records++;
      const pending = handlers.onRecord(record);
      if (pending !== undefined) await pending;
    }
  };
  try {
    for await (const chunk of input) {
      const bytes = chunk as Buffer;
      consumed += bytes.length;
      if (decoder === null) {
        const sniffed = sniffFile(bytes.subarray(0, SNIFF_BYTES));
        if (sniffed.kind !== 'text') {
          throw new BinaryFileError(`${path} ${describeFileProblem({ code: 'not-text' })}`);
        }
        decoder = new TextDecoder(sniffed.encoding, { ignoreBOM: true });
      }
      const text = decoder.decode(bytes, { stream: true });
      hash?.update(text);
      await deliver(reader.push(text));
      await handlers.afterChunk?.();
      const read = gunzip === null ? consumed : gunzip.bytesWritten;
      handlers.onProgress?.(size > 0 ? Math.min(1, read / size) : 1);
      if (handlers.stopped?.() === true) {
        input.destroy();
        return { records: state.records, textHash: '' };
      }
    }
  } catch (error) {
    if (error instanceof BinaryFileError || error instanceof DataFileError) throw error;
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR): a damaged or truncated gzip stream.
    if (String((error as { code?: unknown }).code).startsWith('Z_')) {
      throw new DataFileError(`${path} ${describeFileProblem({ code: 'corrupt-gzip' })}`);
    }
    throw new DataFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const rest = decoder?.decode() ?? '';
  if (rest !== '') {
    hash?.update(rest);
    await deliver(reader.push(rest));
  }
  await deliver(reader.finish());
  if (!state.headerSeen) {
    throw new DataFileError(`${path} ${describeFileProblem({ code: 'empty' })}`);
  }
  return { records: state.records, textHash: hash?.digest() ?? '' };
}

export interface LoadedTable {
  readonly table: ColumnarTable;
  readonly delimiter: CsvDelimiter;
  readonly textHash: string;
}

/**
 * Loads a whole file column by column. A header that cannot serve (no ID or target column) is an
 * infrastructure-level refusal here, thrown as DataFileError; bad rows are kept as row issues.
 */
export async function loadTable(path: string, options: TableOptions): Promise<LoadedTable> {
  const state: { builder?: ColumnarTableBuilder; delimiter: CsvDelimiter } = { delimiter: ',' };
  const { textHash } = await streamCsvFile(path, {
    onHeader(fields, separator) {
      state.delimiter = separator;
      const created = ColumnarTableBuilder.create(fields, {
        ...options,
        decimalComma: options.decimalComma ?? separator === ';',
      });
      if (!created.ok)
        throw new DataFileError(`${path}: ${describeHeaderProblem(created.problem)}`);
      state.builder = created.value;
    },
    onRecord(record) {
      state.builder?.add(record.fields, record.line);
    },
  });
  const built = state.builder?.build();
  if (built === undefined) throw new DataFileError(`${path}: no header`);
  return { table: built, delimiter: state.delimiter, textHash };
}
