/** Builds a customer snapshot file from a CSV: the raw values of the columns a model reads. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describeHeaderProblem } from '../../src/core/fileProblems';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { readSnapshotHeader } from '../../src/core/snapshot';
import { SnapshotBuilder } from '../../src/core/snapshotBuilder';
import { manifestOf, type SnapshotManifest } from '../../src/core/snapshotManifest';
import type { RowIssue } from '../../src/core/table';
import { DataFileError, streamCsvFile } from './csvFile';

export interface SnapshotBuild {
  /** gzip-compressed snapshot bytes, as served to the app. */
  readonly bytes: Uint8Array;
  /** What the app reads first, to tell whether it has this portfolio already. */
  readonly manifest: SnapshotManifest;
  readonly customers: number;
  readonly rowsRead: number;
  readonly issues: RowIssue[];
  /** Cells of kept customers that look wrong (blank, non-finite, far outside the training range). */
  readonly warnings: RowIssue[];
  readonly rawBytes: number;
}

/**
 * Reads every customer of dataPath with core's snapshot builder (the rules the app applies to a
 * portfolio CSV opened from disk): IDs whole numbers ≥ 0 and unique, cells by core's cell rules;
 * bad rows are skipped with a reason, odd cells kept and named as warnings. A file the builder
 * refuses at its header (no ID column, missing columns, a model that reads text columns) throws
 * DataFileError.
 */
export async function buildSnapshot(
  spec: PreprocessSpec,
  dataPath: string,
  chunkSize = 512,
): Promise<SnapshotBuild> {
  const state: { builder?: SnapshotBuilder } = {};
  await streamCsvFile(dataPath, {
    hashText: false,
    onHeader(fields, separator) {
      const created = SnapshotBuilder.create(spec, fields, separator === ';');
      if (!created.ok)
        throw new DataFileError(`${dataPath}: ${describeHeaderProblem(created.problem)}`);
      state.builder = created.value;
    },
    onRecord(record) {
      state.builder?.add(record.fields, record.line);
    },
  });
  const builder = state.builder;
  if (builder === undefined) throw new DataFileError(`${dataPath}: no header`);
  const raw = builder.build(chunkSize);
  const bytes = new Uint8Array(gzipSync(raw, { level: 9 }));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    bytes,
    manifest: manifestOf(readSnapshotHeader(raw).header, bytes.length, sha256),
    customers: builder.count,
    rowsRead: builder.rowsRead,
    issues: builder.issues,
    warnings: builder.warnings,
    rawBytes: raw.length,
  };
}
