/** Number formatting for CLI output and the model card: R$ amounts and plain figures. */

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
