/**
 * The segments file beside a model (`segments.json`): the columns worth segmenting by, and for
 * the labelled rows what a per-segment plan needs: every development row's out-of-fold
 * probability, label and segment codes (to choose thresholds, never on the test rows), and every
 * test row's codes (the test rows' probabilities and labels are out-of-sample.json's, in the
 * same order). A model without a test split is measured on its development rows out of fold: the file
 * then holds each row's fold instead of test codes. Arrays travel as base64 so that 50,000 rows
 * stay a few hundred kB.
 */
import { base64Decode, base64Encode, float32FromBase64, float32ToBase64 } from '../base64';
import { failure, success, type Result } from '../result';
import { DATE_FORMATS, referenceDayOf } from '../records';
import { segmentCount, type SegmentColumn } from './segments';

export const SEGMENTS_FILE = 'segments.json';
export const SEGMENTS_FORMAT = 'retem-segments';

/** The file's content, decoded. codes[c][i]: row i's segment under columns[c]. */
export interface SegmentData {
  readonly schemaHash: string;
  readonly columns: readonly SegmentColumn[];
  readonly development: {
    readonly scores: Float32Array;
    readonly labels: Uint8Array;
    readonly codes: readonly Uint8Array[];
    /**
     * Each row's cross-fitting fold, when the model has no test split and its figures come from
     * these same rows out of fold (then the test codes are these rows' codes, in this order).
     */
    readonly folds?: Uint8Array;
  };
  readonly test: { readonly codes: readonly Uint8Array[] };
}

/** Why a segments file cannot serve: not one, or arrays that do not fit each other. */
export type SegmentsFileProblem =
  { readonly code: 'not-segments' } | { readonly code: 'inconsistent'; readonly field: string };

/** The JSON of a segments file. Never fails. */
export function segmentsFileJson(data: SegmentData): unknown {
  return {
    format: SEGMENTS_FORMAT,
    version: 1,
    schemaHash: data.schemaHash,
    columns: data.columns,
    development: {
      rows: data.development.scores.length,
      scores: float32ToBase64(data.development.scores),
      labels: base64Encode(data.development.labels),
      codes: data.development.codes.map(base64Encode),
      ...(data.development.folds === undefined
        ? {}
        : { folds: base64Encode(data.development.folds) }),
    },
    // Without a test split the test rows are the development rows: their codes are not repeated.
    test:
      data.development.folds === undefined
        ? { rows: data.test.codes[0]?.length ?? 0, codes: data.test.codes.map(base64Encode) }
        : { outOfFold: true },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An absent date rule, or one of a known format with a yyyy-mm-dd reference. */
function isDateRuleOrAbsent(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isRecord(value) || typeof value['reference'] !== 'string') return false;
  const format = DATE_FORMATS.find((f) => f === value['format']);
  return (
    format !== undefined && referenceDayOf({ format, reference: value['reference'] }) !== undefined
  );
}

function readColumn(json: unknown): SegmentColumn | null {
  if (!isRecord(json) || typeof json['column'] !== 'string') return null;
  const texts = (value: unknown) =>
    Array.isArray(value) && value.every((v) => typeof v === 'string');
  const numbers = (value: unknown) =>
    Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (json['kind'] === 'categories' && texts(json['categories'])) return json as SegmentColumn;
  if (json['kind'] === 'bins' && numbers(json['edges']) && numbers(json['missing'])) {
    const edges = json['edges'] as number[];
    const ascending = edges.every((edge, i) => i === 0 || edge > (edges[i - 1] ?? edge));
    return ascending && isDateRuleOrAbsent(json['date']) ? (json as SegmentColumn) : null;
  }
  return null;
}

/**
 * A parsed segments file: 'not-segments' for anything else (format, version, a column of an
 * unknown kind), 'inconsistent' when arrays are not base64 of the announced rows, a code is
 * beyond its column's segments, or folds come without `test.outOfFold` (or the reverse).
 */
export function readSegmentsFile(json: unknown): Result<SegmentData, SegmentsFileProblem> {
  if (!isRecord(json) || json['format'] !== SEGMENTS_FORMAT || json['version'] !== 1) {
    return failure({ code: 'not-segments' });
  }
  const rawColumns = json['columns'];
  const development = json['development'];
  const test = json['test'];
  if (
    typeof json['schemaHash'] !== 'string' ||
    !Array.isArray(rawColumns) ||
    !isRecord(development) ||
    !isRecord(test)
  ) {
    return failure({ code: 'not-segments' });
  }
  const columns = rawColumns.map(readColumn);
  if (columns.some((c) => c === null)) return failure({ code: 'not-segments' });
  const kept = columns as SegmentColumn[];
  const codesOf = (value: unknown, rows: unknown): Uint8Array[] | null => {
    if (!Array.isArray(value) || value.length !== kept.length) return null;
    const decoded = value.map((v) => (typeof v === 'string' ? base64Decode(v) : null));
    const fits = decoded.every(
      (codes, c) =>
        codes !== null &&
        codes.length === rows &&
        codes.every((code) => code < segmentCount(kept[c] as SegmentColumn)),
    );
    return fits ? (decoded as Uint8Array[]) : null;
  };
  const rows = development['rows'];
  const scores =
    typeof development['scores'] === 'string' ? float32FromBase64(development['scores']) : null;
  if (scores === null || scores.length !== rows)
    return failure({ code: 'inconsistent', field: 'development.scores' });
  const labels =
    typeof development['labels'] === 'string' ? base64Decode(development['labels']) : null;
  if (labels === null || labels.length !== rows || labels.some((l) => l > 1)) {
    return failure({ code: 'inconsistent', field: 'development.labels' });
  }
  const developmentCodes = codesOf(development['codes'], rows);
  if (developmentCodes === null)
    return failure({ code: 'inconsistent', field: 'development.codes' });
  if (development['folds'] !== undefined || test['outOfFold'] === true) {
    const folds =
      typeof development['folds'] === 'string' ? base64Decode(development['folds']) : null;
    if (folds === null || folds.length !== rows || test['outOfFold'] !== true) {
      return failure({ code: 'inconsistent', field: 'development.folds' });
    }
    return success({
      schemaHash: json['schemaHash'],
      columns: kept,
      development: { scores, labels, codes: developmentCodes, folds },
      test: { codes: developmentCodes },
    });
  }
  const testCodes = codesOf(test['codes'], test['rows']);
  if (testCodes === null) return failure({ code: 'inconsistent', field: 'test.codes' });
  return success({
    schemaHash: json['schemaHash'],
    columns: kept,
    development: { scores, labels, codes: developmentCodes },
    test: { codes: testCodes },
  });
}
