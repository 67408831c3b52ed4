/** Fitting the preprocessing spec on training rows (see preprocessSpec.ts for what it holds). */
import { idKindOf, type ColumnarTable, type TargetMapping } from '../records';
import { fitPleEdges, pleBinShares } from './pleBins';
import {
  DEFAULT_SENTINELS,
  outputNamesOf,
  PREPROCESS_FORMAT,
  PREPROCESS_VERSION,
  schemaHashOf,
  type FeatureSpec,
  type InputColumn,
  type PreprocessOptions,
  type PreprocessSpec,
} from './spec';
import {
  distinctCountSorted,
  mean,
  modeSorted,
  quantileSorted,
  signedLog1p,
  skewness,
  standardDeviation,
} from '../stats';

/**
 * Fits a spec on the given training rows of a table (row indices into the table). Constant and
 * duplicate columns are dropped and recorded. Throws RangeError when no training rows are given,
 * since that is a caller's bug, not a data problem.
 */
export function fitPreprocess(
  table: ColumnarTable,
  trainRows: ArrayLike<number>,
  idColumn: string,
  target: TargetMapping | null,
  options: PreprocessOptions = {},
): PreprocessSpec {
  if (trainRows.length === 0) throw new RangeError('fitPreprocess needs at least one training row');
  const sentinels = options.sentinels ?? DEFAULT_SENTINELS;
  const sentinelSet = new Set(sentinels);
  const clip = options.clip ?? 5;
  const skewForLog = options.skewForLog ?? 2;
  const pleBins = options.pleBins ?? 16;
  const pleMinShare = options.pleMinShare ?? 0.01;
  const modeFlagShare = options.modeFlagShare ?? 0.05;
  const maxCategories = options.maxCategories ?? 20;
  const minCategoryRows = options.minCategoryRows ?? 10;
  const n = trainRows.length;

  const constant: string[] = [];
  const duplicate: { column: string; duplicateOf: string }[] = [];
  const features: FeatureSpec[] = [];
  const inputColumns: InputColumn[] = [];
  const seen = new Map<string, { name: string; values: Float64Array }[]>();
  const zeroColumns: string[] = [];
  const valueRanges: Record<string, readonly [number, number]> = {};
  const blankColumns: string[] = [];

  for (const column of table.columns) {
    if (column.kind === 'categorical') {
      const counts = new Map<string, number>();
      let present = 0;
      for (let i = 0; i < n; i++) {
        const value = column.values[trainRows[i] ?? 0] ?? null;
        if (value === null) continue;
        present++;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      if (counts.size <= 1 && present === n) {
        constant.push(column.name);
        continue;
      }
      const categories = [...counts.entries()]
        .filter(([, count]) => count >= minCategoryRows)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, maxCategories)
        .map(([value]) => value);
      features.push({ kind: 'categorical', column: column.name, categories });
      inputColumns.push({ name: column.name, kind: 'categorical' });
      if (present < n) blankColumns.push(column.name);
      continue;
    }

    const values = new Float64Array(n);
    let missing = 0;
    let blank = false;
    for (let i = 0; i < n; i++) {
      const raw = column.values[trainRows[i] ?? 0] ?? Number.NaN;
      if (Number.isNaN(raw)) blank = true;
      const value = Number.isNaN(raw) || sentinelSet.has(raw) ? Number.NaN : raw;
      if (Number.isNaN(value)) missing++;
      values[i] = value;
    }
    const present = values.filter((v) => !Number.isNaN(v));
    const sorted = Float64Array.from(present).sort();
    const distinct = distinctCountSorted(sorted);
    if (distinct <= 1 && missing === 0) {
      constant.push(column.name);
      continue;
    }
    if (distinct === 0) {
      constant.push(column.name);
      continue;
    }
    const twin = findDuplicate(seen, values);
    if (twin !== null) {
      duplicate.push({ column: column.name, duplicateOf: twin });
      continue;
    }
    const key = fingerprint(values);
    const bucket = seen.get(key) ?? [];
    bucket.push({ name: column.name, values });
    seen.set(key, bucket);

    const fill = quantileSorted(sorted, 0.5);
    const filled = values.map((v) => (Number.isNaN(v) ? fill : v));
    const heavy = distinct > 2 && Math.abs(skewness(filled)) > skewForLog;
    const transform = heavy ? 'signed-log1p' : 'none';
    const transformed = heavy ? filled.map(signedLog1p) : filled;
    const m = mean(transformed);
    const sd = standardDeviation(transformed, m);
    const mode = modeSorted(sorted);
    const modeFlag =
      distinct > 10 && mode.value !== 0 && mode.count >= modeFlagShare * n ? mode.value : null;
    const pleEdges =
      pleBins > 0 && distinct >= 8 && n - mode.count >= pleMinShare * n
        ? fitPleEdges(Float64Array.from(heavy ? Array.from(sorted, signedLog1p) : sorted), pleBins)
        : null;
    const binShares = pleEdges === null ? undefined : pleBinShares(pleEdges, transformed);
    features.push({
      kind: 'numeric',
      column: column.name,
      sentinels: [...sentinels],
      missingIndicator: missing > 0,
      fill,
      transform,
      mean: m,
      std: sd > 1e-12 ? sd : 1,
      clip,
      modeFlag,
      pleEdges,
      ...(binShares !== undefined ? { binShares } : {}),
    });
    valueRanges[column.name] = [sorted[0] ?? 0, sorted[sorted.length - 1] ?? 0];
    if (blank) blankColumns.push(column.name);
    if (column.date === undefined) {
      inputColumns.push({ name: column.name, kind: 'numeric' });
      zeroColumns.push(column.name);
    } else {
      // A date's days are no count: a date on the reference day is not a zero.
      inputColumns.push({ name: column.name, kind: 'numeric', date: column.date });
    }
  }

  if ((options.zeroCount ?? true) && zeroColumns.length >= 10) {
    const zeroSet = new Set(zeroColumns);
    const counts = new Float64Array(n);
    for (const column of table.columns) {
      if (column.kind !== 'numeric' || !zeroSet.has(column.name)) continue;
      for (let i = 0; i < n; i++)
        if (column.values[trainRows[i] ?? 0] === 0) counts[i] = (counts[i] ?? 0) + 1;
    }
    const m = mean(counts);
    const sd = standardDeviation(counts, m);
    features.push({ kind: 'zero-count', columns: zeroColumns, mean: m, std: sd > 1e-12 ? sd : 1 });
  }

  const outputNames = features.flatMap(outputNamesOf);
  const body = { inputColumns, features, outputNames };
  return {
    format: PREPROCESS_FORMAT,
    version: PREPROCESS_VERSION,
    schemaHash: schemaHashOf(body),
    idColumn,
    idKind: idKindOf(Array.from(trainRows, (row) => table.ids[row] ?? '')),
    target,
    inputColumns,
    dropped: { constant, duplicate, excluded: [...table.excluded] },
    features,
    outputNames,
    valueRanges,
    blankColumns,
    fittedOn: { rows: n },
  };
}

/** Duplicate detection: a cheap fingerprint of a column's values, then an exact comparison. */
function fingerprint(values: Float64Array): string {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    const x = Number.isNaN(v) ? 0x7ff8 : v;
    h1 = (Math.imul(h1, 31) + x * 1000003) | 0 | 0;
    h2 = (h2 + Math.imul(i + 1, (x * 7919) | 0)) | 0;
  }
  return `${h1}:${h2}`;
}

function findDuplicate(
  seen: Map<string, { name: string; values: Float64Array }[]>,
  values: Float64Array,
): string | null {
  const bucket = seen.get(fingerprint(values));
  if (bucket === undefined) return null;
  for (const candidate of bucket) {
    let same = true;
    for (let i = 0; i < values.length && same; i++) {
      const a = values[i] ?? 0;
      const b = candidate.values[i] ?? 0;
      same = a === b || (Number.isNaN(a) && Number.isNaN(b));
    }
    if (same) return candidate.name;
  }
  return null;
}
