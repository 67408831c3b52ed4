/**
 * A pulled model takes the place of the app's model whole: nothing of the model before stays
 * beside it, and files that belong to no model are left alone.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MLFLOW_MODEL_DIR_FILES,
  MODEL_DIR_FILES,
  OPTIONAL_MODEL_DIR_FILES,
  replaceModelDir,
} from '../../training/tracking/registry';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'retem-model-dir-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('a pulled model directory', () => {
  it('replaces every file of the model before, and drops those the new one lacks', async () => {
    const before = Object.fromEntries(
      [
        ...MODEL_DIR_FILES,
        ...OPTIONAL_MODEL_DIR_FILES,
        ...MLFLOW_MODEL_DIR_FILES,
        'MLmodel',
        'registry.json',
      ].map((file) => [file, `old ${file}`]),
    );
    const app = dirWith({ ...before, 'favicon.svg': '<svg/>' });
    // A version trained before its rows and segments had files, and logged without MLflow's.
    const pulled = dirWith(Object.fromEntries(MODEL_DIR_FILES.map((f) => [f, `new ${f}`])));
    await replaceModelDir(pulled, app);
    for (const file of MODEL_DIR_FILES) {
      expect(readFileSync(join(app, file), 'utf8')).toBe(`new ${file}`);
    }
    const gone = [
      ...OPTIONAL_MODEL_DIR_FILES,
      ...MLFLOW_MODEL_DIR_FILES,
      'MLmodel',
      'registry.json',
    ];
    for (const file of gone) expect(existsSync(join(app, file)), file).toBe(false);
    expect(existsSync(join(app, 'code')), 'the MLflow code folder').toBe(false);
    expect(readFileSync(join(app, 'favicon.svg'), 'utf8')).toBe('<svg/>');
  });

  it('brings every file the version has, the MLflow model and its code included', async () => {
    const files = [...MODEL_DIR_FILES, ...OPTIONAL_MODEL_DIR_FILES, ...MLFLOW_MODEL_DIR_FILES];
    const pulled = dirWith(Object.fromEntries(files.map((f) => [f, `new ${f}`])));
    const app = dirWith({ 'favicon.svg': '<svg/>' });
    await replaceModelDir(pulled, app);
    for (const file of files) expect(readFileSync(join(app, file), 'utf8')).toBe(`new ${file}`);
  });

  it('is created where there was none', async () => {
    const pulled = dirWith(Object.fromEntries(MODEL_DIR_FILES.map((f) => [f, `new ${f}`])));
    const app = join(mkdtempSync(join(tmpdir(), 'retem-app-')), 'public', 'model');
    await replaceModelDir(pulled, app);
    expect(MODEL_DIR_FILES.every((file) => existsSync(join(app, file)))).toBe(true);
  });
});
