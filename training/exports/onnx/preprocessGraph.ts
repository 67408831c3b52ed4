/**
 * The preprocessing spec as ONNX nodes: raw customer columns in, the model's inputs out, computing
 * what core's encoder computes (src/core/preprocess/index.ts) in the same precision: every step in
 * float64, one rounding to float32 at the end.
 *
 * Inputs: one per raw column the spec reads, named after it, shape [N]: float64 for numeric
 * columns (NaN = missing; sentinels are recognised in the graph), string for categorical ones
 * ("" = missing; other values as core's categoryOfCell writes them).
 *
 * The graph works column-major ([values, N]): stacking 1-D inputs and picking rows are then plain
 * copies. The encoded blocks are not reordered into the spec's output order; `rowOf` says where
 * each output sits, and the network's first layer reads them through row-permuted weights.
 */
import type {
  CategoricalFeature,
  NumericFeature,
  PreprocessSpec,
  ZeroCountFeature,
} from '../../../src/core/preprocess';
import type { GraphBuilder } from './graphBuilder';

/** The string a categorical input carries for a missing cell. */
export const ONNX_MISSING_CATEGORY = '';

/** The encoded customers: float32 [rows, N]; spec output i is row rowOf[i]. */
export interface EncodedInputs {
  readonly value: string;
  readonly rows: number;
  readonly rowOf: readonly number[];
}

const TO_FLOAT = { name: 'to', kind: 'int', value: 1 } as const;
const TO_DOUBLE = { name: 'to', kind: 'int', value: 11 } as const;
const AXIS_0 = { name: 'axis', kind: 'int', value: 0 } as const;

/** The float32 blocks of the encoded customers, stacked along rows, and the row each output name lands on. */
class EncodedBlocks {
  readonly values: string[] = [];
  readonly rowOfName = new Map<string, number>();
  rows = 0;

  add(value: string, names: readonly string[]): void {
    this.values.push(value);
    names.forEach((name, i) => this.rowOfName.set(name, this.rows + i));
    this.rows += names.length;
  }
}

/** The numeric columns' shared values, column-major [features, N], float64. */
interface NumericRows {
  readonly features: readonly NumericFeature[];
  /** The raw inputs stacked. */
  readonly x: string;
  /** True where a cell is NaN or one of its column's sentinels. */
  readonly missing: string;
  /** Filled, then signed-log1p where the spec says so. */
  readonly transformed: string;
  readonly axis0: string;
  readonly one: string;
  readonly zero: string;
}

/** Rows of a [features, N] value, as a [picked, N] value. */
function pickRows(graph: GraphBuilder, value: string, picked: readonly number[], hint: string) {
  return graph.op('Gather', [value, graph.int64s(`${hint}_rows`, picked)], [AXIS_0], hint);
}

/** A float64 [features, 1] constant of one number per feature. */
function perFeature(
  graph: GraphBuilder,
  hint: string,
  features: readonly NumericFeature[],
  pick: (f: NumericFeature) => number,
) {
  return graph.doubles(hint, features.map(pick), [features.length, 1]);
}

/** Adds the raw-column inputs and the preprocessing nodes. */
export function addPreprocessing(graph: GraphBuilder, spec: PreprocessSpec): EncodedInputs {
  // Columns that take the signed log first, so that the log runs on one contiguous slice.
  const numericFeatures = spec.features.filter((f): f is NumericFeature => f.kind === 'numeric');
  const numeric = [
    ...numericFeatures.filter((f) => f.transform === 'signed-log1p'),
    ...numericFeatures.filter((f) => f.transform !== 'signed-log1p'),
  ];
  const categorical = spec.features.filter(
    (f): f is CategoricalFeature => f.kind === 'categorical',
  );
  const zeroCount = spec.features.find((f): f is ZeroCountFeature => f.kind === 'zero-count');
  for (const column of spec.inputColumns) {
    graph.input({
      name: column.name,
      type: column.kind === 'numeric' ? 'double' : 'string',
      shape: ['N'],
      doc:
        column.kind === 'categorical'
          ? 'text; "" when missing'
          : column.date === undefined
            ? 'raw number; NaN when missing'
            : `days from the date (${column.date.format}) to ${column.date.reference}; NaN when missing`,
    });
  }
  const axis0 = graph.int64s('axis_0', [0]);
  const blocks = new EncodedBlocks();
  if (numeric.length > 0) {
    const rows = numericRows(graph, numeric, axis0);
    addStandardisedBlock(graph, blocks, rows);
    addFlagBlocks(graph, blocks, rows);
    addPleBlock(graph, blocks, rows);
    if (zeroCount !== undefined) addZeroCountBlock(graph, blocks, rows, zeroCount);
  }
  for (const feature of categorical) addOneHotBlock(graph, blocks, feature);

  const value =
    blocks.values.length === 1
      ? (blocks.values[0] ?? '')
      : graph.op('Concat', blocks.values, [AXIS_0], 'encoded');
  const rowOf = spec.outputNames.map((name) => {
    const row = blocks.rowOfName.get(name);
    if (row === undefined) throw new Error(`the graph computes no output "${name}"`);
    return row;
  });
  return { value, rows: blocks.rows, rowOf };
}

/** The numeric inputs stacked, their missing mask, and their filled and log-transformed values. */
function numericRows(
  graph: GraphBuilder,
  numeric: readonly NumericFeature[],
  axis0: string,
): NumericRows {
  const logged = numeric.filter((f) => f.transform === 'signed-log1p').length;
  const x = graph.op(
    'Concat',
    numeric.map((f) => graph.op('Unsqueeze', [f.column, axis0], [], `row_${f.column}`)),
    [AXIS_0],
    'raw',
  );
  let missing = graph.op('IsNaN', [x], [], 'is_nan');
  const sentinelSlots = Math.max(0, ...numeric.map((f) => f.sentinels.length));
  for (let k = 0; k < sentinelSlots; k++) {
    const sentinel = perFeature(
      graph,
      `sentinel_${k}`,
      numeric,
      (f) => f.sentinels[k] ?? Number.NaN,
    );
    const hit = graph.op('Equal', [x, sentinel], [], `is_sentinel_${k}`);
    missing = graph.op('Or', [missing, hit], [], 'is_missing');
  }
  const filled = graph.op(
    'Where',
    [missing, perFeature(graph, 'fill', numeric, (f) => f.fill), x],
    [],
    'filled',
  );
  const one = graph.doubles('one', [1], []);
  const zero = graph.doubles('zero', [0], []);
  let transformed = filled;
  if (logged > 0) {
    const slice = (from: number, to: number, hint: string) =>
      graph.op(
        'Slice',
        [filled, graph.int64s(`${hint}_from`, [from]), graph.int64s(`${hint}_to`, [to]), axis0],
        [],
        hint,
      );
    const toLog = logged === numeric.length ? filled : slice(0, logged, 'log_part');
    const signedLog = graph.op(
      'Mul',
      [
        graph.op('Sign', [toLog]),
        graph.op('Log', [graph.op('Add', [graph.op('Abs', [toLog]), one])]),
      ],
      [],
      'signed_log1p',
    );
    transformed =
      logged === numeric.length
        ? signedLog
        : graph.op(
            'Concat',
            [signedLog, slice(logged, numeric.length, 'linear_part')],
            [AXIS_0],
            'transformed',
          );
  }
  return { features: numeric, x, missing, transformed, axis0, one, zero };
}

/** The numeric columns standardised and clipped. */
function addStandardisedBlock(graph: GraphBuilder, blocks: EncodedBlocks, rows: NumericRows) {
  const numeric = rows.features;
  const standardised = graph.op(
    'Div',
    [
      graph.op('Sub', [rows.transformed, perFeature(graph, 'mean', numeric, (f) => f.mean)]),
      perFeature(graph, 'std', numeric, (f) => f.std),
    ],
    [],
    'standardised',
  );
  const clipped = graph.op(
    'Max',
    [
      graph.op('Min', [standardised, perFeature(graph, 'clip', numeric, (f) => f.clip)]),
      perFeature(graph, 'neg_clip', numeric, (f) => -f.clip),
    ],
    [],
    'clipped',
  );
  blocks.add(
    graph.op('Cast', [clipped], [TO_FLOAT], 'values'),
    numeric.map((f) => f.column),
  );
}

/** The missing flags, and the flags of a column at its mode. */
function addFlagBlocks(graph: GraphBuilder, blocks: EncodedBlocks, rows: NumericRows) {
  const indexed = rows.features.map((f, index) => ({ f, index }));
  const withMissing = indexed.filter(({ f }) => f.missingIndicator);
  if (withMissing.length > 0) {
    const picked = pickRows(
      graph,
      rows.missing,
      withMissing.map(({ index }) => index),
      'missing',
    );
    blocks.add(
      graph.op('Cast', [picked], [TO_FLOAT], 'missing_flag'),
      withMissing.map(({ f }) => `${f.column}=missing`),
    );
  }
  const withMode = indexed.filter(({ f }) => f.modeFlag !== null);
  if (withMode.length > 0) {
    const rowsOfMode = withMode.map(({ index }) => index);
    const atMode = graph.op('Equal', [
      pickRows(graph, rows.x, rowsOfMode, 'mode_raw'),
      perFeature(
        graph,
        'mode',
        withMode.map(({ f }) => f),
        (f) => f.modeFlag ?? Number.NaN,
      ),
    ]);
    const present = graph.op('Not', [pickRows(graph, rows.missing, rowsOfMode, 'mode_missing')]);
    blocks.add(
      graph.op('Cast', [graph.op('And', [atMode, present])], [TO_FLOAT], 'mode_flag'),
      withMode.map(({ f }) => `${f.column}=mode`),
    );
  }
}

/** The piecewise-linear bins: each bin's share of its width, clamped to [0, 1]. */
function addPleBlock(graph: GraphBuilder, blocks: EncodedBlocks, rows: NumericRows) {
  const bins: { feature: number; lo: number; width: number; name: string }[] = [];
  rows.features.forEach((f, index) => {
    const edges = f.pleEdges;
    if (edges === null) return;
    for (let b = 1; b < edges.length; b++) {
      const lo = edges[b - 1] ?? 0;
      const hi = edges[b] ?? 0;
      bins.push({ feature: index, lo, width: hi - lo, name: `${f.column}:ple${b}` });
    }
  });
  if (bins.length === 0) return;
  const binValues = (hint: string, pick: (b: (typeof bins)[number]) => number) =>
    graph.doubles(hint, bins.map(pick), [bins.length, 1]);
  const gathered = pickRows(
    graph,
    rows.transformed,
    bins.map((b) => b.feature),
    'ple_input',
  );
  const share = graph.op('Div', [
    graph.op('Sub', [gathered, binValues('ple_lo', (b) => b.lo)]),
    binValues('ple_width', (b) => b.width),
  ]);
  const clamped = graph.op('Max', [graph.op('Min', [share, rows.one]), rows.zero], [], 'ple_share');
  blocks.add(
    graph.op('Cast', [clamped], [TO_FLOAT], 'ple'),
    bins.map((b) => b.name),
  );
}

/** The standardised count of zero cells over the columns the spec names. */
function addZeroCountBlock(
  graph: GraphBuilder,
  blocks: EncodedBlocks,
  rows: NumericRows,
  zeroCount: ZeroCountFeature,
) {
  const index = new Map(rows.features.map((f, i) => [f.column, i]));
  const columns = zeroCount.columns.map((name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`the zero count reads "${name}", not a numeric input`);
    return i;
  });
  const isZero = graph.op('Equal', [pickRows(graph, rows.x, columns, 'zero_raw'), rows.zero]);
  const zeros = graph.op(
    'ReduceSum',
    [graph.op('Cast', [isZero], [TO_DOUBLE]), rows.axis0],
    [{ name: 'keepdims', kind: 'int', value: 1 }],
    'zeros',
  );
  const standardisedZeros = graph.op('Div', [
    graph.op('Sub', [zeros, graph.doubles('zero_count_mean', [zeroCount.mean], [])]),
    graph.doubles('zero_count_std', [zeroCount.std], []),
  ]);
  blocks.add(graph.op('Cast', [standardisedZeros], [TO_FLOAT], 'zero_count'), ['zero_count']);
}

/** A categorical column one-hot: its categories, then "other", then "missing". */
function addOneHotBlock(graph: GraphBuilder, blocks: EncodedBlocks, feature: CategoricalFeature) {
  const width = feature.categories.length + 2;
  const index = graph.op(
    'LabelEncoder',
    [feature.column],
    [
      {
        name: 'keys_strings',
        kind: 'strings',
        value: [...feature.categories, ONNX_MISSING_CATEGORY],
      },
      {
        name: 'values_int64s',
        kind: 'ints',
        value: [...feature.categories.map((_, i) => i), width - 1],
      },
      { name: 'default_int64', kind: 'int', value: width - 2 },
    ],
    `category_${feature.column}`,
    'ai.onnx.ml',
  );
  const oneHot = graph.op(
    'OneHot',
    [index, graph.int64s('depth', [width], []), graph.floats('off_on', [0, 1])],
    [AXIS_0],
    `one_hot_${feature.column}`,
  );
  blocks.add(oneHot, [
    ...feature.categories.map((category) => `${feature.column}=${category}`),
    `${feature.column}=other`,
    `${feature.column}=missing`,
  ]);
}
