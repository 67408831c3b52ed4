/** How segments look in the view: a colour per segment, and a segment's name in the analyst's language. */
import type { SegmentName } from '../../core/segments';
import { useT } from '../../shared/context';
import { formatNumber, type Language } from '../../shared/i18n';

/** A segment's colour, by its code (the same in the table's swatches and the chart's lines). */
export function segmentColor(code: number): string {
  return COLORS[code % COLORS.length] ?? '#333';
}

const COLORS = [
  '#1f4e79',
  '#c0392b',
  '#0b6e4f',
  '#b9770e',
  '#6c3483',
  '#117a8b',
  '#7b241c',
  '#515a5a',
  '#d35400',
  '#2e86c1',
  '#28b463',
  '#884ea0',
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
    }
  };
}
