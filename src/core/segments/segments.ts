/**
 * Segments of customers by one column: a text column's categories, or a numeric column's quantile
 * bins (age from var15, say). Fitted on training rows only; every customer then falls in exactly
 * one segment, coded 0…count − 1, so that a segment code fits a byte.
 */
import { referenceDayOf, type ColumnarTable, type DateFormat, type DateRule } from '../records';
import { sortedCopy } from '../stats';

/**
 * A column's segments. Categories: codes 0…k − 1 are the categories, k "other", k + 1 missing.
 * Bins: code i holds edges[i − 1] ≤ value < edges[i] (the first bin is open below, the last open
 * above), codes 0…edges.length, then one for missing.
 */
export type SegmentColumn =
  | { readonly kind: 'categories'; readonly column: string; readonly categories: readonly string[] }
  | {
      readonly kind: 'bins';
      readonly column: string;
      readonly edges: readonly number[];
      /** Raw values read as missing (NaN always is). */
      readonly missing: readonly number[];
      /** A date column's rule: its values are days to the reference date (records/dateCells.ts). */
      readonly date?: DateRule;
    };

/** What a segment is, for an interface to word: a category, a range, "other" or missing. */
export type SegmentName =
  | { readonly kind: 'category'; readonly text: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'missing' }
  /** low ≤ value < high; null is unbounded. */
  | { readonly kind: 'range'; readonly low: number | null; readonly high: number | null }
  /**
   * A date column's range, as the dates from `first` to `last`, both included (day numbers from
   * 1970-01-01; null is unbounded), written in the column's `format`.
   */
  | {
      readonly kind: 'dates';
      readonly first: number | null;
      readonly last: number | null;
      readonly format: DateFormat;
    };

/** How many segments a column has, missing (and "other") included. Never fails. */
export function segmentCount(column: SegmentColumn): number {
  return column.kind === 'categories' ? column.categories.length + 2 : column.edges.length + 2;
}

/** The segments of a column, in code order. Never fails. */
export function segmentNames(column: SegmentColumn): SegmentName[] {
  if (column.kind === 'categories') {
    return [
      ...column.categories.map((text) => ({ kind: 'category' as const, text })),
      { kind: 'other' },
      { kind: 'missing' },
    ];
  }
  const edges = column.edges;
  const reference = column.date === undefined ? undefined : referenceDayOf(column.date);
  const ranges = Array.from({ length: edges.length + 1 }, (_, i): SegmentName => {
    const low = i === 0 ? null : (edges[i - 1] ?? null);
    const high = i === edges.length ? null : (edges[i] ?? null);
    if (column.date === undefined || reference === undefined) return { kind: 'range', low, high };
    // Days in [low, high) are the dates from reference − ⌈high⌉ + 1 to reference − ⌈low⌉.
    return {
      kind: 'dates',
      first: high === null ? null : reference - Math.ceil(high) + 1,
      last: low === null ? null : reference - Math.ceil(low),
      format: column.date.format,
    };
  });
  return [...ranges, { kind: 'missing' }];
}

/** The segment of a numeric value (NaN and the column's missing values: the last code). */
export function segmentOfValue(column: SegmentColumn & { kind: 'bins' }, value: number): number {
  if (Number.isNaN(value) || column.missing.includes(value)) return column.edges.length + 1;
  let code = 0;
  while (code < column.edges.length && value >= (column.edges[code] ?? Infinity)) code++;
  return code;
}

/** The segment of a category (null = missing; a category not kept is "other"). */
export function segmentOfText(
  column: SegmentColumn & { kind: 'categories' },
  text: string | null,
): number {
  if (text === null) return column.categories.length + 1;
  const index = column.categories.indexOf(text);
  return index >= 0 ? index : column.categories.length;
}

export interface SegmentFitOptions {
  /** Only these columns may segment (the model's inputs, so that a portfolio carries them). */
  readonly columns: readonly string[];
  /** Raw values a numeric column reads as missing (the spec's sentinels). */
  readonly missingOf?: (column: string) => readonly number[];
  /** At most this many categories per text column (default 10), each on ≥ minRows rows. */
  readonly maxCategories?: number;
  readonly minRows?: number;
  /** Bins per numeric column, before equal edges merge (default 5: quintiles). */
  readonly bins?: number;
  /** At most this many numeric columns (default 4) and columns in all (default 12). */
  readonly maxNumeric?: number;
  readonly maxColumns?: number;
}

/**
 * The columns worth segmenting by, fitted on `rows` of the table: text columns with at least two
 * categories of minRows rows (kept in table order), then the numeric columns whose quantile bins
 * come out most distinct (a column mostly of one value gives one bin and is left out). No rows or
 * no such column gives none.
 */
export function fitSegmentColumns(
  table: ColumnarTable,
  rows: ArrayLike<number>,
  options: SegmentFitOptions,
): SegmentColumn[] {
  const allowed = new Set(options.columns);
  const minRows = options.minRows ?? 30;
  const maxCategories = options.maxCategories ?? 10;
  const bins = options.bins ?? 5;
  const text: SegmentColumn[] = [];
  const numeric: { column: SegmentColumn; edges: number; order: number }[] = [];
  table.columns.forEach((column, order) => {
    if (!allowed.has(column.name) || rows.length === 0) return;
    if (column.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (let i = 0; i < rows.length; i++) {
        const value = column.values[rows[i] ?? 0] ?? null;
        if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const categories = [...counts.entries()]
        .filter(([, count]) => count >= minRows)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, maxCategories)
        .map(([value]) => value);
      if (categories.length >= 2)
        text.push({ kind: 'categories', column: column.name, categories });
      return;
    }
    const missing = options.missingOf?.(column.name) ?? [];
    const present: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const value = column.values[rows[i] ?? 0] ?? Number.NaN;
      if (!Number.isNaN(value) && !missing.includes(value)) present.push(value);
    }
    if (present.length < minRows * 2) return;
    const sorted = sortedCopy(present);
    const lowest = sorted[0] ?? 0;
    // Observed values as edges, so that a bin reads as the data does ("30 ≤ age < 40").
    const edges = [
      ...new Set(
        Array.from(
          { length: bins - 1 },
          (_, i) => sorted[Math.floor(((i + 1) / bins) * sorted.length)] ?? lowest,
        ),
      ),
    ].filter((edge) => edge > lowest);
    if (edges.length === 0) return;
    numeric.push({
      column: {
        kind: 'bins',
        column: column.name,
        edges,
        missing,
        ...(column.date === undefined ? {} : { date: column.date }),
      },
      edges: edges.length,
      order,
    });
  });
  const chosenNumeric = numeric
    .sort((a, b) => b.edges - a.edges || a.order - b.order)
    .slice(0, options.maxNumeric ?? 4)
    .sort((a, b) => a.order - b.order)
    .map((n) => n.column);
  return [...text, ...chosenNumeric].slice(0, options.maxColumns ?? 12);
}

/** Each row's segment code under `column` (rows of the table, in order); an absent column codes all missing. */
export function segmentCodesOf(
  table: ColumnarTable,
  column: SegmentColumn,
  rows: ArrayLike<number>,
): Uint8Array {
  const data = table.columns.find((c) => c.name === column.column);
  const codes = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    if (column.kind === 'categories') {
      const value = data?.kind === 'categorical' ? (data.values[row] ?? null) : null;
      codes[i] = segmentOfText(column, value);
    } else {
      const value = data?.kind === 'numeric' ? (data.values[row] ?? Number.NaN) : Number.NaN;
      codes[i] = segmentOfValue(column, value);
    }
  }
  return codes;
}
