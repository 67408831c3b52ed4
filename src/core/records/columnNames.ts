/**
 * How a column named by a user (a CLI flag, a model's ID column) is found in a file's header: as
 * the reader reads header names, trimmed; and, when it is not there, the header names closest to
 * it, so that a refusal can say what the user probably meant.
 */

/** A column name as headers are matched: surrounding spaces dropped ("churn " → "churn"). */
export function columnKey(name: string): string {
  return name.trim();
}

/** Index of `name` in `header` (both matched by columnKey), or −1 when absent. */
export function columnIndex(header: readonly string[], name: string): number {
  const key = columnKey(name);
  return header.findIndex((column) => columnKey(column) === key);
}

/**
 * Up to `count` header names near `name` by edit distance, ignoring case and surrounding spaces,
 * nearest first (ties in header order): those within 40% of the longer name's length (rounded down),
 * as a typo, another case or another spelling would be. [] for an empty header or count ≤ 0.
 */
export function closestColumnNames(name: string, header: readonly string[], count = 3): string[] {
  const wanted = columnKey(name).toLowerCase();
  return header
    .map((column, order) => {
      const candidate = columnKey(column);
      const distance = editDistance(wanted, candidate.toLowerCase());
      const limit = Math.floor(0.4 * Math.max(wanted.length, candidate.length));
      return { candidate, order, distance, limit };
    })
    .filter(({ candidate, distance, limit }) => candidate !== '' && distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, Math.max(0, count))
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance (insertions, deletions, substitutions) between two strings, by UTF-16 unit. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
