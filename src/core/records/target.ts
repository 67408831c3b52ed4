import { failure, success, type Result } from '../result';

/** How the two target values map to the positive class (a churner) and the negative one. */
export interface TargetMapping {
  readonly column: string;
  readonly positive: string;
  readonly negative: string;
}

/** Why a target column cannot serve, as a code with parameters (values as the file writes them). */
export type TargetProblem =
  | { readonly code: 'no-rows'; readonly column: string }
  | { readonly code: 'not-two-values'; readonly column: string; readonly values: readonly string[] }
  | {
      readonly code: 'positive-not-found';
      readonly positive: string;
      readonly values: readonly string[];
    }
  | { readonly code: 'positive-unknown'; readonly values: readonly string[] };

export type TargetResolution = Result<
  { readonly mapping: TargetMapping; readonly labels: Uint8Array },
  TargetProblem
>;

/** The English reason for a target problem, as the CLIs print it. Never fails. */
export function describeTargetProblem(problem: TargetProblem): string {
  const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`);
  switch (problem.code) {
    case 'no-rows':
      return `the target "${problem.column}" has no rows`;
    case 'not-two-values':
      return `the target "${problem.column}" must take exactly two values; it takes ${problem.values.length > 2 ? 'more than two' : 'one'} (${quoted(problem.values).join(', ')})`;
    case 'positive-not-found':
      return `the positive value "${problem.positive}" is not one of the target's values (${problem.values.join(', ')})`;
    case 'positive-unknown':
      return `cannot tell which of ${quoted(problem.values).join(' and ')} is the positive class: name it with --positive`;
  }
}

const KNOWN_POSITIVES = ['1', 'yes', 'true', 'y', 'churn', 'churned'];

/**
 * Maps raw target text to labels 1 (positive) and 0. The target must take exactly two values.
 * Without an explicit positive value, 0/1, Yes/No and true/false are understood; any other pair
 * needs one. Matching ignores case and surrounding spaces. No rows is refused ('no-rows').
 */
export function resolveTarget(
  column: string,
  values: readonly string[],
  positive?: string,
): TargetResolution {
  if (values.length === 0) return failure({ code: 'no-rows', column });
  const distinct = new Map<string, string>();
  for (const value of values) {
    const key = normalize(value);
    if (!distinct.has(key)) distinct.set(key, value.trim());
    if (distinct.size > 2) break;
  }
  if (distinct.size !== 2) {
    return failure({ code: 'not-two-values', column, values: [...distinct.values()] });
  }
  let positiveKey: string | undefined;
  if (positive !== undefined) {
    positiveKey = normalize(positive);
    if (!distinct.has(positiveKey)) {
      return failure({ code: 'positive-not-found', positive, values: [...distinct.values()] });
    }
  } else {
    positiveKey = KNOWN_POSITIVES.find((candidate) => distinct.has(candidate));
    if (positiveKey === undefined) {
      return failure({ code: 'positive-unknown', values: [...distinct.values()] });
    }
  }
  const negativeKey = [...distinct.keys()].find((key) => key !== positiveKey) ?? '';
  const labels = new Uint8Array(values.length);
  values.forEach((value, i) => {
    labels[i] = normalize(value) === positiveKey ? 1 : 0;
  });
  return success({
    mapping: {
      column,
      positive: distinct.get(positiveKey) ?? positiveKey,
      negative: distinct.get(negativeKey) ?? negativeKey,
    },
    labels,
  });
}

function normalize(value: string): string {
  const trimmed = value.trim().toLowerCase();
  // "1.0" and "1" are the same label.
  const asNumber = Number(trimmed);
  return trimmed !== '' && Number.isFinite(asNumber) ? String(asNumber) : trimmed;
}
