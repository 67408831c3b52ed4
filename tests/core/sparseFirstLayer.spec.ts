/**
 * The sparse first layer gives the dense product's pre-activations: the reference here is the
 * spec's own encoder followed by a float64 matrix product, on rows chosen to hit every case (each
 * segment, the exact PLE edges and clip points, sentinels, missing values, the mode value,
 * categories kept, unknown and missing, overflowing magnitudes).
 */
import { describe, expect, it } from 'vitest';
import {
  createValueEncoder,
  fitPreprocess,
  type NumericFeature,
  type PreprocessSpec,
} from '../../src/core/preprocess';
import { createRng } from '../../src/core/rng';
import {
  accumulateSparse,
  createSparseFirstLayer,
  emptySparseBatch,
  type FirstLayerWeights,
  type SparseRows,
} from '../../src/core/scoring/sparseFirstLayer';
import type { ColumnTexts } from '../../src/core/records/textCodes';
import { tableOf } from '../support/tables';
import { valueOf } from '../support/results';

/** Santander-like columns plus a text column (its categories include numbers written as text). */
function portfolioLines(rows: number, seed: number): string[] {
  const rng = createRng(seed);
  const counted = Array.from({ length: 10 }, (_, i) => `ind${i}`);
  const lines = [['ID', 'var3', 'amount', 'var38', 'balance', 'tier', ...counted].join(',')];
  for (let r = 0; r < rows; r++) {
    const var3 = rng.next() < 0.05 ? -999999 : 2 + rng.int(5);
    const amount = rng.next() < 0.6 ? 0 : Math.round(Math.exp(rng.normal() * 2 + 6) * 100) / 100;
    const var38 = rng.next() < 0.3 ? 117310.979016494 : Math.round(50000 + rng.next() * 200000);
    const balance = rng.next() < 0.5 ? 0 : Math.round(rng.normal() * 3000);
    const tier = ['1', '2', '2', '3', 'x', ''][rng.int(6)] ?? '';
    const inds = counted.map(() => (rng.next() < 0.3 ? 1 : 0));
    lines.push([r + 1, var3, amount, var38, balance, tier, ...inds].join(','));
  }
  return lines;
}

const table = tableOf(portfolioLines(800, 7));
const spec: PreprocessSpec = fitPreprocess(
  table,
  Uint32Array.from({ length: 800 }, (_, i) => i),
  'ID',
  null,
);
const columns = spec.inputColumns.map((c) => c.name);
/** What the text column's codes stand for (code k is TIER_TEXTS[k − 1]): every value it takes. */
const TIER_TEXTS = ['1', '2', '3', 'x', 'never seen'];
const tierColumn = columns.indexOf('tier');
const texts: ColumnTexts = columns.map((_, c) => (c === tierColumn ? TIER_TEXTS : null));
const numeric = (name: string) =>
  spec.features.find((f): f is NumericFeature => f.kind === 'numeric' && f.column === name);

/** A random dense layer on the spec's outputs; 10 units, so the SIMD padding is exercised. */
function randomLayer(units: number, seed: number): FirstLayerWeights {
  const rng = createRng(seed);
  const inputs = spec.outputNames.length;
  return {
    units,
    kernel: Float32Array.from({ length: inputs * units }, () => rng.normal() * 0.3),
    bias: Float32Array.from({ length: units }, () => rng.normal()),
  };
}

/** Raw values on a transformed value t: the inverse of the spec's transform. */
function rawOf(feature: NumericFeature, t: number): number {
  if (feature.transform === 'none') return t;
  return t < 0 ? -Math.expm1(-t) : Math.expm1(t);
}

/** Customers as raw value rows (columns order), built to reach every case of every column. */
function edgeCustomers(): Float64Array[] {
  const rows: Float64Array[] = [];
  const at = (column: string, value: number, base?: Float64Array) => {
    const row = base === undefined ? new Float64Array(columns.length) : new Float64Array(base);
    row[columns.indexOf(column)] = value;
    rows.push(row);
  };
  for (const feature of spec.features) {
    if (feature.kind !== 'numeric') continue;
    const { column } = feature;
    const ts = [
      ...(feature.pleEdges ?? []),
      feature.mean - feature.clip * feature.std,
      feature.mean + feature.clip * feature.std,
    ];
    for (const t of ts) for (const nudge of [-1e-3, 0, 1e-3]) at(column, rawOf(feature, t + nudge));
    for (const value of [Number.NaN, -999999, 9999999999, 1e300, -1e300, -1, 1, 3.5]) {
      at(column, value);
    }
    if (feature.modeFlag !== null) at(column, feature.modeFlag);
  }
  // Every code, NaN and a code beyond the texts (both missing).
  for (const tier of [1, 2, 3, 4, 5, 6, Number.NaN]) at('tier', tier);
  return rows;
}

/** The training rows as raw value rows: what a portfolio looks like. */
function tableCustomers(): Float64Array[] {
  return Array.from({ length: table.ids.length }, (_, r) => {
    const row = new Float64Array(columns.length);
    columns.forEach((name, c) => {
      const column = table.columns.find((t) => t.name === name);
      if (column?.kind === 'numeric') row[c] = column.values[r] ?? Number.NaN;
      else if (column?.kind === 'categorical') {
        const text = column.values[r];
        row[c] = text === null || text === undefined ? 0 : TIER_TEXTS.indexOf(text) + 1;
      }
    });
    return row;
  });
}

/** Compressed-sparse-row form of value rows: only non-zero cells, in column order. */
function sparseRowsOf(rows: Float64Array[]): SparseRows {
  const rowStart = [0];
  const cellColumn: number[] = [];
  const cellValue: number[] = [];
  for (const row of rows) {
    row.forEach((value, c) => {
      if (value !== 0) {
        cellColumn.push(c);
        cellValue.push(value);
      }
    });
    rowStart.push(cellColumn.length);
  }
  return { rowStart, cellColumn, cellValue, texts };
}

/** The reference: the dense encoder, then bias + Σ input × weight in float64. */
function densePreActivations(rows: Float64Array[], layer: FirstLayerWeights): Float64Array[] {
  const encode = valueOf(createValueEncoder(spec, columns));
  const inputs = spec.outputNames.length;
  const encoded = new Float32Array(inputs);
  return rows.map((row) => {
    encode(row, encoded, 0, texts);
    const out = Float64Array.from(layer.bias);
    for (let i = 0; i < inputs; i++) {
      for (let u = 0; u < layer.units; u++) {
        out[u] = (out[u] ?? 0) + (encoded[i] ?? 0) * (layer.kernel[i * layer.units + u] ?? 0);
      }
    }
    return out;
  });
}

function sparsePreActivations(rows: Float64Array[], layer: FirstLayerWeights): Float32Array {
  const sparse = valueOf(createSparseFirstLayer(spec, columns, layer));
  const batch = emptySparseBatch();
  const out = new Float32Array(rows.length * sparse.width);
  sparse.batchOf(sparseRowsOf(rows), 0, rows.length, batch);
  accumulateSparse(sparse, batch, out);
  return out;
}

function largestError(rows: Float64Array[], layer: FirstLayerWeights): number {
  const reference = densePreActivations(rows, layer);
  const sparse = sparsePreActivations(rows, layer);
  const width = Math.ceil(layer.units / 4) * 4;
  let worst = 0;
  reference.forEach((expected, r) => {
    expected.forEach((value, u) => {
      const error = Math.abs((sparse[r * width + u] ?? Number.NaN) - value) / (1 + Math.abs(value));
      worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
    });
  });
  return worst;
}

/**
 * A random layer plus one pass-through unit per numeric score and one for the zero count (weight
 * 1, bias 0), as the tree member's inputs are built; returns the layer and, per pass-through unit,
 * the input it reads.
 */
function withPassThrough(seed: number): { layer: FirstLayerWeights; reads: Map<number, number> } {
  const base = randomLayer(10, seed);
  const inputs = spec.outputNames.length;
  const passes = [
    ...spec.features.flatMap((feature) =>
      feature.kind === 'numeric' ? [spec.outputNames.indexOf(feature.column)] : [],
    ),
    spec.outputNames.indexOf('zero_count'),
  ];
  const units = base.units + passes.length;
  const kernel = new Float32Array(inputs * units);
  const bias = new Float32Array(units);
  for (let i = 0; i < inputs; i++) {
    kernel.set(base.kernel.subarray(i * base.units, (i + 1) * base.units), i * units);
  }
  bias.set(base.bias);
  const reads = new Map<number, number>();
  passes.forEach((input, j) => {
    kernel[input * units + base.units + j] = 1;
    reads.set(base.units + j, input);
  });
  return { layer: { kernel, bias, units }, reads };
}

describe('the sparse first layer', () => {
  it('reads the columns the test means to reach: log and PLE, sentinels, a mode flag, categories', () => {
    expect(numeric('amount')?.transform).toBe('signed-log1p');
    expect(numeric('amount')?.pleEdges?.length).toBeGreaterThan(3);
    expect(numeric('var3')?.missingIndicator).toBe(true);
    expect(numeric('var38')?.modeFlag).toBe(117310.979016494);
    expect(spec.features.find((f) => f.kind === 'categorical')?.column).toBe('tier');
    expect(spec.features.some((f) => f.kind === 'zero-count')).toBe(true);
  });

  it('gives the dense pre-activations on every training customer (relative error ≤ 1e-5)', () => {
    expect(largestError(tableCustomers(), randomLayer(10, 1))).toBeLessThan(1e-5);
  });

  it('gives them at every breakpoint, special value and category of every column', () => {
    const rows = edgeCustomers();
    expect(rows.length).toBeGreaterThan(100);
    expect(largestError(rows, randomLayer(10, 2))).toBeLessThan(1e-5);
    expect(largestError(rows, randomLayer(64, 3))).toBeLessThan(1e-5);
  });

  it('gives an all-zero customer the bias plus the zero encoding, and pads rows to 4 lanes', () => {
    const layer = randomLayer(10, 4);
    const sparse = valueOf(createSparseFirstLayer(spec, columns, layer));
    expect(sparse.width).toBe(12);
    const [expected] = densePreActivations([new Float64Array(columns.length)], layer);
    Array.from(expected ?? []).forEach((value, u) => {
      expect(sparse.baseline[u]).toBeCloseTo(value, 5);
    });
    expect(Array.from(sparse.baseline.subarray(10))).toEqual([0, 0]);
  });

  it('reads a text cell through its texts: code 4 is "x", 5 a category not kept, 0 missing', () => {
    const encode = valueOf(createValueEncoder(spec, columns));
    const names = spec.outputNames;
    const oneHot = (code: number) => {
      const row = new Float64Array(columns.length);
      row[tierColumn] = code;
      const out = new Float32Array(names.length);
      encode(row, out, 0, texts);
      return names.filter((name, i) => name.startsWith('tier') && out[i] === 1);
    };
    expect(oneHot(4)).toEqual(['tier=x']);
    expect(oneHot(5)).toEqual(['tier=other']);
    expect(oneHot(0)).toEqual(['tier=missing']);
    expect(oneHot(Number.NaN)).toEqual(['tier=missing']);
  });

  it('leaves out zero cells and columns the model does not read', () => {
    const sparse = valueOf(
      createSparseFirstLayer(spec, [...columns, 'not_read'], randomLayer(10, 5)),
    );
    const batch = emptySparseBatch();
    const amount = columns.indexOf('amount');
    sparse.batchOf(
      { rowStart: [0, 3], cellColumn: [amount, columns.length, 0], cellValue: [12.5, 4, 0] },
      0,
      1,
      batch,
    );
    expect(batch.rows).toBe(1);
    expect(Array.from(batch.rowEnd.subarray(0, 1))).toEqual([1]);
  });

  it('passes a numeric input through with the very float32 the dense encoder gives, where sums round', () => {
    const { layer, reads } = withPassThrough(11);
    const rows = [...tableCustomers(), ...edgeCustomers()];
    const sparse = valueOf(createSparseFirstLayer(spec, columns, layer));
    // The pass-through units follow the 10 others: the loop accumulates 12 (SIMD lanes) of them.
    expect(sparse.accumulated).toBe(12);
    expect(sparse.width).toBe(Math.ceil(layer.units / 4) * 4);
    const cells = sparseRowsOf(rows);
    const batch = emptySparseBatch();
    const out = new Float32Array(rows.length * sparse.width);
    sparse.batchOf(cells, 0, rows.length, batch);
    accumulateSparse(sparse, batch, out);
    const encode = valueOf(createValueEncoder(spec, columns));
    const encoded = new Float32Array(spec.outputNames.length);
    const differs = (exact: boolean) =>
      rows.filter((row, r) => {
        encode(row, encoded, 0, texts);
        return [...reads].some(([unit, input]) => {
          const value = out[r * sparse.width + unit];
          return exact ? !Object.is(value, encoded[input]) : value !== encoded[input];
        });
      }).length;
    // Accumulated (or left at the baseline), some customers' inputs are not the encoder's value …
    expect(differs(false)).toBeGreaterThan(0);
    // … and the pass-through step gives every one of them bit for bit.
    sparse.exactPassThrough(batch, out);
    expect(differs(true)).toBe(0);
    // The other units keep their accumulated sums.
    const plain = sparsePreActivations(rows, layer);
    for (let r = 0; r < rows.length; r++) {
      for (let u = 0; u < 10; u++) {
        expect(out[r * sparse.width + u]).toBe(plain[r * sparse.width + u]);
      }
    }
  });

  it('refuses columns that lack one the spec reads, naming it', () => {
    const created = createSparseFirstLayer(
      spec,
      columns.filter((c) => c !== 'var38'),
      randomLayer(10, 6),
    );
    expect(created.ok ? null : created.problem).toEqual({
      code: 'missing-columns',
      columns: ['var38'],
      count: 1,
    });
  });
});
