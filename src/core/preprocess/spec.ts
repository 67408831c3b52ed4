/**
 * The preprocessing spec: what turns a raw customer row into the model's input vector. It is fitted
 * on training rows only (preprocessFit.ts), saved as JSON beside the model, and applied by the same
 * functions in Node and in the browser (preprocessEncode.ts), so that both compute the same float32
 * numbers. This file holds its types, its output names and its schema hash.
 */
import { fnv1a64 } from '../hash';
import type { DateRule, IdKind, TargetMapping } from '../records';

export const PREPROCESS_FORMAT = 'retem-preprocess';
export const PREPROCESS_VERSION = 1;

export interface NumericFeature {
  readonly kind: 'numeric';
  readonly column: string;
  /** Raw values that mean "missing", such as -999999. */
  readonly sentinels: readonly number[];
  /** Whether a 0/1 "was missing" output follows the value. */
  readonly missingIndicator: boolean;
  /** Raw value that stands in for a missing one (the training median). */
  readonly fill: number;
  readonly transform: 'none' | 'signed-log1p';
  /** Mean and standard deviation of the transformed training values. */
  readonly mean: number;
  readonly std: number;
  /** Standardised values are clipped to ±clip. */
  readonly clip: number;
  /** A dominant raw value that gets its own 0/1 flag, or null. */
  readonly modeFlag: number | null;
  /** Piecewise-linear encoding bin edges on the transformed scale, or null. */
  readonly pleEdges: readonly number[] | null;
  /** Share of training rows in each PLE bin (see drift.ts), for drift checks on new customers. */
  readonly binShares?: readonly number[];
}

export interface CategoricalFeature {
  readonly kind: 'categorical';
  readonly column: string;
  /** Kept categories, one 0/1 output each, then one for "other" and one for "missing". */
  readonly categories: readonly string[];
}

export interface ZeroCountFeature {
  readonly kind: 'zero-count';
  /** Raw numeric columns whose zeros are counted (a missing cell is not a zero). */
  readonly columns: readonly string[];
  readonly mean: number;
  readonly std: number;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | ZeroCountFeature;

/** A raw column a spec reads. */
export interface InputColumn {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** A date column's format and reference date; absent for any other column. */
  readonly date?: DateRule;
}

export interface PreprocessSpec {
  readonly format: typeof PREPROCESS_FORMAT;
  readonly version: number;
  /** Hash of everything that decides the output numbers: input columns, features, outputs. */
  readonly schemaHash: string;
  readonly idColumn: string;
  /**
   * What the customer IDs are, learned from the training IDs; specs written before it was
   * recorded lack it, and their IDs are read as text.
   */
  readonly idKind?: IdKind;
  readonly target: TargetMapping | null;
  /**
   * The raw columns this spec reads, by name; a file may hold them in any order. A date column is
   * numeric, with the rule that turns its cells into days (records/dateCells.ts).
   */
  readonly inputColumns: readonly InputColumn[];
  readonly dropped: {
    readonly constant: readonly string[];
    readonly duplicate: readonly { column: string; duplicateOf: string }[];
    readonly excluded: readonly string[];
  };
  readonly features: readonly FeatureSpec[];
  /** One name per output value; its length is the model's input width. */
  readonly outputNames: readonly string[];
  /**
   * Each numeric input's training range [min, max], raw units, missing values and sentinels left
   * out. It decides no output (it is outside the schema hash): scoring uses it to warn about
   * values far outside what the model saw (cellRules.ts). Specs written before it lack it.
   */
  readonly valueRanges?: Readonly<Record<string, readonly [number, number]>>;
  /**
   * The input columns with a missing cell (blank or a missing token such as "NA"; a sentinel does
   * not count) in some training row. It decides no output (it is outside the schema hash):
   * scoring names a blank cell only in a column that had none in training (cellRules.ts). Specs
   * written before it lack it, and then every blank cell is named.
   */
  readonly blankColumns?: readonly string[];
  readonly fittedOn: { readonly rows: number };
}

export interface PreprocessOptions {
  /** Raw numeric values that mean "missing". Default: -999999 and 9999999999. */
  readonly sentinels?: readonly number[];
  /** Clip for standardised values. Default 5. */
  readonly clip?: number;
  /** Skewness above which a column goes through signed log1p. Default 2. */
  readonly skewForLog?: number;
  /** PLE bins for numeric columns that vary enough; 0 turns PLE off. Default 16. */
  readonly pleBins?: number;
  /** Share of rows that must differ from the mode for a column to get PLE. Default 0.01. */
  readonly pleMinShare?: number;
  /** Share a non-zero mode must reach to get a flag. Default 0.05. */
  readonly modeFlagShare?: number;
  /** At most this many categories per categorical column. Default 20. */
  readonly maxCategories?: number;
  /** Least rows a category needs to be kept. Default 10. */
  readonly minCategoryRows?: number;
  /** Whether to add a count of zeros per row when there are ≥ 10 numeric columns. Default true. */
  readonly zeroCount?: boolean;
}

export const DEFAULT_SENTINELS: readonly number[] = [-999999, 9999999999];

/** The names of the outputs one feature produces, in order. Never fails. */
export function outputNamesOf(feature: FeatureSpec): string[] {
  switch (feature.kind) {
    case 'numeric': {
      const names = [feature.column];
      if (feature.missingIndicator) names.push(`${feature.column}=missing`);
      if (feature.modeFlag !== null) names.push(`${feature.column}=mode`);
      if (feature.pleEdges !== null) {
        for (let b = 1; b < feature.pleEdges.length; b++) names.push(`${feature.column}:ple${b}`);
      }
      return names;
    }
    case 'categorical':
      return [
        ...feature.categories.map((category) => `${feature.column}=${category}`),
        `${feature.column}=other`,
        `${feature.column}=missing`,
      ];
    case 'zero-count':
      return ['zero_count'];
  }
}

/** Recomputes a spec's schema hash; a saved spec whose hash differs was edited or corrupted. */
export function computeSchemaHash(spec: PreprocessSpec): string {
  return schemaHashOf(spec);
}

/** Hashes the parts of a spec that decide the output numbers (16 hex characters). */
export function schemaHashOf(body: {
  readonly inputColumns: PreprocessSpec['inputColumns'];
  readonly features: PreprocessSpec['features'];
  readonly outputNames: PreprocessSpec['outputNames'];
}): string {
  return fnv1a64(
    JSON.stringify({
      inputColumns: body.inputColumns,
      features: body.features,
      outputNames: body.outputNames,
    }),
  );
}
