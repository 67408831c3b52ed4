import { describe, expect, it } from 'vitest';
import { readDecimalText } from '../../src/core/decimalText';

const value = (v: number) => ({ ok: true, value: v });
const problem = (code: string, extra: Record<string, number> = {}) => ({
  ok: false,
  problem: { code, ...extra },
});

describe('reading a number typed in the Portuguese interface (decimal comma)', () => {
  it.each([
    ['150,50', 150.5],
    ['0,12', 0.12],
    ['-15', -15],
    ['15', 15],
    ['1.234,56', 1234.56],
    ['1.234.567', 1234567],
    [' 2 500 ', 2500],
    ['\u00a01.000\u00a0', 1000],
    ['\u22125', -5],
    [',5', 0.5],
    ['7,', 7],
  ])('reads "%s" as %d', (text, expected) => {
    expect(readDecimalText(text, ',')).toEqual(value(expected));
  });

  it('takes a point as the decimal mark where it cannot group thousands', () => {
    expect(readDecimalText('0.12', ',')).toEqual(value(0.12));
    expect(readDecimalText('150.5', ',')).toEqual(value(150.5));
    expect(readDecimalText('0.125', ',')).toEqual(value(0.125));
    // "1.500" groups thousands in Portuguese.
    expect(readDecimalText('1.500', ',')).toEqual(value(1500));
  });

  it.each(['abc', '1,2,3', '12a', '1e3', '--5', '1.23,4', '1,234.5', '+', ',', '5-'])(
    'refuses "%s" as not a number',
    (text) => {
      expect(readDecimalText(text, ',')).toEqual(problem('not-a-number'));
    },
  );

  it('calls blank text empty', () => {
    expect(readDecimalText('', ',')).toEqual(problem('empty'));
    expect(readDecimalText('   ', ',')).toEqual(problem('empty'));
  });
});

describe('reading a number typed in the English interface (decimal point)', () => {
  it.each([
    ['150.50', 150.5],
    ['1,234.56', 1234.56],
    ['1,500', 1500],
    ['0,12', 0.12],
    ['-0.5', -0.5],
  ])('reads "%s" as %d', (text, expected) => {
    expect(readDecimalText(text, '.')).toEqual(value(expected));
  });

  it('refuses two decimal marks and stray grouping', () => {
    expect(readDecimalText('1.2.3', '.')).toEqual(problem('not-a-number'));
    expect(readDecimalText('12,34,5', '.')).toEqual(problem('not-a-number'));
  });
});

describe("a box's rule", () => {
  it('checks wholeness, then the minimum, then the maximum, naming the bound', () => {
    expect(readDecimalText('2,5', ',', { whole: true })).toEqual(problem('not-whole'));
    expect(readDecimalText('-15', ',', { minimum: 0 })).toEqual(
      problem('below-minimum', { minimum: 0 }),
    );
    expect(readDecimalText('1,2', ',', { minimum: 0, maximum: 1 })).toEqual(
      problem('above-maximum', { maximum: 1 }),
    );
    expect(readDecimalText('0', ',', { minimum: 0, maximum: 1 })).toEqual(value(0));
    expect(readDecimalText('1', ',', { minimum: 0, maximum: 1 })).toEqual(value(1));
    expect(readDecimalText('300', ',', { minimum: 0, whole: true })).toEqual(value(300));
  });
});
