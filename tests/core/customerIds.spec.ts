import { describe, expect, it } from 'vitest';
import { IdLedger, idKindOf } from '../../src/core/records/customerId';

describe('the customer-ID rule a model learns from its training IDs', () => {
  it('is "integer" when every training ID is a whole number ≥ 0, "text" otherwise', () => {
    expect(idKindOf(['2', '5', '151837'])).toBe('integer');
    expect(idKindOf(['7590-VHVEG', '5575-GNVDE'])).toBe('text');
    expect(idKindOf(['2', '5', '-1'])).toBe('text');
    expect(idKindOf([])).toBe('text');
  });
});

describe('checking the IDs of a file to score', () => {
  it('names every ID that breaks the integer rule, with its kind of break', () => {
    const ledger = new IdLedger('integer');
    expect(ledger.check('-682', 1)).toEqual({ code: 'id-kind', id: '-682', problem: 'negative' });
    expect(ledger.check('535.5', 2)).toEqual({
      code: 'id-kind',
      id: '535.5',
      problem: 'not-whole',
    });
    expect(ledger.check('abc', 3)).toEqual({ code: 'id-kind', id: 'abc', problem: 'not-a-number' });
    expect(ledger.check('9007199254740993', 4)).toEqual({
      code: 'id-kind',
      id: '9007199254740993',
      problem: 'too-large',
    });
    expect(ledger.check('  ', 5)).toEqual({ code: 'no-id' });
    expect(ledger.check(' 42 ', 6)).toBeNull();
  });

  it('names every repeat with the row that had the ID first, integers compared as numbers', () => {
    const ledger = new IdLedger('integer');
    expect(ledger.check('7', 1)).toBeNull();
    expect(ledger.check('8', 2)).toBeNull();
    expect(ledger.check('007', 3)).toEqual({ code: 'duplicate-id', id: '007', firstRow: 1 });
    expect(ledger.check('7', 4)).toEqual({ code: 'duplicate-id', id: '7', firstRow: 1 });
  });

  it('takes any non-blank text under the text rule, and still names repeats', () => {
    const ledger = new IdLedger('text');
    expect(ledger.check('7590-VHVEG', 1)).toBeNull();
    expect(ledger.check('-682', 2)).toBeNull();
    expect(ledger.check('7590-VHVEG', 3)).toEqual({
      code: 'duplicate-id',
      id: '7590-VHVEG',
      firstRow: 1,
    });
  });
});
