/**
 * The network's first layer at a cost proportional to what a customer holds, not to the model's
 * width. A raw zero always encodes to the same outputs, so the first layer's pre-activations are
 * those of an all-zero customer plus one term per non-zero cell. Each column's term is exact:
 * - a numeric value outside its special cases is a piecewise-linear function of its transformed
 *   value t (the clipped standard score and the PLE shares are both piecewise linear in t), so on
 *   each segment between breakpoints the term is A + (t − centre)·S, two precomputed vectors (the
 *   centre keeps A and S from cancelling in float32);
 * - a missing value, a sentinel or the mode-flag value has its own vector;
 * - a text column's cell (a code into the chunk's texts, see textCodes.ts) has one vector per kept
 *   category and one for "other"; an absent or missing cell is the all-zero customer's "missing";
 * - a cell in a zero-counted column also lowers the zero count by one, folded into its vectors.
 * So a customer costs (non-zero cells) × 2 × units multiply-adds instead of inputs × units: on
 * Santander about 34 cells × 2 against 490 inputs. The vectors form one table of entries; a batch
 * of rows becomes (entry, dt) pairs, and an accumulate kernel (this module's, or the same loop in
 * WebAssembly SIMD) sums them. Units that only carry an input through (the tree member's, placed
 * last) are not summed: the batch holds their exact values (passThroughUnits.ts).
 */
import {
  createValueEncoder,
  encodeCategoricalFeature,
  encodeNumericFeature,
  outputNamesOf,
  type NumericFeature,
  type PreprocessSpec,
} from '../preprocess';
import { type HeaderProblem, type ColumnTexts, textOfCode } from '../records';
import { success, type Result } from '../result';
import { signedLog1p } from '../stats';
import {
  passThroughUnits,
  writePasses,
  writeZeroCountPasses,
  type PassThroughUnits,
} from './passThroughUnits';

/** A dense layer on the encoded inputs: kernel row-major [inputs × units], bias [units]. */
export interface FirstLayerWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly units: number;
}

/**
 * Compressed-sparse-row customers: rowStart[r]..rowStart[r+1] index row r's non-zero cells; a text
 * column's values are codes into `texts`.
 */
export interface SparseRows {
  readonly rowStart: ArrayLike<number>;
  readonly cellColumn: ArrayLike<number>;
  readonly cellValue: ArrayLike<number>;
  readonly texts?: ColumnTexts;
}

/**
 * A batch of rows as table entries: cells of row r end at rowEnd[r]; entry and dt per cell. Then
 * the pass-through units' exact values: unit passUnit[i] of row passRow[i] (counted from the
 * batch's first row) is passValue[i], for i < passes.
 */
export interface SparseBatch {
  rows: number;
  rowEnd: Int32Array;
  entries: Int32Array;
  dts: Float32Array;
  passes: number;
  passRow: Int32Array;
  passUnit: Int32Array;
  passValue: Float32Array;
}

/** The first layer as a table: what any accumulate kernel needs. */
export interface SparseFirstLayer {
  /** The layer's units. */
  readonly units: number;
  /** Floats per output row and per half-entry: units rounded up to a multiple of 4 (SIMD lanes). */
  readonly width: number;
  /**
   * Floats per half-entry of the table: the units that are accumulated, a multiple of 4 ≤ width.
   * The units after them pass an input through (the tree member's): a row keeps their baseline
   * until exactPassThrough writes them, so the accumulate loop skips them.
   */
  readonly accumulated: number;
  /** The all-zero customer's pre-activations (bias included), `width` floats. */
  readonly baseline: Float32Array;
  /** Entry e: A at [2e·accumulated, 2e·accumulated + accumulated), S right after it. */
  readonly table: Float32Array;
  /**
   * Turns rows [first, end) of `rows` into `batch` (its arrays grow when too small); cells valued
   * 0 and columns the model does not read contribute nothing and are left out. Each cell of a
   * column that a pass-through unit reads also gives that unit's exact value (exactPassThrough).
   */
  batchOf(rows: SparseRows, first: number, end: number, batch: SparseBatch): void;
  /**
   * Overwrites, in `out` (the batch's rows, `width` floats each, as accumulated), every unit that
   * passes one numeric input through unchanged (weight 1, bias 0: the tree member's inputs) with
   * that input's float32 encoding as the dense path computes it. Accumulated sums are rounded
   * along the way, and a tree must compare the very value that training binned. A row without a
   * cell in the column keeps the baseline, already the encoder's value. No such units: does nothing.
   */
  exactPassThrough(batch: SparseBatch, out: Float32Array): void;
}

/** An empty batch to reuse across calls to batchOf. */
export function emptySparseBatch(): SparseBatch {
  return {
    rows: 0,
    rowEnd: new Int32Array(0),
    entries: new Int32Array(0),
    dts: new Float32Array(0),
    passes: 0,
    passRow: new Int32Array(0),
    passUnit: new Int32Array(0),
    passValue: new Float32Array(0),
  };
}

interface NumericTerm {
  readonly kind: 'numeric';
  readonly feature: NumericFeature;
  readonly missing: number;
  readonly mode: number;
  /** Sorted breakpoints on the transformed scale; segment s lies between breakpoints s−1 and s. */
  readonly breakpoints: Float64Array;
  readonly centres: Float64Array;
  /** Entry of segment 0; segment s is entry firstSegment + s. */
  readonly firstSegment: number;
}

interface CategoryTerm {
  readonly kind: 'categorical';
  readonly column: number;
  readonly byCategory: Map<string, number>;
  readonly other: number;
  readonly missing: number;
}

interface CountOnlyTerm {
  readonly kind: 'count-only';
  readonly entry: number;
}

type ColumnTerm = NumericTerm | CategoryTerm | CountOnlyTerm;

/**
 * The entries' intercepts and slopes, each cut or padded to `floats` floats, in one float32 table.
 */
function packEntries(
  entries: readonly { a: Float64Array; s: Float64Array }[],
  floats: number,
): Float32Array {
  const table = new Float32Array(entries.length * 2 * floats);
  entries.forEach(({ a, s }, e) => {
    table.set(a.subarray(0, floats), 2 * e * floats);
    table.set(s.subarray(0, floats), (2 * e + 1) * floats);
  });
  return table;
}

/**
 * Prepares the sparse first layer of a spec and a dense layer on its encoded outputs; cell columns
 * index `columns`. Gives the dense product's pre-activations up to float32 rounding. Refuses with
 * a HeaderProblem when a column the spec reads is not among `columns`; a layer whose kernel does
 * not have outputNames.length rows throws (a model/spec mismatch, not data).
 */
export function createSparseFirstLayer(
  spec: PreprocessSpec,
  columns: readonly string[],
  layer: FirstLayerWeights,
): Result<SparseFirstLayer, HeaderProblem> {
  const units = layer.units;
  const inputs = spec.outputNames.length;
  if (layer.kernel.length !== inputs * units || layer.bias.length !== units) {
    throw new Error(`first layer has ${layer.kernel.length} weights for ${inputs} × ${units}`);
  }
  const encodeValues = createValueEncoder(spec, columns);
  if (!encodeValues.ok) return encodeValues;
  const width = Math.ceil(units / 4) * 4;

  /** Adds kernelᵀ · block (the block's outputs start at input `offset`) into `into`. */
  const project = (block: ArrayLike<number>, offset: number, into: Float64Array) => {
    for (let j = 0; j < block.length; j++) {
      const x = block[j] ?? 0;
      if (x === 0) continue;
      const row = (offset + j) * units;
      for (let u = 0; u < units; u++) {
        into[u] = (into[u] ?? 0) + x * (layer.kernel[row + u] ?? 0);
      }
    }
  };

  // The all-zero customer, through the encoder the dense path uses.
  const zeroRow = new Float32Array(inputs);
  encodeValues.value(new Float64Array(columns.length), zeroRow, 0);
  const baseline64 = Float64Array.from(layer.bias);
  project(zeroRow, 0, baseline64);
  const passThrough = passThroughUnits(spec, columns, layer);

  // Where each feature's outputs start; one zero fewer moves the count's output by −1/std.
  const zeroFeature = spec.features.find((f) => f.kind === 'zero-count');
  const zeroCounted = new Set(zeroFeature?.columns ?? []);
  const zeroStep = new Float64Array(units);
  const offsetOf = new Map<string, number>();
  let offset = 0;
  for (const feature of spec.features) {
    if (feature.kind === 'zero-count') project([-1 / feature.std], offset, zeroStep);
    else offsetOf.set(feature.column, offset);
    offset += outputNamesOf(feature).length;
  }

  const entries: { a: Float64Array; s: Float64Array }[] = [];
  const addEntry = (a: Float64Array, s: Float64Array, counted: boolean) => {
    if (counted) for (let u = 0; u < units; u++) a[u] = (a[u] ?? 0) + (zeroStep[u] ?? 0);
    entries.push({ a, s });
    return entries.length - 1;
  };
  /** The entry of a value whose block is `block`: Wᵀ(block − zero block), no slope. */
  const fixedEntry = (
    block: Float32Array,
    zeroBlock: Float32Array,
    at: number,
    counted: boolean,
  ) => {
    const a = new Float64Array(units);
    project(
      block.map((x, j) => x - (zeroBlock[j] ?? 0)),
      at,
      a,
    );
    return addEntry(a, new Float64Array(units), counted);
  };

  const positions = new Map(columns.map((name, index) => [name, index]));
  const terms: (ColumnTerm | undefined)[] = new Array<ColumnTerm | undefined>(columns.length);
  for (const feature of spec.features) {
    if (feature.kind === 'zero-count') continue;
    const at = offsetOf.get(feature.column) ?? 0;
    const counted = zeroCounted.has(feature.column);
    const outputs = outputNamesOf(feature).length;
    const zeroBlock = new Float32Array(outputs);
    const block = new Float32Array(outputs);
    let term: ColumnTerm;
    if (feature.kind === 'numeric') {
      encodeNumericFeature(feature, 0, zeroBlock, 0);
      encodeNumericFeature(feature, Number.NaN, block, 0);
      const missing = fixedEntry(block, zeroBlock, at, counted);
      let mode = -1;
      if (feature.modeFlag !== null) {
        encodeNumericFeature(feature, feature.modeFlag, block, 0);
        mode = fixedEntry(block, zeroBlock, at, counted);
      }
      const { breakpoints, centres, blocks } = numericSegments(feature, zeroBlock);
      const firstSegment = entries.length;
      for (const segment of blocks) {
        const a = new Float64Array(units);
        const s = new Float64Array(units);
        project(segment.constant, at, a);
        project(segment.slope, at, s);
        addEntry(a, s, counted);
      }
      term = { kind: 'numeric', feature, missing, mode, breakpoints, centres, firstSegment };
    } else {
      // A text column's absent cell is a missing category.
      encodeCategoricalFeature(feature, null, zeroBlock, 0);
      const byCategory = new Map<string, number>();
      for (const category of feature.categories) {
        encodeCategoricalFeature(feature, category, block, 0);
        byCategory.set(category, fixedEntry(block, zeroBlock, at, counted));
      }
      encodeCategoricalFeature(feature, null, block, 0);
      const missing = fixedEntry(block, zeroBlock, at, counted);
      // The "other" output sits right after the kept categories.
      block.fill(0);
      block[feature.categories.length] = 1;
      const other = fixedEntry(block, zeroBlock, at, counted);
      term = {
        kind: 'categorical',
        column: positions.get(feature.column) ?? -1,
        byCategory,
        other,
        missing,
      };
    }
    const c = positions.get(feature.column);
    if (c !== undefined) terms[c] = term;
  }
  // Columns read only by the zero count.
  if (zeroCounted.size > 0) {
    const entry = addEntry(new Float64Array(units), new Float64Array(units), true);
    for (const name of zeroCounted) {
      const c = positions.get(name);
      if (c !== undefined && terms[c] === undefined) terms[c] = { kind: 'count-only', entry };
    }
  }

  // Pass-through units at the end of the layer need no accumulation.
  let firstPassing = units;
  while (firstPassing > 0 && passThrough.units.has(firstPassing - 1)) firstPassing--;
  const accumulated = Math.ceil(firstPassing / 4) * 4;
  const table = packEntries(entries, accumulated);
  const baseline = Float32Array.from({ length: width }, (_, u) => baseline64[u] ?? 0);

  return success({
    units,
    width,
    accumulated,
    baseline,
    table,
    batchOf(rows, first, end, batch) {
      fillBatch(terms, passThrough, rows, first, end, batch);
    },
    exactPassThrough(batch, out) {
      for (let i = 0; i < batch.passes; i++) {
        out[(batch.passRow[i] ?? 0) * width + (batch.passUnit[i] ?? 0)] = batch.passValue[i] ?? 0;
      }
    },
  });
}

/** batchOf of a layer whose columns read as `terms`, with its pass-through units. */
function fillBatch(
  terms: readonly (ColumnTerm | undefined)[],
  passThrough: PassThroughUnits,
  rows: SparseRows,
  first: number,
  end: number,
  batch: SparseBatch,
): void {
  const count = end - first;
  const cells = (rows.rowStart[end] ?? 0) - (rows.rowStart[first] ?? 0);
  if (batch.rowEnd.length < count) batch.rowEnd = new Int32Array(count);
  if (batch.entries.length < cells) {
    batch.entries = new Int32Array(cells);
    batch.dts = new Float32Array(cells);
  }
  const zeroCount = passThrough.zeroCount;
  const passCapacity =
    cells * passThrough.mostUnitsPerColumn + count * (zeroCount?.units.length ?? 0);
  if (batch.passRow.length < passCapacity) {
    batch.passRow = new Int32Array(passCapacity);
    batch.passUnit = new Int32Array(passCapacity);
    batch.passValue = new Float32Array(passCapacity);
  }
  batch.rows = count;
  let n = 0;
  let passes = 0;
  for (let r = first; r < end; r++) {
    const stop = rows.rowStart[r + 1] ?? 0;
    // Cells of counted columns that are not zeros (a missing value is not a zero either).
    let counted = 0;
    for (let k = rows.rowStart[r] ?? 0; k < stop; k++) {
      const value = rows.cellValue[k] ?? 0;
      if (value === 0) continue;
      const column = rows.cellColumn[k] ?? -1;
      const term = terms[column];
      if (term === undefined) continue;
      const t = writeCell(term, value, rows.texts, batch, n);
      n++;
      const reads = passThrough.byColumn[column];
      if (reads !== undefined) passes = writePasses(reads, value, t, r - first, batch, passes);
      if (zeroCount !== null) counted += zeroCount.counted[column] ?? 0;
    }
    batch.rowEnd[r - first] = n;
    // A row without such a cell keeps the baseline, the count of an all-zero row.
    if (zeroCount !== null && counted > 0) {
      passes = writeZeroCountPasses(zeroCount, counted, r - first, batch, passes);
    }
  }
  batch.passes = passes;
}

/**
 * Writes one cell's entry and dt at position n of the batch; returns a numeric cell's transformed
 * value, or NaN (a missing value, a sentinel, the mode-flag value, a text or count-only cell).
 */
function writeCell(
  term: ColumnTerm,
  value: number,
  texts: ColumnTexts | undefined,
  batch: SparseBatch,
  n: number,
): number {
  let entry: number;
  let dt = 0;
  let transformed = Number.NaN;
  if (term.kind === 'count-only') entry = term.entry;
  else if (term.kind === 'categorical') {
    const text = textOfCode(texts, term.column, value);
    entry = text === null ? term.missing : (term.byCategory.get(text) ?? term.other);
  } else if (Number.isNaN(value) || term.feature.sentinels.includes(value)) entry = term.missing;
  else if (term.mode >= 0 && value === term.feature.modeFlag) entry = term.mode;
  else {
    const t = term.feature.transform === 'signed-log1p' ? signedLog1p(value) : value;
    transformed = t;
    const breakpoints = term.breakpoints;
    let s = 0;
    while (s < breakpoints.length && t >= (breakpoints[s] ?? 0)) s++;
    entry = term.firstSegment + s;
    // The two unbounded segments are flat; a far value (1e300) must not become ∞ · 0.
    if (s > 0 && s < breakpoints.length) dt = t - (term.centres[s] ?? 0);
  }
  batch.entries[n] = entry;
  batch.dts[n] = dt;
  return transformed;
}

/**
 * A numeric column's segments. Within a segment the encoder's outputs are, in t: the standard
 * score (t − mean)/std or a constant ±clip; each PLE share 0, 1 or (t − lo)/(hi − lo); the missing
 * indicator and the mode flag 0. So the block is C + (t − centre)·D, and both are exact.
 */
function numericSegments(feature: NumericFeature, zeroBlock: Float32Array) {
  const low = feature.mean - feature.clip * feature.std;
  const high = feature.mean + feature.clip * feature.std;
  const breakpoints = Float64Array.from(
    [...new Set([low, high, ...(feature.pleEdges ?? [])])].sort((a, b) => a - b),
  );
  const count = breakpoints.length + 1;
  const centres = new Float64Array(count);
  const blocks: { constant: Float64Array; slope: Float64Array }[] = [];
  const outputs = zeroBlock.length;
  const edges = feature.pleEdges ?? [];
  for (let s = 0; s < count; s++) {
    const left = breakpoints[s - 1];
    const right = breakpoints[s];
    // The unbounded segments are constant in t (clipped, PLE saturated): any centre serves.
    const centre =
      left === undefined ? (right ?? 0) : right === undefined ? left : left + (right - left) / 2;
    centres[s] = centre;
    const inside = left === undefined ? centre - 1 : right === undefined ? centre + 1 : centre;
    const constant = new Float64Array(outputs);
    const slope = new Float64Array(outputs);
    const z = (inside - feature.mean) / feature.std;
    if (z > feature.clip) constant[0] = feature.clip;
    else if (z < -feature.clip) constant[0] = -feature.clip;
    else {
      constant[0] = (centre - feature.mean) / feature.std;
      slope[0] = 1 / feature.std;
    }
    let o = 1 + (feature.missingIndicator ? 1 : 0) + (feature.modeFlag !== null ? 1 : 0);
    for (let b = 1; b < edges.length; b++, o++) {
      const lo = edges[b - 1] ?? 0;
      const hi = edges[b] ?? 0;
      if (inside >= hi) constant[o] = 1;
      else if (inside > lo) {
        constant[o] = (centre - lo) / (hi - lo);
        slope[o] = 1 / (hi - lo);
      }
    }
    for (let j = 0; j < outputs; j++) constant[j] = (constant[j] ?? 0) - (zeroBlock[j] ?? 0);
    blocks.push({ constant, slope });
  }
  return { breakpoints, centres, blocks };
}

/**
 * The reference accumulate kernel: out[r·width + u] = baseline[u] + Σ (A + dt·S) over row r's
 * cells for the accumulated units u, baseline[u] for the others, for the batch's rows; `out` needs
 * batch.rows × layer.width floats. The WebAssembly kernel's loop, rounding as it does: both give
 * the same bits.
 */
export function accumulateSparse(layer: SparseFirstLayer, batch: SparseBatch, out: Float32Array) {
  const { width, accumulated, table, baseline } = layer;
  let k = 0;
  for (let r = 0; r < batch.rows; r++) {
    const o = r * width;
    out.set(baseline, o);
    const end = batch.rowEnd[r] ?? 0;
    for (; k < end; k++) {
      const a = (batch.entries[k] ?? 0) * 2 * accumulated;
      const s = a + accumulated;
      const dt = batch.dts[k] ?? 0;
      for (let u = 0; u < accumulated; u++) {
        // Rounded to float32 after each operation, as f32x4 does: the same bits as the kernel.
        const term = Math.fround((table[a + u] ?? 0) + Math.fround(dt * (table[s + u] ?? 0)));
        out[o + u] = (out[o + u] ?? 0) + term;
      }
    }
  }
}
