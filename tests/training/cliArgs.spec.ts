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
  numberFlag,
  settingName,
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
    expect(choiceFlag('quantize', ' none ', ['uint8', 'none'])).toBe('none');
    expect(choiceFlag('quantize', 'uint8', ['uint8', 'none'])).toBe('uint8');
  });

  it('refuses anything else, naming the flag and every choice', () => {
    expect(message(() => choiceFlag('quantize', 'int4', ['uint8', 'none']))).toBe(
      '--quantize must be "uint8" or "none"; got "int4"',
    );
    expect(message(() => choiceFlag('quantize', undefined, ['uint8', 'none']))).toBe(
      '--quantize must be "uint8" or "none"; got ""',
    );
  });
});

describe('whole-number flags', () => {
  it('reads a whole number within its range, and "all" where it is allowed', () => {
    expect(integerFlag('towers', '2', 1, 32)).toBe(2);
    expect(allOrIntegerFlag('teacher-columns', 'all', 1, 4096)).toBe('all');
    expect(allOrIntegerFlag('teacher-columns', '64', 1, 4096)).toBe(64);
  });

  it('names a configuration file’s setting as a setting, not as a flag', () => {
    expect(message(() => numberFlag(settingName('learning-rate'), 'fast', 1e-6, 1))).toBe(
      '"learning-rate" must be a number between 0.000001 and 1; got "fast"',
    );
  });

  it('refuses fractions and numbers out of range', () => {
    expect(message(() => integerFlag('towers', '1.5', 1, 32))).toBe(
      '--towers must be a whole number; got "1.5"',
    );
    expect(message(() => integerFlag('towers', '33', 1, 32))).toBe(
      '--towers must be a number between 1 and 32; got "33"',
    );
  });
});
