/**
 * The synthetic twin: figures fitted to a real labelled table (per class: share of zeros, share of
 * each sentinel, a dominant mode, quantiles of the rest, or the distribution of a few discrete
 * values), and a seeded generator that draws new customers from them. No row of the real table is
 * kept; only these statistics are.
 */
import { createRng, type Rng } from '../../src/core/rng';
import { distinctCountSorted, modeSorted, quantileSorted } from '../../src/core/stats';
import type { ColumnarTable } from '../../src/core/records';

export const TWIN_FORMAT = 'retem-twin';

/** Quantile levels kept for continuous columns (no 0 or 1: extremes are single rows). */
export const TWIN_LEVELS: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75,
  0.8, 0.85, 0.9, 0.95, 0.975, 0.995,
];

export interface ContinuousClassStats {
  /** Shares of rows equal to 0, to the mode, and to each sentinel. */
  readonly zero: number;
  readonly mode: number;
  readonly sentinels: readonly number[];
  /** Quantiles (at TWIN_LEVELS) of the values that are none of those. */
  readonly quantiles: readonly number[];
}

export type TwinColumn =
  | { readonly name: string; readonly kind: 'constant'; readonly value: number }
  | { readonly name: string; readonly kind: 'copy'; readonly of: string }
  | {
      readonly name: string;
      readonly kind: 'discrete';
      readonly values: readonly number[];
      /** Per class (0, 1): probability of each value. */
      readonly probabilities: readonly [readonly number[], readonly number[]];
    }
  | {
      readonly name: string;
      readonly kind: 'continuous';
      readonly integer: boolean;
      readonly modeValue: number;
      readonly sentinelValues: readonly number[];
      readonly byClass: readonly [ContinuousClassStats, ContinuousClassStats];
    };

export interface TwinStats {
  readonly format: typeof TWIN_FORMAT;
  readonly version: 1;
  readonly source: string;
  readonly idColumn: string;
  readonly targetColumn: string;
  /** Share of positives. */
  readonly positiveRate: number;
  /**
   * Share of cells drawn from the class-conditional figures; the rest come from the pooled ones.
   * The real columns are strongly correlated, independent draws are not, so full class signal in
   * every column would make the twin far easier than the real data: this dial restores realism.
   */
  readonly classSignal: number;
  readonly columns: readonly TwinColumn[];
}

const round = (x: number) => Number(x.toPrecision(8));

/**
 * Fits twin figures to the numeric columns of a labelled table. Discrete values seen in fewer than
 * minRows rows are folded into the most common value, so no single row's value is recorded.
 */
export function fitTwinStats(
  table: ColumnarTable,
  labels: Uint8Array,
  options: {
    source: string;
    idColumn: string;
    targetColumn: string;
    sentinels: readonly number[];
    classSignal: number;
    minRows?: number;
    maxDiscrete?: number;
  },
): TwinStats {
  const minRows = options.minRows ?? 5;
  const maxDiscrete = options.maxDiscrete ?? 40;
  const n = labels.length;
  let positives = 0;
  for (const label of labels) positives += label;
  const seen = new Map<string, { name: string; values: Float64Array }[]>();
  const columns: TwinColumn[] = [];
  for (const column of table.columns) {
    if (column.kind !== 'numeric') continue;
    const values = column.values;
    const key = signature(values);
    const bucket = seen.get(key) ?? [];
    const twin = bucket.find((other) => other.values.every((v, i) => Object.is(v, values[i])));
    if (twin !== undefined) {
      columns.push({ name: column.name, kind: 'copy', of: twin.name });
      continue;
    }
    bucket.push({ name: column.name, values });
    seen.set(key, bucket);
    const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
    const distinct = distinctCountSorted(sorted);
    if (distinct <= 1) {
      columns.push({ name: column.name, kind: 'constant', value: sorted[0] ?? 0 });
      continue;
    }
    if (distinct <= maxDiscrete) {
      const counts = new Map<number, [number, number]>();
      for (let i = 0; i < n; i++) {
        const v = values[i] ?? 0;
        const pair = counts.get(v) ?? [0, 0];
        pair[labels[i] === 1 ? 1 : 0]++;
        counts.set(v, pair);
      }
      const common = modeSorted(sorted).value;
      const kept = [...counts.entries()].filter(([v, c]) => v === common || c[0] + c[1] >= minRows);
      const folded = [...counts.entries()].filter(
        ([v, c]) => v !== common && c[0] + c[1] < minRows,
      );
      const commonPair = counts.get(common) ?? [0, 0];
      for (const [, c] of folded) {
        commonPair[0] += c[0];
        commonPair[1] += c[1];
      }
      kept.sort((a, b) => a[0] - b[0]);
      columns.push({
        name: column.name,
        kind: 'discrete',
        values: kept.map(([v]) => v),
        probabilities: [
          kept.map(([, c]) => round(c[0] / Math.max(n - positives, 1))),
          kept.map(([, c]) => round(c[1] / Math.max(positives, 1))),
        ],
      });
      continue;
    }
    const sentinelValues = options.sentinels.filter((s) => sorted.includes(s));
    const mode = modeSorted(sorted);
    const modeValue = mode.value !== 0 && mode.count >= 0.05 * n ? mode.value : Number.NaN;
    const integer = sorted.every((v) => Number.isInteger(v));
    const classStats = ([0, 1] as const).map((cls): ContinuousClassStats => {
      const rest: number[] = [];
      let zero = 0;
      let atMode = 0;
      let rows = 0;
      const sentinelCounts = sentinelValues.map(() => 0);
      for (let i = 0; i < n; i++) {
        if ((labels[i] === 1 ? 1 : 0) !== cls) continue;
        const v = values[i] ?? 0;
        rows++;
        const s = sentinelValues.indexOf(v);
        if (s >= 0) sentinelCounts[s] = (sentinelCounts[s] ?? 0) + 1;
        else if (v === 0) zero++;
        else if (v === modeValue) atMode++;
        else rest.push(v);
      }
      const restSorted = Float64Array.from(rest).sort();
      return {
        zero: round(zero / Math.max(rows, 1)),
        mode: round(atMode / Math.max(rows, 1)),
        sentinels: sentinelCounts.map((c) => round(c / Math.max(rows, 1))),
        quantiles:
          restSorted.length >= minRows
            ? TWIN_LEVELS.map((q) => round(quantileSorted(restSorted, q)))
            : [],
      };
    });
    columns.push({
      name: column.name,
      kind: 'continuous',
      integer,
      modeValue: Number.isNaN(modeValue) ? 0 : modeValue,
      sentinelValues,
      byClass: [classStats[0] as ContinuousClassStats, classStats[1] as ContinuousClassStats],
    });
  }
  return {
    format: TWIN_FORMAT,
    version: 1,
    source: options.source,
    idColumn: options.idColumn,
    targetColumn: options.targetColumn,
    positiveRate: round(positives / Math.max(n, 1)),
    classSignal: options.classSignal,
    columns,
  };
}

function signature(values: Float64Array): string {
  let h = 0;
  for (let i = 0; i < values.length; i++) {
    h = (Math.imul(h, 31) + (((values[i] ?? 0) * 1000003) | 0)) | 0;
  }
  return `${values.length}:${h}`;
}

function drawFromClass(
  column: Extract<TwinColumn, { kind: 'continuous' }>,
  stats: ContinuousClassStats,
  rng: Rng,
): number {
  let u = rng.next();
  if (u < stats.zero) return 0;
  u -= stats.zero;
  for (let s = 0; s < stats.sentinels.length; s++) {
    const share = stats.sentinels[s] ?? 0;
    if (u < share) return column.sentinelValues[s] ?? 0;
    u -= share;
  }
  if (u < stats.mode) return column.modeValue;
  const q = stats.quantiles;
  if (q.length === 0) return column.modeValue;
  // Inverse CDF by linear interpolation between the kept quantiles.
  const level = rng.next();
  let value: number;
  const first = TWIN_LEVELS[0] ?? 0;
  const last = TWIN_LEVELS[TWIN_LEVELS.length - 1] ?? 1;
  if (level <= first) value = q[0] ?? 0;
  else if (level >= last) value = q[q.length - 1] ?? 0;
  else {
    let k = 1;
    while (k < TWIN_LEVELS.length - 1 && (TWIN_LEVELS[k] ?? 1) < level) k++;
    const l0 = TWIN_LEVELS[k - 1] ?? 0;
    const l1 = TWIN_LEVELS[k] ?? 1;
    const v0 = q[k - 1] ?? 0;
    const v1 = q[k] ?? 0;
    value = v0 + ((v1 - v0) * (level - l0)) / (l1 - l0);
  }
  return column.integer ? Math.round(value) : value;
}

/**
 * Draws one customer: returns the label and the values in the order of stats.columns. The class of
 * each cell's figures is the customer's with probability classSignal, else a pooled draw.
 */
export function drawTwinCustomer(stats: TwinStats, rng: Rng): { label: 0 | 1; values: number[] } {
  const label: 0 | 1 = rng.next() < stats.positiveRate ? 1 : 0;
  const values: number[] = [];
  const byName = new Map<string, number>();
  for (const column of stats.columns) {
    const cls: 0 | 1 =
      rng.next() < stats.classSignal ? label : rng.next() < stats.positiveRate ? 1 : 0;
    let value: number;
    switch (column.kind) {
      case 'constant':
        value = column.value;
        break;
      case 'copy':
        value = byName.get(column.of) ?? 0;
        break;
      case 'discrete': {
        const probabilities = column.probabilities[cls];
        let u = rng.next();
        value = column.values[column.values.length - 1] ?? 0;
        for (let i = 0; i < column.values.length; i++) {
          const p = probabilities[i] ?? 0;
          if (u < p) {
            value = column.values[i] ?? 0;
            break;
          }
          u -= p;
        }
        break;
      }
      case 'continuous':
        value = drawFromClass(column, column.byClass[cls], rng);
        break;
    }
    byName.set(column.name, value);
    values.push(value);
  }
  return { label, values };
}

/** Formats a drawn value for CSV: integers plainly, others with at most 6 decimals. */
export function formatTwinValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(6)));
}

/**
 * Yields CSV lines of `rows` twin customers, header first, IDs from firstId upwards. With
 * labelled = false the target column is left out (customers to score). Seeded and deterministic.
 */
export function* twinCsvLines(
  stats: TwinStats,
  rows: number,
  seed: number,
  firstId: number,
  labelled: boolean,
): Generator<string> {
  const rng = createRng(seed);
  const names = stats.columns.map((c) => c.name);
  yield [stats.idColumn, ...names, ...(labelled ? [stats.targetColumn] : [])].join(',');
  for (let r = 0; r < rows; r++) {
    const { label, values } = drawTwinCustomer(stats, rng);
    const cells = values.map(formatTwinValue);
    yield [String(firstId + r), ...cells, ...(labelled ? [String(label)] : [])].join(',');
  }
}
