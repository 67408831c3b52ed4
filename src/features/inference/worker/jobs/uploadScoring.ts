/**
 * An uploaded customer file scored in the browser: papaparse tokenizes it as it streams, and
 * core's record pipeline (the CLI's own) checks, reads, encodes and batches each record.
 */
import Papa from 'papaparse';
import { DriftCounter } from '../../../../core/evaluation';
import {
  RecordPipeline,
  rowIssuesSkippedFirst,
  type EncodeRecord,
  type PreprocessSpec,
} from '../../../../core/preprocess';
import type { FileProblem, HeaderProblem } from '../../../../core/records';
import type { Result } from '../../../../core/result';
import { predictProbabilities } from '../../../../model/network';
import type { ScoringEngine } from '../../engine';
import type { BatchResult } from '../../protocol';
import { CorruptGzipError } from '../files/gzipStreams';
import { readableUpload } from '../files/uploadInput';

/** Rows per scored batch. */
const BATCH_ROWS = 2048;
/** Issues and warnings listed in full; the rest are counted. */
const LISTED_ISSUES = 1000;

/** What scores an upload: the model's spec, its input width, its record encoder and the model. */
export interface UploadScorer {
  readonly spec: PreprocessSpec;
  /** Model inputs per record. */
  readonly width: number;
  recordEncoder(
    header: readonly string[],
    decimalComma: boolean,
  ): Result<EncodeRecord, HeaderProblem>;
  /** Churn probabilities of `count` encoded records (`width` inputs each). */
  predict(matrix: Float32Array, count: number): ArrayLike<number>;
}

/** The app's scoring engine as an upload scorer. */
export function uploadScorerOf(engine: ScoringEngine): UploadScorer {
  return {
    spec: engine.bundle.spec,
    width: engine.width,
    recordEncoder: (header, decimalComma) => engine.recordEncoder(header, decimalComma),
    predict: (matrix, count) =>
      predictProbabilities(engine.model, matrix.subarray(0, count * engine.width), engine.width),
  };
}

export type UploadOutcome =
  | { readonly kind: 'refused'; readonly problem: FileProblem }
  /** The result as the app gets it (see BatchResult): scores, problems, drift, cancellation. */
  | ({ readonly kind: 'scored' } & Omit<BatchResult, 'kind' | 'requestId'>);

export interface UploadWatch {
  /** Share of the file read (0 to 1) and data rows read, after each piece. */
  progress(fraction: number, rows: number): void;
  /** True once the analyst cancelled: scoring stops after the current piece. */
  cancelled(): boolean;
}

/** The encoded batch the pipeline fills, and what scores it. */
interface UploadBatch {
  readonly size: number;
  readonly matrix: Float32Array;
  read: (
    fields: readonly string[],
    slot: number,
    warn: Parameters<EncodeRecord>[3],
  ) => ReturnType<EncodeRecord>;
}

function batchReader(scorer: UploadScorer) {
  return (header: readonly string[], decimalComma: boolean): Result<UploadBatch, HeaderProblem> => {
    const created = scorer.recordEncoder(header, decimalComma);
    if (!created.ok) return created;
    const encode = created.value;
    const matrix = new Float32Array(BATCH_ROWS * scorer.width);
    return {
      ok: true,
      value: {
        size: BATCH_ROWS,
        matrix,
        read: (fields, slot, warn) => encode(fields, matrix, slot * scorer.width, warn),
      },
    };
  };
}

/**
 * Scores every good row of `upload` (CSV text, UTF-8 or UTF-16, gzip-compressed or not). A file
 * that cannot serve (empty, not text, a damaged gzip stream, a header without the model's
 * columns) is refused with its problem; bad rows are skipped with their reasons.
 */
export async function scoreUpload(
  scorer: UploadScorer,
  upload: Blob,
  watch: UploadWatch,
): Promise<UploadOutcome> {
  if (upload.size === 0) return { kind: 'refused', problem: { code: 'empty' } };
  const readable = await readableUpload(upload);
  if (!readable.ok) return { kind: 'refused', problem: readable.problem };
  const { source, bytesRead } = readable.value;
  const { spec, width } = scorer;
  const ids: string[] = [];
  const scores: number[] = [];
  const drift = new DriftCounter(spec);
  let pipeline: RecordPipeline<UploadBatch> | null = null;
  let line = 1;
  const flush = (batch: RecordPipeline<UploadBatch>) => {
    const count = batch.pending;
    if (count === 0) return;
    const { matrix } = batch.batch;
    for (let slot = 0; slot < count; slot++) drift.add(matrix, slot * width);
    for (const p of Array.from(scorer.predict(matrix, count))) scores.push(p);
    for (const id of batch.takeBatch()) ids.push(id);
  };
  return new Promise((resolve, reject) => {
    const stop = (parser: Papa.Parser) => {
      parser.abort();
      source.stop();
    };
    // Papaparse streams from any Node-style readable; its types name only Node's.
    Papa.parse<string[]>(source as unknown as File, {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: 1 << 20,
      chunk(results, parser) {
        if (watch.cancelled()) {
          stop(parser);
          return;
        }
        for (const fields of results.data) {
          if (pipeline === null) {
            const created = RecordPipeline.create(
              fields,
              { column: spec.idColumn, kind: spec.idKind ?? 'text' },
              results.meta.delimiter === ';',
              batchReader(scorer),
              LISTED_ISSUES,
            );
            if (!created.ok) {
              // First: papaparse's abort() runs complete(), whose outcome must not win.
              resolve({ kind: 'refused', problem: created.problem });
              stop(parser);
              return;
            }
            pipeline = created.value;
            continue;
          }
          line++;
          if (pipeline.read(fields, line)) flush(pipeline);
        }
        // Bytes read so far (compressed bytes for a gzip upload).
        watch.progress(Math.min(bytesRead() / upload.size, 1), pipeline?.rowsRead ?? 0);
      },
      complete() {
        const read = pipeline;
        if (read === null) {
          resolve({ kind: 'refused', problem: { code: 'empty' } });
          return;
        }
        flush(read);
        resolve({
          kind: 'scored',
          ids,
          probabilities: Float32Array.from(scores),
          rowsRead: read.rowsRead,
          issues: rowIssuesSkippedFirst(read.issues, read.warnings, LISTED_ISSUES),
          issueCount: read.issueCount,
          warningCount: read.warningCount,
          drift: drift.report(),
          cancelled: watch.cancelled(),
        });
      },
      error(error) {
        if (error instanceof CorruptGzipError) {
          resolve({ kind: 'refused', problem: { code: 'corrupt-gzip' } });
        } else reject(error);
      },
    });
  });
}
