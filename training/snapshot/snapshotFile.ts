/**
 * Builds a customer snapshot file from a CSV: the raw values of the columns a model reads, with
 * memory that does not grow with the portfolio when the customers come in ascending ID order (as
 * exports usually do): each chunk is encoded as it fills and goes to a temporary file, then the
 * header and the chunks stream through gzip into the snapshot. A file out of ID order is read a
 * second time, its customers held as their non-zero cells and sorted.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describeHeaderProblem, type RowIssue } from '../../src/core/records';
import type { PreprocessSpec } from '../../src/core/preprocess';
import {
  encodeSnapshotPreamble,
  type SnapshotHeader,
  SnapshotBuilder,
  type BlockSink,
  manifestOf,
  partFileName,
  type SnapshotManifest,
  type SnapshotPart,
} from '../../src/core/snapshot';
import { DataFileError, streamCsvFile } from '../lib/csvFile';

export interface SnapshotWrite {
  /** What the app reads first, to tell whether it has this portfolio already. */
  readonly manifest: SnapshotManifest;
  readonly customers: number;
  readonly rowsRead: number;
  readonly issues: RowIssue[];
  /** Cells of kept customers that look wrong (blank, non-finite, far outside the training range). */
  readonly warnings: RowIssue[];
  /** Size of the snapshot unpacked, and as written (gzip), in bytes. */
  readonly rawBytes: number;
  readonly fileBytes: number;
  /** Whether the customers came in ascending ID order (one pass, flat memory). */
  readonly streamed: boolean;
  /** The part files written, in ID order. */
  readonly files: readonly string[];
}

export interface SnapshotBuild extends SnapshotWrite {
  /** gzip-compressed snapshot bytes, as served to the app. */
  readonly bytes: Uint8Array;
}

/** Reads the CSV once through a builder; null when the header is refused (thrown) or absent. */
async function readInto(
  spec: PreprocessSpec,
  dataPath: string,
  sink: BlockSink | null,
  onProgress?: (share: number) => void,
  valueColumn: string | null = null,
): Promise<SnapshotBuilder> {
  const state: { builder?: SnapshotBuilder } = {};
  await streamCsvFile(dataPath, {
    hashText: false,
    ...(onProgress === undefined ? {} : { onProgress }),
    onHeader(fields, separator) {
      const created = SnapshotBuilder.create(spec, fields, separator === ';', sink, valueColumn);
      if (!created.ok)
        throw new DataFileError(`${dataPath}: ${describeHeaderProblem(created.problem)}`);
      state.builder = created.value;
    },
    onRecord(record) {
      state.builder?.add(record.fields, record.line);
    },
    // Out of ID order, the blocks written so far are useless: stop and read again without a sink.
    stopped: () => sink !== null && state.builder?.ordered === false,
  });
  if (state.builder === undefined) throw new DataFileError(`${dataPath}: no header`);
  return state.builder;
}

/** A block written to the temporary file: where, and what it holds. */
interface BlockEntry {
  readonly offset: number;
  readonly length: number;
  readonly customers: number;
  /** The chunks the reader cuts it into. */
  readonly chunks: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly labels?: { readonly first: string; readonly last: string };
}

/** A sink that appends blocks to a file and remembers where each is. */
function fileSink(path: string, chunkSize: number) {
  const fd = openSync(path, 'w');
  const entries: BlockEntry[] = [];
  let offset = 0;
  return {
    entries,
    close: () => {
      closeSync(fd);
    },
    sink: {
      chunkSize,
      write(block, customers, firstId, lastId, labels) {
        writeSync(fd, block);
        entries.push({
          offset,
          length: block.length,
          customers,
          chunks: Math.ceil(customers / chunkSize),
          firstId,
          lastId,
          ...(labels !== undefined ? { labels } : {}),
        });
        offset += block.length;
      },
    } satisfies BlockSink,
  };
}

/** Consecutive blocks grouped into parts of at least partBytes unpacked bytes (the last may be less). */
function groupIntoParts(entries: readonly BlockEntry[], partBytes: number): BlockEntry[][] {
  const parts: BlockEntry[][] = [];
  let current: BlockEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    current.push(entry);
    size += entry.length;
    if (size >= partBytes) {
      parts.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/** Writes one part (its own header, then its blocks from the temporary file) through gzip. */
async function writePart(
  header: SnapshotHeader,
  blocks: readonly BlockEntry[],
  blocksPath: string,
  path: string,
): Promise<{ bytes: number; sha256: string; rawBytes: number }> {
  const count = blocks.reduce((sum, block) => sum + block.customers, 0);
  const chunks = blocks.reduce((sum, block) => sum + block.chunks, 0);
  const preamble = encodeSnapshotPreamble({ ...header, count, chunks });
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  async function* pieces() {
    yield preamble;
    if (first === undefined || last === undefined) return;
    const end = last.offset + last.length - 1;
    for await (const piece of createReadStream(blocksPath, { start: first.offset, end })) {
      yield piece as Uint8Array;
    }
  }
  const sha256 = createHash('sha256');
  let bytes = 0;
  await pipeline(
    Readable.from(pieces()),
    createGzip({ level: 9 }),
    new Transform({
      transform(piece: Buffer, _encoding, done) {
        sha256.update(piece);
        bytes += piece.length;
        done(null, piece);
      },
    }),
    createWriteStream(path),
  );
  const rawBytes = preamble.length + blocks.reduce((sum, block) => sum + block.length, 0);
  return { bytes, sha256: sha256.digest('hex'), rawBytes };
}

/** Removes the parts an earlier run left beside outPath (the file itself, and numbered parts). */
async function removeEarlierParts(outPath: string): Promise<void> {
  const name = basename(outPath);
  const numbered = partFileName(name, 0, 2);
  const [prefix, suffix] = [numbered.slice(0, -'0000.snapshot'.length), '.snapshot'];
  for (const file of await readdir(dirname(outPath))) {
    const middle = file.slice(prefix.length, file.length - suffix.length);
    const isPart = file.startsWith(prefix) && file.endsWith(suffix) && /^\d{4}$/.test(middle);
    if (file === name || isPart) await rm(join(dirname(outPath), file), { force: true });
  }
}

export interface SnapshotOptions {
  /** Customers per chunk (the unit IndexedDB stores). Default 512. */
  readonly chunkSize?: number;
  /** Unpacked bytes per part, at least (whole blocks). Default 12 MB, about 4–7 MB as gzip. */
  readonly partBytes?: number;
  readonly createdAt?: string;
  /** The share of the file read so far (0…1), after each chunk; a second pass starts again at 0. */
  readonly onProgress?: (share: number) => void;
  /** A numeric column kept as each customer's value (R$), whether or not the model reads it. */
  readonly valueColumn?: string;
}

/**
 * Writes the snapshot of every customer of dataPath as parts beside outPath (one part: outPath
 * itself; more: "<stem>.0000.snapshot" and on, see partFileName), gzip, and returns the manifest
 * to write beside them, by core's snapshot builder (the rules the app applies to a portfolio CSV
 * opened from disk): IDs of the model's kind (whole numbers ≥ 0, or text) and unique, cells by
 * core's cell rules, text columns as dictionaries; bad rows are skipped with a reason, odd cells
 * kept and named as warnings. A file the builder refuses at its header (no ID column, missing
 * columns) throws DataFileError.
 */
export async function writeSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  outPath: string,
  options: SnapshotOptions = {},
): Promise<SnapshotWrite> {
  const chunkSize = options.chunkSize ?? 512;
  const valueColumn = options.valueColumn ?? null;
  const createdAt = options.createdAt ?? new Date().toISOString();
  const work = await mkdtemp(join(tmpdir(), 'retem-snapshot-'));
  try {
    const blocksPath = join(work, 'blocks');
    let file = fileSink(blocksPath, chunkSize);
    let builder: SnapshotBuilder;
    let header: SnapshotHeader | null;
    try {
      builder = await readInto(spec, dataPath, file.sink, options.onProgress, valueColumn);
      header = builder.finish(createdAt);
    } finally {
      file.close();
    }
    if (header === null) {
      // Out of ID order: read again, holding customers as their non-zero cells, then sort.
      builder = await readInto(spec, dataPath, null, options.onProgress, valueColumn);
      file = fileSink(blocksPath, chunkSize);
      try {
        header = builder.writeSorted(file.sink, createdAt);
      } finally {
        file.close();
      }
    }
    const groups = groupIntoParts(file.entries, options.partBytes ?? 12e6);
    await removeEarlierParts(outPath);
    const parts: SnapshotPart[] = [];
    let rawBytes = 0;
    for (const [index, blocks] of groups.entries()) {
      const name = partFileName(basename(outPath), index, groups.length);
      const written = await writePart(header, blocks, blocksPath, join(dirname(outPath), name));
      rawBytes += written.rawBytes;
      parts.push({
        file: name,
        count: blocks.reduce((sum, block) => sum + block.customers, 0),
        chunks: blocks.reduce((sum, block) => sum + block.chunks, 0),
        firstId: blocks[0]?.firstId ?? 0,
        lastId: blocks[blocks.length - 1]?.lastId ?? 0,
        ...(header.idKind === 'text'
          ? {
              firstLabel: blocks[0]?.labels?.first ?? '',
              lastLabel: blocks[blocks.length - 1]?.labels?.last ?? '',
            }
          : {}),
        bytes: written.bytes,
        sha256: written.sha256,
      });
    }
    const manifest = manifestOf(header, parts);
    return {
      manifest,
      customers: builder.count,
      rowsRead: builder.rowsRead,
      issues: builder.issues,
      warnings: builder.warnings,
      rawBytes,
      fileBytes: manifest.bytes,
      streamed: builder.ordered,
      files: parts.map((part) => join(dirname(outPath), part.file)),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** writeSnapshot into memory, as one part: the gzip bytes with the rest (for tests and benchmarks). */
export async function buildSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  chunkSize = 512,
): Promise<SnapshotBuild> {
  const work = await mkdtemp(join(tmpdir(), 'retem-snapshot-out-'));
  try {
    const out = join(work, 'customers.snapshot');
    const written = await writeSnapshot(spec, dataPath, out, { chunkSize, partBytes: Infinity });
    return { ...written, bytes: new Uint8Array(await readFile(out)) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
