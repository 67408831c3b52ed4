/**
 * The recipe's configuration file: the teacher's least child hessian is chosen per file unless the
 * file gives one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../training/lib/cliArgs';
import { readRecipe, recipeIsDefault } from '../../training/lib/recipeSettings';

const dir = mkdtempSync(join(tmpdir(), 'retem-recipe-'));
const configFile = (name: string, settings: Record<string, unknown>) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(settings));
  return path;
};

describe('the teacher’s least child hessian in a recipe', () => {
  it('is chosen between 10 and 1 by default and under "auto"', () => {
    expect(readRecipe(undefined).distillation.minChildHessians).toEqual([10, 1]);
    const auto = configFile('auto.json', { 'teacher-min-hessian': 'auto' });
    expect(readRecipe(auto).distillation.minChildHessians).toEqual([10, 1]);
    expect(recipeIsDefault(auto)).toBe(true);
  });

  it('is the number a configuration file gives, which is then not the default recipe', () => {
    const fixed = configFile('fixed.json', { 'teacher-min-hessian': '2.5' });
    expect(readRecipe(fixed).distillation.minChildHessians).toEqual([2.5]);
    expect(recipeIsDefault(fixed)).toBe(false);
  });

  it('refuses anything else, naming the setting', () => {
    const bad = configFile('bad.json', { 'teacher-min-hessian': 'lots' });
    expect(() => readRecipe(bad)).toThrow(UsageError);
    expect(() => readRecipe(bad)).toThrow(/teacher-min-hessian/);
  });
});
