/**
 * The CLIs' flag readers: a flag's text becomes a value, or a usage error that names the flag and
 * what it accepts.
 */
import { describe, expect, it } from 'vitest';
import {
  UsageError,
  allOrIntegerFlag,
  choiceFlag,
  integerFlag,
  yesNoFlag,
} from '../../training/lib/cliArgs';

const message = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no usage error');
};

describe('flags with a fixed set of values', () => {
  it('reads one of the choices, spaces around it ignored', () => {
    expect(choiceFlag('teacher-rows', ' development ', ['fold', 'development'])).toBe(
      'development',
    );
    expect(choiceFlag('teacher-rows', 'fold', ['fold', 'development'])).toBe('fold');
  });

  it('refuses anything else, naming the flag and every choice', () => {
    expect(message(() => choiceFlag('teacher-rows', 'all', ['fold', 'development']))).toBe(
      '--teacher-rows must be "fold" or "development"; got "all"',
    );
    expect(message(() => choiceFlag('teacher-rows', undefined, ['fold', 'development']))).toBe(
      '--teacher-rows must be "fold" or "development"; got ""',
    );
  });

  it('reads yes and no as a switch', () => {
    expect(yesNoFlag('distil-held-rows', 'yes')).toBe(true);
    expect(yesNoFlag('distil-held-rows', 'no')).toBe(false);
    expect(message(() => yesNoFlag('distil-held-rows', 'true'))).toBe(
      '--distil-held-rows must be "yes" or "no"; got "true"',
    );
  });
});

describe('whole-number flags', () => {
  it('reads a whole number within its range, and "all" where it is allowed', () => {
    expect(integerFlag('teacher-seeds', '2', 1, 16)).toBe(2);
    expect(allOrIntegerFlag('teacher-columns', 'all', 1, 4096)).toBe('all');
    expect(allOrIntegerFlag('teacher-columns', '64', 1, 4096)).toBe(64);
  });

  it('refuses fractions and numbers out of range', () => {
    expect(message(() => integerFlag('teacher-seeds', '1.5', 1, 16))).toBe(
      '--teacher-seeds must be a whole number; got "1.5"',
    );
    expect(message(() => integerFlag('teacher-seeds', '17', 1, 16))).toBe(
      '--teacher-seeds must be a number between 1 and 16; got "17"',
    );
  });
});
