/**
 * The cross-fitting's folds: the development rows split into K stratified folds, each with the
 * rows its fold model trains on and the rows it is held out on.
 */
import { stratifiedFolds } from '../split';

export interface FoldRows {
  readonly train: Uint32Array;
  readonly held: Uint32Array;
}

export interface FoldPlan {
  readonly k: number;
  /** 1 for a churner, in the order of `development`. */
  readonly developmentLabels: Uint8Array;
  /** Fold of each development row, in the order of `development`. */
  readonly foldOfRow: Uint8Array;
  readonly folds: readonly FoldRows[];
  /** A fold's training rows, or its held-out rows; throws RangeError for a fold that does not exist. */
  rowsOf(fold: number, held: boolean): Uint32Array;
}

/** At least 2 folds, stratified by label with `seed`; table rows are indices into `labels`. */
export function planFolds(
  labels: Uint8Array,
  development: Uint32Array,
  folds: number,
  seed: number,
): FoldPlan {
  const k = Math.max(2, folds);
  const developmentLabels = Uint8Array.from(development, (row) => labels[row] ?? 0);
  const foldOfRow = stratifiedFolds(developmentLabels, k, seed);
  const split = Array.from({ length: k }, (_, fold) => ({
    train: development.filter((_, i) => foldOfRow[i] !== fold),
    held: development.filter((_, i) => foldOfRow[i] === fold),
  }));
  return {
    k,
    developmentLabels,
    foldOfRow,
    folds: split,
    rowsOf(fold, held) {
      const rows = split[fold];
      if (rows === undefined) throw new RangeError(`no fold ${fold}`);
      return held ? rows.held : rows.train;
    },
  };
}
