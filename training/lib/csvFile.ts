/** Streams a CSV or CSV.GZ file from disk through core's CsvReader, record by record. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CsvReader, type CsvDelimiter, type CsvRecord } from '../../src/core/csv';
import { ColumnarTableBuilder, type ColumnarTable, type TableOptions } from '../../src/core/table';
import { Fnv1a64 } from '../../src/core/hash';

/** The file could not be read at all (absent, unreadable, not gzip): an infrastructure failure. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
}

export interface CsvStreamHandlers {
  /** Called once with the header fields and the separator in use. */
  onHeader(fields: string[], delimiter: CsvDelimiter): void;
  /** Called for every data record, in order; a returned promise is awaited before the next. */
  onRecord(record: CsvRecord): Promise<void> | void;
  /** Awaited after each chunk of the file, e.g. to respect an output stream's back-pressure. */
  afterChunk?(): Promise<void> | void;
  /** Whether to hash the file's text (for dataset fingerprints); default true. */
  readonly hashText?: boolean;
}

/**
 * Reads a .csv or .csv.gz file in chunks. Returns the number of data records and a hash of the
 * file's text (for dataset fingerprints; '' when hashText is false). Throws DataFileError when the
 * file cannot be read.
 */
export async function streamCsvFile(
  path: string,
  handlers: CsvStreamHandlers,
): Promise<{ records: number; textHash: string }> {
  try {
    await stat(path);
  } catch {
    throw new DataFileError(`cannot read ${path}: no such file`);
  }
  let input: Readable = createReadStream(path, { highWaterMark: 1 << 20 });
  if (path.endsWith('.gz')) input = input.pipe(createGunzip());
  input.setEncoding('utf8');
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
      const text = String(chunk);
      hash?.update(text);
      await deliver(reader.push(text));
      await handlers.afterChunk?.();
    }
  } catch (error) {
    throw new DataFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  await deliver(reader.finish());
  if (!state.headerSeen) throw new DataFileError(`${path} is empty: no header line`);
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
      if ('reason' in created) throw new DataFileError(`${path}: ${created.reason}`);
      state.builder = created;
    },
    onRecord(record) {
      state.builder?.add(record.fields, record.line);
    },
  });
  const built = state.builder?.build();
  if (built === undefined) throw new DataFileError(`${path}: no header`);
  return { table: built, delimiter: state.delimiter, textHash };
}
