/** Number formatting for CLI output and the model card: R$ amounts and plain figures. */
import type { RowIssue } from '../../src/core/records';

const brl = new Intl.NumberFormat('pt-BR', {
  style: 'currency',
  currency: 'BRL',
  maximumFractionDigits: 0,
});

/** R$ with thousands separators, e.g. "R$ 12.340". NaN prints "—". */
export function money(value: number): string {
  return Number.isFinite(value) ? brl.format(value).replace(/\u00a0/g, ' ') : '—';
}

/** A figure with fixed decimals; NaN prints "—". */
export function fixed(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A share as a percentage with one decimal. */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—';
}

const WARNING_WORDS: Readonly<Record<string, string>> = {
  'blank-cell': 'blank',
  'non-finite': 'too large for a number',
  'out-of-range': 'far outside the training range',
  'date-out-of-range': 'far outside the training dates',
};

/**
 * Warnings counted by kind, with the columns they fall in (three at most), e.g.
 * "3 blank (var15), 2 far outside the training range (var38, var15)". Empty for none.
 */
export function warningCounts(warnings: readonly RowIssue[]): string {
  const byCode = new Map<string, { count: number; columns: Set<string> }>();
  for (const warning of warnings) {
    const code = warning.problem.code;
    const entry = byCode.get(code) ?? { count: 0, columns: new Set<string>() };
    entry.count++;
    if (warning.column !== null) entry.columns.add(warning.column);
    byCode.set(code, entry);
  }
  return [...byCode]
    .map(([code, { count, columns }]) => {
      const names = [...columns];
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      return `${count} ${WARNING_WORDS[code] ?? code}${shown === '' ? '' : ` (${shown})`}`;
    })
    .join(', ');
}

/** One row issue as the CLIs print it: "  row 3 (line 4), ID 1234, column var3: reason". */
export function issueLine(issue: RowIssue): string {
  return `  row ${issue.row} (line ${issue.line})${issue.id !== '' ? `, ID ${issue.id}` : ''}${issue.column !== null ? `, column ${issue.column}` : ''}: ${issue.reason}`;
}
