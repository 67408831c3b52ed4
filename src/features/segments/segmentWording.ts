/** How segments look in the view: a colour per segment, and a segment's name in the analyst's language. */
import { formatDate } from '../../core/records';
import type { SegmentName } from '../../core/segments';
import { useT } from '../../shared/context';
import { formatNumber, type Language } from '../../shared/i18n';

/** A segment's colour, by its code (the same in the table's swatches and the chart's lines). */
export function segmentColor(code: number): string {
  return COLORS[code % COLORS.length] ?? '#333';
}

// Twelve hues, as many as a column's segments (10 categories, "other" and missing), none of them
// the churner red, the loyal blue, the model green, the portfolio purple, the capacity orange or
// the reference grey that mean one thing in every chart.
const COLORS = [
  '#b9770e',
  '#117a8b',
  '#c2185b',
  '#a04000',
  '#196f3d',
  '#2e4053',
  '#d4ac0d',
  '#5dade2',
  '#6e2c00',
  '#5d6d7e',
  '#e67e73',
  '#7f8c00',
];

/** A segment's name in the analyst's language. */
export function useSegmentWording(): (name: SegmentName, language: Language) => string {
  const t = useT();
  return (name, language) => {
    const value = (v: number) => formatNumber(language, v, Number.isInteger(v) ? 0 : 2);
    switch (name.kind) {
      case 'category':
        return name.text;
      case 'other':
        return t('segmentOther');
      case 'missing':
        return t('missingValue');
      case 'range':
        if (name.low === null) return `< ${value(name.high ?? 0)}`;
        if (name.high === null) return `≥ ${value(name.low)}`;
        return `${value(name.low)} – < ${value(name.high)}`;
      case 'dates': {
        // The dates as the analyst's file writes them.
        const date = (day: number) => formatDate(day, name.format);
        if (name.first === null) return `≤ ${date(name.last ?? 0)}`;
        if (name.last === null) return `≥ ${date(name.first)}`;
        return `${date(name.first)} – ${date(name.last)}`;
      }
    }
  };
}
