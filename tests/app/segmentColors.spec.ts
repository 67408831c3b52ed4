/**
 * The segments tab tells segments apart by colour alone (the table's swatches and the chart's
 * lines), so each of a column's segments needs a colour of its own, and none may borrow a colour
 * that means something else in every chart.
 */
import { describe, expect, it } from 'vitest';
import { segmentColor } from '../../src/features/segments/segmentWording';
import { PALETTE } from '../../src/shared/ui/palette';

describe("a segment's colour", () => {
  // A column has at most 10 categories, then "other" and missing: 12 segments.
  const colours = Array.from({ length: 12 }, (_, code) => segmentColor(code).toLowerCase());

  it('differs between every two of the twelve segments a column can have', () => {
    expect(new Set(colours).size).toBe(12);
  });

  it('is never one of the colours with a meaning of their own (churners, loyal, model, portfolio…)', () => {
    const meaning = new Set(Object.values(PALETTE).map((c) => c.toLowerCase()));
    expect(colours.filter((c) => meaning.has(c))).toEqual([]);
  });
});
