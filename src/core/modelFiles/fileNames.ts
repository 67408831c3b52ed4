/**
 * The files of a model directory that the app reads when it starts, by name: what `npm run train`
 * writes, what the app fetches, and what it keeps for offline use.
 */
import { REGISTRY_FILE } from './registryRecord';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const SPEC_FILE = 'preprocess.json';
export const METRICS_FILE = 'metrics.json';
export const CARD_FILE = 'MODEL_CARD.md';

/** Every file the app's start reads from the model directory (registry.json may be absent). */
export const APP_START_FILES: readonly string[] = [
  MODEL_FILE,
  WEIGHTS_FILE,
  SPEC_FILE,
  METRICS_FILE,
  CARD_FILE,
  REGISTRY_FILE,
];
