/** How segments look in the view: a colour per segment, and a segment's name in the analyst's language. */
import { formatDate } from '../../core/records';
import type { SegmentName } from '../../core/segments';
import { useT } from '../../shared/context';
import { formatNumber, type Language } from '../../shared/i18n';

/** A segment's colour, by its code (the same in the table's swatches and the chart's lines). */
export function segmentColor(code: number): string {
  return COLORS[code % COLORS.length] ?? '#333';
}

// Twelve hues, as many as a column's segments (10 categories, "other" and missing), each at least
// 20 CIE76 ΔE from the others and from the colours that mean one thing in every chart (churner
// red, loyal blue, model green, portfolio purple, capacity orange, reference grey), and neither too
// light nor too dark to read as a line on white.
const COLORS = [
  '#117a8b',
  '#c2185b',
  '#d4ac0d',
  '#3f51b5',
  '#7f8c00',
  '#e67e73',
  '#9c27b0',
  '#17a589',
  '#795548',
  '#5dade2',
  '#ff00ff',
  '#c39bd3',
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
