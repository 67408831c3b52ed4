/** Flag parsing with help text and defaults for every flag (node:util parseArgs underneath). */
import { parseArgs } from 'node:util';
import { UserFacingError } from './userFacingError';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  /** Shown in --help and used when the flag is absent; undefined means "required" or "off". */
  readonly default?: string;
  readonly multiple?: boolean;
  /** A required string flag: absent, it is a usage error. */
  readonly required?: boolean;
}

export type FlagValues<T extends Record<string, FlagSpec>> = {
  [K in keyof T]: T[K]['type'] extends 'boolean'
    ? boolean
    : T[K]['multiple'] extends true
      ? string[]
      : T[K]['required'] extends true
        ? string
        : T[K]['default'] extends string
          ? string
          : string | undefined;
};

/** A wrong flag or value: the CLI prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Renders the usage text: one line per flag with its help and default. */
export function usage(command: string, summary: string, flags: Record<string, FlagSpec>): string {
  const lines = [`Usage: ${command}`, '', summary, '', 'Flags:'];
  for (const [name, spec] of Object.entries(flags)) {
    const left = `  --${name}${spec.type === 'string' ? ' <value>' : ''}`;
    const fallback = spec.default !== undefined ? ` (default: ${spec.default})` : '';
    lines.push(`${left.padEnd(30)} ${spec.help}${fallback}`);
  }
  lines.push(`${'  --help'.padEnd(30)} Show this help.`);
  return lines.join('\n');
}

/** Parses argv; returns null when --help was asked for. Unknown flags throw UsageError. */
export function parseFlags<T extends Record<string, FlagSpec>>(
  argv: string[],
  flags: T,
): FlagValues<T> | null {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    help: { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(flags)) {
    options[name] = { type: spec.type, ...(spec.multiple === true ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values['help'] === true) return null;
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(flags)) {
    const given = parsed.values[name];
    if (spec.type === 'boolean') values[name] = given === true;
    else if (spec.multiple === true) {
      const list = Array.isArray(given) ? given.map(String) : [];
      values[name] = list.length > 0 ? list : spec.default !== undefined ? [spec.default] : [];
    } else {
      const value = typeof given === 'string' ? given : spec.default;
      if (value === undefined && spec.required === true)
        throw new UsageError(`${labelOf(name)} is required`);
      values[name] = value;
    }
  }
  return values as FlagValues<T>;
}

/**
 * A setting of a configuration file, named as a value reader's `name` so that its problems name
 * the setting ("learning-rate") rather than a flag (--learning-rate).
 */
export function settingName(name: string): string {
  return `"${name}"`;
}

/** How a problem names a value: a setting as settingName made it, anything else as a flag. */
function labelOf(name: string): string {
  return name.startsWith('"') ? name : `--${name}`;
}

/** Reads a number flag; throws UsageError when it is not a finite number within [min, max]. */
export function numberFlag(
  name: string,
  value: string | undefined,
  min = -Infinity,
  max = Infinity,
): number {
  const parsed = Number(value);
  if (
    value === undefined ||
    value.trim() === '' ||
    !Number.isFinite(parsed) ||
    parsed < min ||
    parsed > max
  ) {
    throw new UsageError(
      `${labelOf(name)} must be a number between ${min} and ${max}; got "${value ?? ''}"`,
    );
  }
  return parsed;
}

/** Reads an integer flag within [min, max]. */
export function integerFlag(
  name: string,
  value: string | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const parsed = numberFlag(name, value, min, max);
  if (!Number.isInteger(parsed))
    throw new UsageError(`${labelOf(name)} must be a whole number; got "${value ?? ''}"`);
  return parsed;
}

/** Reads a flag that is "all" or an integer within [min, max]. */
export function allOrIntegerFlag(
  name: string,
  value: string | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | 'all' {
  return value?.trim() === 'all' ? 'all' : integerFlag(name, value, min, max);
}

/** Reads a flag that must be one of `choices` (surrounding spaces ignored); anything else is a usage error. */
export function choiceFlag<const C extends string>(
  name: string,
  value: string | undefined,
  choices: readonly C[],
): C {
  const text = value?.trim();
  const chosen = choices.find((choice) => choice === text);
  if (chosen !== undefined) return chosen;
  throw new UsageError(
    `${labelOf(name)} must be ${choices.map((c) => `"${c}"`).join(' or ')}; got "${value ?? ''}"`,
  );
}

/**
 * Runs a CLI main: usage errors exit 2 with the usage, other failures exit 1 with the message
 * (after the error's name, except for a UserFacingError).
 */
export function runCli(main: () => Promise<void>, usageText: string): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usageText}`);
      process.exitCode = 2;
      return;
    }
    console.error(
      error instanceof UserFacingError
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error),
    );
    process.exitCode = 1;
  });
}

/**
 * Declares a CLI: parses its flags (printing the usage for --help), runs main, and turns usage
 * errors into exit status 2 and other failures into 1.
 */
export function defineCli<T extends Record<string, FlagSpec>>(
  command: string,
  summary: string,
  flags: T,
  main: (values: FlagValues<T>, argv: string[]) => Promise<void>,
): void {
  const usageText = usage(command, summary, flags);
  runCli(async () => {
    const argv = process.argv.slice(2);
    const values = parseFlags(argv, flags);
    if (values === null) {
      console.log(usageText);
      return;
    }
    await main(values, argv);
  }, usageText);
}
