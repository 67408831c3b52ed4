/**
 * What the app's per-segment plans need (segments.json): the segment columns fitted on the
 * development rows (the model's inputs only, its sentinels read as missing), with every
 * development row's out-of-fold probability, label and codes and every test row's codes, in the
 * orders the threshold and metrics.json use; without test rows, each development row's fold.
 */
import type { ColumnarTable } from '../../../src/core/records';
import type { PreprocessSpec } from '../../../src/core/preprocess';
import { fitSegmentColumns, segmentCodesOf, type SegmentData } from '../../../src/core/segments';

/** Segment data of a training run; rows are table rows. */
export function segmentDataOf(
  table: ColumnarTable,
  spec: PreprocessSpec,
  development: Uint32Array,
  test: Uint32Array,
  outOfFold: Float64Array,
  developmentLabels: Uint8Array,
  foldOfRow: Uint8Array,
): SegmentData {
  const sentinels = new Map(
    spec.features.flatMap((f) => (f.kind === 'numeric' ? [[f.column, f.sentinels] as const] : [])),
  );
  const columns = fitSegmentColumns(table, development, {
    columns: spec.inputColumns.map((c) => c.name),
    missingOf: (column) => sentinels.get(column) ?? [],
  });
  const codes = columns.map((column) => segmentCodesOf(table, column, development));
  const scores = Float32Array.from(outOfFold);
  if (test.length === 0) {
    return {
      schemaHash: spec.schemaHash,
      columns,
      development: { scores, labels: developmentLabels, codes, folds: foldOfRow },
      test: { codes },
    };
  }
  return {
    schemaHash: spec.schemaHash,
    columns,
    development: { scores, labels: developmentLabels, codes },
    test: { codes: columns.map((column) => segmentCodesOf(table, column, test)) },
  };
}
