/**
 * Builds a customer snapshot file from a CSV: the raw values of the columns a model reads, with
 * memory that does not grow with the portfolio when the customers come in ascending ID order (as
 * exports usually do): each chunk is encoded as it fills and goes to a temporary file, then the
 * header and the chunks stream through gzip into the snapshot. A file out of ID order is read a
 * second time, its customers held as their non-zero cells and sorted.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describeHeaderProblem } from '../../src/core/fileProblems';
import type { PreprocessSpec } from '../../src/core/preprocess';
import {
  encodeSnapshotPreamble,
  readSnapshotHeader,
  type SnapshotHeader,
} from '../../src/core/snapshot';
import { SnapshotBuilder, type ChunkSink } from '../../src/core/snapshotBuilder';
import { manifestOf, type SnapshotManifest } from '../../src/core/snapshotManifest';
import type { RowIssue } from '../../src/core/table';
import { DataFileError, streamCsvFile } from './csvFile';

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
}

export interface SnapshotBuild extends SnapshotWrite {
  /** gzip-compressed snapshot bytes, as served to the app. */
  readonly bytes: Uint8Array;
}

/** Reads the CSV once through a builder; null when the header is refused (thrown) or absent. */
async function readInto(
  spec: PreprocessSpec,
  dataPath: string,
  sink: ChunkSink | null,
): Promise<SnapshotBuilder> {
  const state: { builder?: SnapshotBuilder } = {};
  await streamCsvFile(dataPath, {
    hashText: false,
    onHeader(fields, separator) {
      const created = SnapshotBuilder.create(spec, fields, separator === ';', sink);
      if (!created.ok)
        throw new DataFileError(`${dataPath}: ${describeHeaderProblem(created.problem)}`);
      state.builder = created.value;
    },
    onRecord(record) {
      state.builder?.add(record.fields, record.line);
    },
    // Out of ID order, the chunks written so far are useless: stop and read again without a sink.
    stopped: () => sink !== null && state.builder?.ordered === false,
  });
  if (state.builder === undefined) throw new DataFileError(`${dataPath}: no header`);
  return state.builder;
}

/**
 * Writes the snapshot of every customer of dataPath to outPath (gzip), by core's snapshot builder
 * (the rules the app applies to a portfolio CSV opened from disk): IDs whole numbers ≥ 0 and
 * unique, cells by core's cell rules; bad rows are skipped with a reason, odd cells kept and named
 * as warnings. A file the builder refuses at its header (no ID column, missing columns, a model
 * that reads text columns) throws DataFileError.
 */
export async function writeSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  outPath: string,
  chunkSize = 512,
  createdAt = new Date().toISOString(),
): Promise<SnapshotWrite> {
  const work = await mkdtemp(join(tmpdir(), 'retem-snapshot-'));
  try {
    const chunksPath = join(work, 'chunks');
    const fd = openSync(chunksPath, 'w');
    let chunkBytes = 0;
    let builder: SnapshotBuilder;
    let header: SnapshotHeader | null;
    try {
      builder = await readInto(spec, dataPath, {
        chunkSize,
        write(chunk) {
          writeSync(fd, chunk);
          chunkBytes += chunk.length;
        },
      });
      // The last chunk goes to the file too.
      header = builder.finish(createdAt);
    } finally {
      closeSync(fd);
    }
    let parts: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    if (header !== null) {
      const preamble = encodeSnapshotPreamble(header);
      chunkBytes += preamble.length;
      parts = async function* () {
        yield preamble;
        for await (const piece of createReadStream(chunksPath)) yield piece as Uint8Array;
      };
    } else {
      builder = await readInto(spec, dataPath, null);
      const raw = builder.build(chunkSize, createdAt);
      header = readSnapshotHeader(raw).header;
      chunkBytes = raw.length;
      parts = () => [raw];
    }
    const sha256 = createHash('sha256');
    let fileBytes = 0;
    await pipeline(
      Readable.from(parts()),
      createGzip({ level: 9 }),
      new Transform({
        transform(piece: Buffer, _encoding, done) {
          sha256.update(piece);
          fileBytes += piece.length;
          done(null, piece);
        },
      }),
      createWriteStream(outPath),
    );
    return {
      manifest: manifestOf(header, fileBytes, sha256.digest('hex')),
      customers: builder.count,
      rowsRead: builder.rowsRead,
      issues: builder.issues,
      warnings: builder.warnings,
      rawBytes: chunkBytes,
      fileBytes,
      streamed: builder.ordered,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** writeSnapshot into memory: the gzip bytes with the rest (for tests and benchmarks). */
export async function buildSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  chunkSize = 512,
): Promise<SnapshotBuild> {
  const work = await mkdtemp(join(tmpdir(), 'retem-snapshot-out-'));
  try {
    const out = join(work, 'customers.snapshot');
    const written = await writeSnapshot(spec, dataPath, out, chunkSize);
    const bytes = new Uint8Array(await readFile(out));
    if ((await stat(out)).size !== written.fileBytes) throw new Error('snapshot size mismatch');
    return { ...written, bytes };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
