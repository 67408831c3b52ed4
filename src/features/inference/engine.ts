/**
 * The scoring engine the worker runs (or the main thread, when workers are unavailable): the model,
 * the spec's value encoder, scoring of snapshot chunks and CSV batches, and per-customer
 * contributions by occlusion.
 */
import {
  createRecordEncoder,
  createSparseEncoder,
  createValueEncoder,
  type EncodeSparse,
  type EncodeValues,
  type NumericFeature,
  type PreprocessSpec,
} from '../../core/preprocess';
import type { SnapshotChunk } from '../../core/snapshot';
import {
  type DateRule,
  type HeaderProblem,
  type ColumnTexts,
  dateOfValue,
  textOfCode,
} from '../../core/records';
import { failure, success, type Result } from '../../core/result';
import {
  createSparseFirstLayer,
  emptySparseBatch,
  type SparseBatch,
  type SparseFirstLayer,
} from '../../core/scoring';
import { loadModelFiles, type ModelFiles } from '../../model/artifacts';
import { predictProbabilities } from '../../model/network';
import { createAccumulateKernel, type AccumulateKernel } from '../../model/sparseKernel';
import { splitAfterFirstLayer, type SplitNetwork } from '../../model/sparseNetwork';
import type * as tf from '../../model/tf';

export interface ModelBundle {
  readonly modelJson: ModelFiles['modelJson'];
  readonly weights: Uint8Array;
  readonly spec: PreprocessSpec;
  readonly card: string;
}

export interface Contribution {
  readonly column: string;
  /**
   * Probability change, in points of probability, from the customer's value versus the training
   * median (numeric columns) or the most common category (text columns).
   */
  readonly delta: number;
  /**
   * The customer's value: a number, a text column's category, or a date column's date in the
   * column's format (null when missing).
   */
  readonly value: number | string | null;
}

/** Customers per call of the network after the first layer, when scoring many chunks. */
const TAIL_ROWS = 2048;

/** How snapshot chunks are scored: the sparse first layer (and its loop), or the dense product. */
export type ScoringPath = 'sparse, wasm-simd' | 'sparse, javascript' | 'dense';

interface SparseScorer {
  readonly split: SplitNetwork;
  readonly layer: SparseFirstLayer;
  readonly kernel: AccumulateKernel;
  readonly batch: SparseBatch;
  preActivations: Float32Array;
}

export class ScoringEngine {
  readonly width: number;
  readonly columns: string[];
  /** The path scoreChunk takes; dense only for a model whose input feeds more than Dense layers. */
  readonly scoringPath: ScoringPath;
  private readonly encode: EncodeValues;
  private readonly encodeSparse: EncodeSparse;
  private readonly sparse: SparseScorer | null;
  /** Each date column's rule, by name: a contribution shows its value as the file wrote the date. */
  private readonly dateRules: ReadonlyMap<string, DateRule>;

  private constructor(
    readonly model: tf.LayersModel,
    readonly bundle: ModelBundle,
    columns: readonly string[],
  ) {
    this.width = bundle.spec.outputNames.length;
    this.columns = [...columns];
    // The caller checked that the columns hold every one the spec reads.
    const encode = createValueEncoder(bundle.spec, this.columns);
    const sparse = createSparseEncoder(bundle.spec, this.columns);
    if (!encode.ok || !sparse.ok) throw new Error('the columns lack one the spec reads');
    this.encode = encode.value;
    this.encodeSparse = sparse.value;
    this.sparse = sparseScorer(model, bundle.spec, this.columns);
    this.scoringPath = this.sparse === null ? 'dense' : `sparse, ${this.sparse.kernel.name}`;
    this.dateRules = new Map(
      bundle.spec.inputColumns.flatMap((c) => (c.date ? [[c.name, c.date] as const] : [])),
    );
  }

  /** The engine for customers held in the spec's own input columns. */
  static async create(bundle: ModelBundle): Promise<ScoringEngine> {
    const columns = bundle.spec.inputColumns.map((c) => c.name);
    return new ScoringEngine(
      await loadModelFiles(bundle.modelJson, bundle.weights),
      bundle,
      columns,
    );
  }

  /**
   * The engine for customers held in other columns (another model's snapshot): refused when they
   * lack a column the spec reads ('missing-columns'), hold text where the spec reads numbers
   * ('column-kind') or numbers where it reads text ('text-column'); textColumns are those held as
   * text.
   */
  static async forColumns(
    bundle: ModelBundle,
    columns: readonly string[],
    textColumns: readonly string[],
  ): Promise<Result<ScoringEngine, HeaderProblem>> {
    const encode = createValueEncoder(bundle.spec, columns);
    if (!encode.ok) return encode;
    const text = new Set(textColumns);
    const mismatch = bundle.spec.inputColumns.find(
      (c) => (c.kind === 'categorical') !== text.has(c.name),
    );
    if (mismatch !== undefined) {
      return failure({
        code: mismatch.kind === 'categorical' ? 'text-column' : 'column-kind',
        column: mismatch.name,
      });
    }
    const model = await loadModelFiles(bundle.modelJson, bundle.weights);
    return success(new ScoringEngine(model, bundle, columns));
  }

  /** One small prediction so that the first real one does not pay for kernel set-up. */
  warmUp(): void {
    predictProbabilities(this.model, new Float32Array(this.width * 8), this.width);
  }

  /**
   * Probability of one customer's raw values (spec input column order; text columns as codes into
   * `texts`).
   */
  scoreValues(values: Float64Array, texts?: ColumnTexts): number {
    const row = new Float32Array(this.width);
    this.encode(values, row, 0, texts);
    return predictProbabilities(this.model, row, this.width)[0] ?? 0;
  }

  /**
   * Probabilities of every customer of a chunk, in the chunk's order: through the sparse first
   * layer when the model allows it (the same numbers as scoreChunkDense within 1e-6).
   */
  scoreChunk(chunk: SnapshotChunk): Float32Array {
    const sparse = this.sparse;
    if (sparse === null) return this.scoreChunkDense(chunk);
    const count = chunk.ids.length;
    const { layer, batch } = sparse;
    if (sparse.preActivations.length < count * layer.width) {
      sparse.preActivations = new Float32Array(count * layer.width);
    }
    layer.batchOf(chunk, 0, count, batch);
    sparse.kernel.accumulate(batch, sparse.preActivations);
    layer.exactPassThrough(batch, sparse.preActivations);
    return sparse.split.tail(sparse.preActivations, count, layer.width);
  }

  /**
   * Probabilities of every customer of several chunks, in order: as scoreChunk, with the network
   * after the first layer run on about 2,048 customers at a time (fewer, larger TF.js calls).
   */
  scoreChunks(chunks: readonly SnapshotChunk[]): Float32Array {
    const total = chunks.reduce((sum, chunk) => sum + chunk.ids.length, 0);
    const out = new Float32Array(total);
    const sparse = this.sparse;
    if (sparse === null) {
      let offset = 0;
      for (const chunk of chunks) {
        out.set(this.scoreChunkDense(chunk), offset);
        offset += chunk.ids.length;
      }
      return out;
    }
    const { layer, batch } = sparse;
    let done = 0;
    for (let first = 0; first < chunks.length;) {
      let rows = 0;
      let last = first;
      while (last < chunks.length && (rows === 0 || rows < TAIL_ROWS)) {
        rows += chunks[last]?.ids.length ?? 0;
        last++;
      }
      if (sparse.preActivations.length < rows * layer.width) {
        sparse.preActivations = new Float32Array(rows * layer.width);
      }
      let row = 0;
      for (let c = first; c < last; c++) {
        const chunk = chunks[c];
        if (chunk === undefined) continue;
        layer.batchOf(chunk, 0, chunk.ids.length, batch);
        const pre = sparse.preActivations.subarray(row * layer.width);
        sparse.kernel.accumulate(batch, pre);
        layer.exactPassThrough(batch, pre);
        row += chunk.ids.length;
      }
      out.set(sparse.split.tail(sparse.preActivations, rows, layer.width), done);
      done += rows;
      first = last;
    }
    return out;
  }

  /** Probabilities of every customer of a chunk through the dense encoded matrix. */
  scoreChunkDense(chunk: SnapshotChunk): Float32Array {
    const count = chunk.ids.length;
    const matrix = new Float32Array(count * this.width);
    for (let r = 0; r < count; r++) {
      const start = chunk.rowStart[r] ?? 0;
      const end = chunk.rowStart[r + 1] ?? 0;
      this.encodeSparse(
        chunk.cellColumn,
        chunk.cellValue,
        start,
        end,
        matrix,
        r * this.width,
        chunk.texts,
      );
    }
    return predictProbabilities(this.model, matrix, this.width);
  }

  /**
   * Contributions by occlusion: each column the customer differs from the training median on (a
   * text column: from the most common training category) is set back to it, all at once in one
   * batch; the drop in probability is that column's contribution. Text columns' values are codes
   * into `texts`. Returns the largest |delta| first.
   */
  contributions(values: Float64Array, texts?: ColumnTexts, top = 8): Contribution[] {
    const spec = this.bundle.spec;
    const fills = new Map(
      spec.features
        .filter((f): f is NumericFeature => f.kind === 'numeric')
        .map((f) => [f.column, f.fill]),
    );
    // Each text column's most common category, as one more code after the chunk's own texts.
    const withModes: (readonly string[] | null | undefined)[] = [...(texts ?? [])];
    const modeCode = new Map<number, number>();
    for (const feature of spec.features) {
      if (feature.kind !== 'categorical' || feature.categories[0] === undefined) continue;
      const c = this.columns.indexOf(feature.column);
      if (c < 0) continue;
      const own = texts?.[c] ?? [];
      withModes[c] = [...own, feature.categories[0]];
      modeCode.set(c, own.length + 1);
    }
    const changed: { column: number; to: number }[] = [];
    this.columns.forEach((column, c) => {
      const value = values[c] ?? 0;
      const fill = fills.get(column);
      const mode = modeCode.get(c);
      if (fill !== undefined && value !== fill) changed.push({ column: c, to: fill });
      else if (mode !== undefined && textOfCode(withModes, c, value) !== withModes[c]?.[mode - 1]) {
        changed.push({ column: c, to: mode });
      }
    });
    const scores =
      this.sparse === null
        ? this.occludedDense(values, changed, withModes)
        : this.occludedSparse(this.sparse, values, changed, withModes);
    const base = scores[0] ?? 0;
    const dates = this.dateRules;
    return changed
      .map(({ column }, i) => {
        const name = this.columns[column] ?? '';
        const value = values[column] ?? 0;
        const date = dates.get(name);
        return {
          column: name,
          delta: base - (scores[i + 1] ?? 0),
          value: modeCode.has(column)
            ? textOfCode(withModes, column, value)
            : date === undefined
              ? value
              : dateOfValue(value, date),
        };
      })
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
      .slice(0, top);
  }

  /** The customer's probability, then each occluded copy's, through the encoded dense matrix. */
  private occludedDense(
    values: Float64Array,
    changed: readonly { column: number; to: number }[],
    texts: ColumnTexts,
  ): Float32Array {
    const matrix = new Float32Array((changed.length + 1) * this.width);
    this.encode(values, matrix, 0, texts);
    const copy = new Float64Array(values);
    changed.forEach(({ column, to }, i) => {
      const original = copy[column] ?? 0;
      copy[column] = to;
      this.encode(copy, matrix, (i + 1) * this.width, texts);
      copy[column] = original;
    });
    return predictProbabilities(this.model, matrix, this.width);
  }

  /**
   * The same through the sparse first layer: the customer and each occluded copy as rows of
   * non-zero cells, so the first layer costs cells × 2 × units per row instead of inputs × units.
   */
  private occludedSparse(
    sparse: SparseScorer,
    values: Float64Array,
    changed: readonly { column: number; to: number }[],
    texts: ColumnTexts,
  ): Float32Array {
    const held: number[] = [];
    values.forEach((value, c) => {
      if (value !== 0) held.push(c);
    });
    const rowStart = [0];
    const cellColumn: number[] = [];
    const cellValue: number[] = [];
    const addRow = (column: number, to: number) => {
      for (const c of held) {
        if (c === column) continue;
        cellColumn.push(c);
        cellValue.push(values[c] ?? 0);
      }
      if (column >= 0 && to !== 0) {
        cellColumn.push(column);
        cellValue.push(to);
      }
      rowStart.push(cellColumn.length);
    };
    addRow(-1, 0);
    for (const { column, to } of changed) addRow(column, to);
    const rows = changed.length + 1;
    const { layer, batch } = sparse;
    if (sparse.preActivations.length < rows * layer.width) {
      sparse.preActivations = new Float32Array(rows * layer.width);
    }
    const cells = { rowStart, cellColumn, cellValue, texts };
    layer.batchOf(cells, 0, rows, batch);
    sparse.kernel.accumulate(batch, sparse.preActivations);
    layer.exactPassThrough(batch, sparse.preActivations);
    return sparse.split.tail(sparse.preActivations, rows, layer.width);
  }

  /** A record encoder for an uploaded file's header (any column order, extra columns allowed). */
  recordEncoder(header: readonly string[], decimalComma: boolean) {
    return createRecordEncoder(this.bundle.spec, header, decimalComma);
  }
}

/** The sparse path for a model and spec, or null when the model's input feeds more than Dense layers. */
function sparseScorer(
  model: tf.LayersModel,
  spec: PreprocessSpec,
  columns: readonly string[],
): SparseScorer | null {
  const split = splitAfterFirstLayer(model);
  if (split === null) return null;
  const layer = createSparseFirstLayer(spec, columns, split.firstLayer);
  if (!layer.ok) return null;
  return {
    split,
    layer: layer.value,
    kernel: createAccumulateKernel(layer.value),
    batch: emptySparseBatch(),
    preActivations: new Float32Array(0),
  };
}
