/**
 * The segments tab tells segments apart by colour alone (the table's swatches and the chart's
 * lines), so each of a column's segments needs a colour of its own, and none may borrow a colour
 * that means something else in every chart.
 */
import { describe, expect, it } from 'vitest';
import { segmentColor } from '../../src/features/segments/segmentWording';
import { PALETTE } from '../../src/shared/ui/palette';

/** CIE L*a*b* of an sRGB hex colour (D65). */
function lab(hex: string): [number, number, number] {
  const linear = [1, 3, 5].map((at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
  });
  const [r = 0, g = 0, b = 0] = linear;
  const f = (v: number) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 colour difference: about 2.3 is just noticeable; 20 and more reads as another colour. */
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - (lab(b)[i] ?? 0)));

describe("a segment's colour", () => {
  // A column has at most 10 categories, then "other" and missing: 12 segments.
  const colours = Array.from({ length: 12 }, (_, code) => segmentColor(code).toLowerCase());

  it('reads as another colour than every other of the twelve segments a column can have', () => {
    const close = colours.flatMap((a, i) =>
      colours.slice(i + 1).flatMap((b) => (deltaE(a, b) < 20 ? [`${a} ${b}`] : [])),
    );
    expect(close).toEqual([]);
  });

  it('reads as another colour than those with a meaning of their own (churners, loyal, model, portfolio…)', () => {
    const meaning = Object.values(PALETTE).filter((c) => c.startsWith('#'));
    const close = colours.flatMap((a) =>
      meaning.flatMap((m) => (deltaE(a, m) < 20 ? [`${a} ${m}`] : [])),
    );
    expect(close).toEqual([]);
  });

  it('is neither too light nor too dark to read as a line on white', () => {
    expect(colours.filter((c) => lab(c)[0] < 30 || lab(c)[0] > 75)).toEqual([]);
  });
});
