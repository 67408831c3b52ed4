import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYOFFS } from '../../src/core/decision/profit';
import { contactListCsv } from '../../src/features/decision/contactList';

describe("the portfolio's contact list", () => {
  it('lists the customers at or above the threshold, most likely first, in the decisions format', () => {
    const csv = contactListCsv([5, 3, 9, 1], [0.2, 0.9, 0.2, 0.05], 0.2, DEFAULT_PAYOFFS);
    // 0.9·90 − 0.1·10 = 80; 0.2·90 − 0.8·10 = 10; the two at 0.2 by ID.
    expect(csv).toBe(
      [
        'ID,probability,decision,expected_value_brl',
        '3,0.900000,1,80.00',
        '5,0.200000,1,10.00',
        '9,0.200000,1,10.00',
        '',
      ].join('\n'),
    );
  });

  it('writes text IDs as they are, ties in ID-text order', () => {
    const labels = ['0280-XJGEX', '3668-QPYBK', '7590-VHVEG'];
    const csv = contactListCsv([0, 1, 2], [0.5, 0.1, 0.5], 0.2, DEFAULT_PAYOFFS, labels);
    expect(csv.split('\n').slice(1, 3)).toEqual([
      '0280-XJGEX,0.500000,1,40.00',
      '7590-VHVEG,0.500000,1,40.00',
    ]);
  });

  it('is the header alone when no one reaches the threshold', () => {
    expect(contactListCsv([1, 2], [0.1, 0.3], 0.5, DEFAULT_PAYOFFS)).toBe(
      'ID,probability,decision,expected_value_brl\n',
    );
  });
});
