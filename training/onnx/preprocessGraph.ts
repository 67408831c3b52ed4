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
} from '../../src/core/preprocess';
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

/** Adds the raw-column inputs and the preprocessing nodes. */
export function addPreprocessing(graph: GraphBuilder, spec: PreprocessSpec): EncodedInputs {
  // Columns that take the signed log first, so that the log runs on one contiguous slice.
  const numericFeatures = spec.features.filter((f): f is NumericFeature => f.kind === 'numeric');
  const numeric = [
    ...numericFeatures.filter((f) => f.transform === 'signed-log1p'),
    ...numericFeatures.filter((f) => f.transform !== 'signed-log1p'),
  ];
  const logged = numeric.filter((f) => f.transform === 'signed-log1p').length;
  const categorical = spec.features.filter(
    (f): f is CategoricalFeature => f.kind === 'categorical',
  );
  const zeroCount = spec.features.find((f): f is ZeroCountFeature => f.kind === 'zero-count');
  for (const column of spec.inputColumns) {
    graph.input({
      name: column.name,
      type: column.kind === 'numeric' ? 'double' : 'string',
      shape: ['N'],
      doc: column.kind === 'numeric' ? 'raw number; NaN when missing' : 'text; "" when missing',
    });
  }
  const axis0 = graph.int64s('axis_0', [0]);

  // The float32 blocks, stacked along rows, and the row each output name lands on.
  const blocks: string[] = [];
  const rowOfName = new Map<string, number>();
  let rows = 0;
  const addBlock = (value: string, names: readonly string[]) => {
    blocks.push(value);
    names.forEach((name, i) => rowOfName.set(name, rows + i));
    rows += names.length;
  };
  /** Rows of a [features, N] value, as a [picked, N] value. */
  const pickRows = (value: string, picked: readonly number[], hint: string) =>
    graph.op('Gather', [value, graph.int64s(`${hint}_rows`, picked)], [AXIS_0], hint);

  if (numeric.length > 0) {
    const x = graph.op(
      'Concat',
      numeric.map((f) => graph.op('Unsqueeze', [f.column, axis0], [], `row_${f.column}`)),
      [AXIS_0],
      'raw',
    );
    const perFeature = (
      hint: string,
      features: readonly NumericFeature[],
      pick: (f: NumericFeature) => number,
    ) => graph.doubles(hint, features.map(pick), [features.length, 1]);

    let missing = graph.op('IsNaN', [x], [], 'is_nan');
    const sentinelSlots = Math.max(0, ...numeric.map((f) => f.sentinels.length));
    for (let k = 0; k < sentinelSlots; k++) {
      const sentinel = perFeature(`sentinel_${k}`, numeric, (f) => f.sentinels[k] ?? Number.NaN);
      const hit = graph.op('Equal', [x, sentinel], [], `is_sentinel_${k}`);
      missing = graph.op('Or', [missing, hit], [], 'is_missing');
    }
    const filled = graph.op(
      'Where',
      [missing, perFeature('fill', numeric, (f) => f.fill), x],
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
    const standardised = graph.op(
      'Div',
      [
        graph.op('Sub', [transformed, perFeature('mean', numeric, (f) => f.mean)]),
        perFeature('std', numeric, (f) => f.std),
      ],
      [],
      'standardised',
    );
    const clipped = graph.op(
      'Max',
      [
        graph.op('Min', [standardised, perFeature('clip', numeric, (f) => f.clip)]),
        perFeature('neg_clip', numeric, (f) => -f.clip),
      ],
      [],
      'clipped',
    );
    addBlock(
      graph.op('Cast', [clipped], [TO_FLOAT], 'values'),
      numeric.map((f) => f.column),
    );

    const indexed = numeric.map((f, index) => ({ f, index }));
    const withMissing = indexed.filter(({ f }) => f.missingIndicator);
    if (withMissing.length > 0) {
      const picked = pickRows(
        missing,
        withMissing.map(({ index }) => index),
        'missing',
      );
      addBlock(
        graph.op('Cast', [picked], [TO_FLOAT], 'missing_flag'),
        withMissing.map(({ f }) => `${f.column}=missing`),
      );
    }
    const withMode = indexed.filter(({ f }) => f.modeFlag !== null);
    if (withMode.length > 0) {
      const rowsOfMode = withMode.map(({ index }) => index);
      const atMode = graph.op('Equal', [
        pickRows(x, rowsOfMode, 'mode_raw'),
        perFeature(
          'mode',
          withMode.map(({ f }) => f),
          (f) => f.modeFlag ?? Number.NaN,
        ),
      ]);
      const present = graph.op('Not', [pickRows(missing, rowsOfMode, 'mode_missing')]);
      addBlock(
        graph.op('Cast', [graph.op('And', [atMode, present])], [TO_FLOAT], 'mode_flag'),
        withMode.map(({ f }) => `${f.column}=mode`),
      );
    }
    const bins: { feature: number; lo: number; width: number; name: string }[] = [];
    for (const { f, index } of indexed) {
      const edges = f.pleEdges;
      if (edges === null) continue;
      for (let b = 1; b < edges.length; b++) {
        const lo = edges[b - 1] ?? 0;
        const hi = edges[b] ?? 0;
        bins.push({ feature: index, lo, width: hi - lo, name: `${f.column}:ple${b}` });
      }
    }
    if (bins.length > 0) {
      const binValues = (hint: string, pick: (b: (typeof bins)[number]) => number) =>
        graph.doubles(hint, bins.map(pick), [bins.length, 1]);
      const gathered = pickRows(
        transformed,
        bins.map((b) => b.feature),
        'ple_input',
      );
      const share = graph.op('Div', [
        graph.op('Sub', [gathered, binValues('ple_lo', (b) => b.lo)]),
        binValues('ple_width', (b) => b.width),
      ]);
      const clamped = graph.op('Max', [graph.op('Min', [share, one]), zero], [], 'ple_share');
      addBlock(
        graph.op('Cast', [clamped], [TO_FLOAT], 'ple'),
        bins.map((b) => b.name),
      );
    }
    if (zeroCount !== undefined) {
      const index = new Map(numeric.map((f, i) => [f.column, i]));
      const columns = zeroCount.columns.map((name) => {
        const i = index.get(name);
        if (i === undefined) throw new Error(`the zero count reads "${name}", not a numeric input`);
        return i;
      });
      const isZero = graph.op('Equal', [pickRows(x, columns, 'zero_raw'), zero]);
      const zeros = graph.op(
        'ReduceSum',
        [graph.op('Cast', [isZero], [TO_DOUBLE]), axis0],
        [{ name: 'keepdims', kind: 'int', value: 1 }],
        'zeros',
      );
      const standardisedZeros = graph.op('Div', [
        graph.op('Sub', [zeros, graph.doubles('zero_count_mean', [zeroCount.mean], [])]),
        graph.doubles('zero_count_std', [zeroCount.std], []),
      ]);
      addBlock(graph.op('Cast', [standardisedZeros], [TO_FLOAT], 'zero_count'), ['zero_count']);
    }
  }

  for (const feature of categorical) {
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
    addBlock(oneHot, [
      ...feature.categories.map((category) => `${feature.column}=${category}`),
      `${feature.column}=other`,
      `${feature.column}=missing`,
    ]);
  }

  const value =
    blocks.length === 1 ? (blocks[0] ?? '') : graph.op('Concat', blocks, [AXIS_0], 'encoded');
  const rowOf = spec.outputNames.map((name) => {
    const row = rowOfName.get(name);
    if (row === undefined) throw new Error(`the graph computes no output "${name}"`);
    return row;
  });
  return { value, rows, rowOf };
}
