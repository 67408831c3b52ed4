/** How the two target values map to the positive class (a churner) and the negative one. */
export interface TargetMapping {
  readonly column: string;
  readonly positive: string;
  readonly negative: string;
}

export type TargetResolution =
  | { readonly ok: true; readonly mapping: TargetMapping; readonly labels: Uint8Array }
  | { readonly ok: false; readonly reason: string };

const KNOWN_POSITIVES = ['1', 'yes', 'true', 'y', 'churn', 'churned'];

/**
 * Maps raw target text to labels 1 (positive) and 0. The target must take exactly two values.
 * Without an explicit positive value, 0/1, Yes/No and true/false are understood; any other pair
 * needs one. Matching ignores case and surrounding spaces. No rows gives a failure.
 */
export function resolveTarget(
  column: string,
  values: readonly string[],
  positive?: string,
): TargetResolution {
  if (values.length === 0) return { ok: false, reason: `the target "${column}" has no rows` };
  const distinct = new Map<string, string>();
  for (const value of values) {
    const key = normalize(value);
    if (!distinct.has(key)) distinct.set(key, value.trim());
    if (distinct.size > 2) break;
  }
  if (distinct.size !== 2) {
    const shown = [...distinct.values()].map((v) => `"${v}"`).join(', ');
    return {
      ok: false,
      reason: `the target "${column}" must take exactly two values; it takes ${distinct.size > 2 ? 'more than two' : 'one'} (${shown})`,
    };
  }
  let positiveKey: string | undefined;
  if (positive !== undefined) {
    positiveKey = normalize(positive);
    if (!distinct.has(positiveKey)) {
      return {
        ok: false,
        reason: `the positive value "${positive}" is not one of the target's values (${[...distinct.values()].join(', ')})`,
      };
    }
  } else {
    positiveKey = KNOWN_POSITIVES.find((candidate) => distinct.has(candidate));
    if (positiveKey === undefined) {
      return {
        ok: false,
        reason: `cannot tell which of ${[...distinct.values()].map((v) => `"${v}"`).join(' and ')} is the positive class: name it with --positive`,
      };
    }
  }
  const negativeKey = [...distinct.keys()].find((key) => key !== positiveKey) ?? '';
  const labels = new Uint8Array(values.length);
  values.forEach((value, i) => {
    labels[i] = normalize(value) === positiveKey ? 1 : 0;
  });
  return {
    ok: true,
    mapping: {
      column,
      positive: distinct.get(positiveKey) ?? positiveKey,
      negative: distinct.get(negativeKey) ?? negativeKey,
    },
    labels,
  };
}

function normalize(value: string): string {
  const trimmed = value.trim().toLowerCase();
  // "1.0" and "1" are the same label.
  const asNumber = Number(trimmed);
  return trimmed !== '' && Number.isFinite(asNumber) ? String(asNumber) : trimmed;
}
