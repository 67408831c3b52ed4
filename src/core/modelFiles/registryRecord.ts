/**
 * Where a shipped model came from in the MLflow registry: `npm run model:pull` writes it beside the
 * model's files as registry.json, and the app shows it. A model trained locally has none.
 */

export const REGISTRY_FILE = 'registry.json';
export const REGISTRY_FORMAT = 'retem-registry';

export interface RegistryRecord {
  readonly format: typeof REGISTRY_FORMAT;
  /** The registered model's name and version. */
  readonly name: string;
  readonly version: string;
  /** The MLflow run that logged it, when the registry says. */
  readonly runId: string | null;
  /** The alias it was pulled by ("champion"), or null when pulled by version. */
  readonly alias: string | null;
  /** When it was pulled (ISO 8601). */
  readonly pulledAt: string;
}

/** A registry record, or null when `json` is anything else (another format, a field missing). */
export function readRegistryRecord(json: unknown): RegistryRecord | null {
  if (typeof json !== 'object' || json === null) return null;
  const r = json as Record<string, unknown>;
  const text = (key: string) => typeof r[key] === 'string';
  const textOrNull = (key: string) => r[key] === null || typeof r[key] === 'string';
  if (r['format'] !== REGISTRY_FORMAT) return null;
  if (!['name', 'version', 'pulledAt'].every(text)) return null;
  if (!['runId', 'alias'].every(textOrNull)) return null;
  return json as RegistryRecord;
}
