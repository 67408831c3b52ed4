/**
 * A configuration file for experiments (`--config trial.json`): a JSON object whose keys are
 * settings a CLI declares, each read by the same rules as a flag would be. An unknown key, or a
 * file that is not a JSON object, is a usage error naming the file.
 */
import { readFileSync } from 'node:fs';
import { UsageError, type FlagSpec, type FlagValues } from './cliArgs';

/**
 * The settings in `path` (or only their defaults when `path` is undefined), as strings the way
 * flags arrive; numbers and booleans in the file are written out, arrays are joined by commas.
 */
export function readSettingsFile<T extends Record<string, FlagSpec>>(
  path: string | undefined,
  settings: T,
): FlagValues<T> {
  const given = path === undefined ? {} : settingsObject(path);
  const known = Object.keys(settings);
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `--config ${path ?? ''}: unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the settings are ${known.join(', ')}`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settings)) {
    const value = given[name];
    values[name] =
      value === undefined || value === null ? spec.default : settingText(path ?? '', name, value);
  }
  return values as FlagValues<T>;
}

/** A setting's value as flag text: a number, a word or true/false, or a list of them joined by commas. */
function settingText(path: string, name: string, value: unknown): string {
  const scalar = (item: unknown) => {
    if (typeof item === 'number' || typeof item === 'string' || typeof item === 'boolean') {
      return String(item);
    }
    throw new UsageError(`--config ${path}: "${name}" must be a number, a word, or a list of them`);
  };
  return Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
}

function settingsObject(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: the file cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--config ${path}: not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config ${path}: not a JSON object of settings`);
  }
  return parsed as Record<string, unknown>;
}

/** "--config <file>: " before a usage error about one of its settings; other errors as they are. */
export function inSettingsFile<R>(path: string | undefined, read: () => R): R {
  try {
    return read();
  } catch (error) {
    if (path !== undefined && error instanceof UsageError) {
      throw new UsageError(`--config ${path}: ${error.message}`);
    }
    throw error;
  }
}
