/** The flags that give each customer their own value: the column, the share kept, a cap. */
import type { ValueShare } from '../../src/core/decision';
import { numberFlag, UsageError, type FlagSpec } from './cliArgs';

export const VALUE_FLAGS = {
  'value-column': {
    type: 'string',
    help: "A numeric column holding each customer's value in R$: retaining a churner then earns --value-share of it (at most --value-cap) instead of --tp; a blank value counts as --tp",
  },
  'value-share': {
    type: 'string',
    help: 'The share of a retained churner’s value that the bank keeps, ≥ 0',
    default: '1',
  },
  'value-cap': {
    type: 'string',
    help: 'The largest benefit of one retained churner, R$ (default: no cap)',
  },
} as const satisfies Record<string, FlagSpec>;

/** What the value flags ask for: a column and its share rule, or null without --value-column. */
export function valueOptionFrom(flags: {
  'value-column'?: string | undefined;
  'value-share'?: string | undefined;
  'value-cap'?: string | undefined;
}): { readonly column: string; readonly rule: ValueShare } | null {
  const column = flags['value-column'];
  if (column === undefined) {
    if (flags['value-cap'] !== undefined) throw new UsageError('--value-cap needs --value-column');
    return null;
  }
  if (column.trim() === '') throw new UsageError('--value-column needs a column name');
  return {
    column: column.trim(),
    rule: {
      share: numberFlag('value-share', flags['value-share'], 0),
      cap: flags['value-cap'] === undefined ? null : numberFlag('value-cap', flags['value-cap'], 0),
    },
  };
}
