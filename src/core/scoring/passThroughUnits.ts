/**
 * The first layer's pass-through units: those that carry one encoded input unchanged (weight 1,
 * bias 0), as the tree member's inputs do. The sparse first layer gives them the encoder's own
 * float32 values instead of accumulated sums (sparseFirstLayer.ts), so that a tree compares the
 * very value that training binned.
 */
import {
  encodeNumericFeature,
  numericScore,
  outputNamesOf,
  scoreOfTransformed,
  zeroCountScore,
  type NumericFeature,
  type PreprocessSpec,
  type ZeroCountFeature,
} from '../preprocess';
import type { FirstLayerWeights, SparseBatch } from './sparseFirstLayer';

export interface PassThroughRead {
  readonly feature: NumericFeature;
  /** A scratch block of the feature's outputs. */
  readonly block: Float32Array;
  /** Whether every unit reads the feature's first output, its score. */
  scoreOnly: boolean;
  readonly units: { readonly unit: number; readonly output: number }[];
}

export interface PassThroughUnits {
  /** Every pass-through unit. */
  readonly units: ReadonlySet<number>;
  /**
   * The units that pass the zero count through, with the count's feature, the columns it counts
   * (1 by cell column) and how many of them there are; null when no unit reads it.
   */
  readonly zeroCount: {
    readonly feature: ZeroCountFeature;
    readonly units: readonly number[];
    readonly counted: Uint8Array;
    readonly columns: number;
  } | null;
  /** By cell column: the numeric feature and the units reading its outputs (undefined: none). */
  readonly byColumn: readonly (PassThroughRead | undefined)[];
  /** The most units that read one column (0 when there are none). */
  readonly mostUnitsPerColumn: number;
}

/**
 * Writes a cell's pass-through values at position passes of the batch; returns the next position.
 * `t` is the cell's transformed value as writeCell computed it (NaN for a special value).
 */
export function writePasses(
  reads: PassThroughRead,
  raw: number,
  t: number,
  row: number,
  batch: SparseBatch,
  passes: number,
): number {
  const units = reads.units;
  if (reads.scoreOnly) {
    // The common case (the tree member reads a column's score): no whole block to encode, and an
    // ordinary value's transform is writeCell's.
    const score = Number.isNaN(t)
      ? numericScore(reads.feature, raw)
      : scoreOfTransformed(reads.feature, t);
    for (let i = 0; i < units.length; i++, passes++) {
      batch.passRow[passes] = row;
      batch.passUnit[passes] = units[i]?.unit ?? 0;
      batch.passValue[passes] = score;
    }
    return passes;
  }
  encodeNumericFeature(reads.feature, raw, reads.block, 0);
  for (let i = 0; i < units.length; i++, passes++) {
    const read = units[i];
    batch.passRow[passes] = row;
    batch.passUnit[passes] = read?.unit ?? 0;
    batch.passValue[passes] = reads.block[read?.output ?? 0] ?? 0;
  }
  return passes;
}

/**
 * The units whose kernel column is a single 1 on a numeric feature's output, or on the zero count,
 * and whose bias is 0: those of a numeric feature located by the cell column they read.
 */
export function passThroughUnits(
  spec: PreprocessSpec,
  columns: readonly string[],
  layer: FirstLayerWeights,
): PassThroughUnits {
  const inputs = spec.outputNames.length;
  const numericAt = new Map<number, { feature: NumericFeature; output: number }>();
  let zeroCountAt = -1;
  let offset = 0;
  for (const feature of spec.features) {
    const outputs = outputNamesOf(feature).length;
    if (feature.kind === 'numeric') {
      for (let k = 0; k < outputs; k++) numericAt.set(offset + k, { feature, output: k });
    } else if (feature.kind === 'zero-count') zeroCountAt = offset;
    offset += outputs;
  }
  const positions = new Map(columns.map((name, index) => [name, index]));
  // Filled with undefined, so that the array stays packed for the per-cell lookups.
  const byColumn = new Array<PassThroughRead | undefined>(columns.length).fill(undefined);
  const units = new Set<number>();
  const zeroCountUnits: number[] = [];
  for (let u = 0; u < layer.units; u++) {
    if (layer.bias[u] !== 0) continue;
    let input = -1;
    let single = true;
    for (let i = 0; i < inputs && single; i++) {
      const w = layer.kernel[i * layer.units + u] ?? 0;
      if (w === 0) continue;
      if (w !== 1 || input >= 0) single = false;
      else input = i;
    }
    if (!single || input < 0) continue;
    if (input === zeroCountAt) {
      units.add(u);
      zeroCountUnits.push(u);
      continue;
    }
    const read = numericAt.get(input);
    const c = read === undefined ? undefined : positions.get(read.feature.column);
    if (read === undefined || c === undefined) continue;
    units.add(u);
    const entry = byColumn[c] ?? {
      feature: read.feature,
      block: new Float32Array(outputNamesOf(read.feature).length),
      scoreOnly: true,
      units: [],
    };
    entry.units.push({ unit: u, output: read.output });
    entry.scoreOnly &&= read.output === 0;
    byColumn[c] = entry;
  }
  const mostUnitsPerColumn = Math.max(0, ...byColumn.map((reads) => reads?.units.length ?? 0));
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  let zeroCount: PassThroughUnits['zeroCount'] = null;
  if (zeroFeature !== undefined && zeroCountUnits.length > 0) {
    const counted = new Uint8Array(columns.length);
    for (const name of zeroFeature.columns) {
      const c = positions.get(name);
      if (c !== undefined) counted[c] = 1;
    }
    const countedColumns = counted.reduce((sum, v) => sum + v, 0);
    zeroCount = { feature: zeroFeature, units: zeroCountUnits, counted, columns: countedColumns };
  }
  return { units, byColumn, mostUnitsPerColumn, zeroCount };
}

/**
 * Writes a row's zero-count pass-through values at position passes of the batch, for a row with
 * `counted` non-zero cells in the counted columns; returns the next position.
 */
export function writeZeroCountPasses(
  zeroCount: NonNullable<PassThroughUnits['zeroCount']>,
  counted: number,
  row: number,
  batch: SparseBatch,
  passes: number,
): number {
  const score = zeroCountScore(zeroCount.feature, zeroCount.columns - counted);
  for (const unit of zeroCount.units) {
    batch.passRow[passes] = row;
    batch.passUnit[passes] = unit;
    batch.passValue[passes] = score;
    passes++;
  }
  return passes;
}
