/** axe-core in a page under test, as the page is: run through the debugger, so CSP stays on. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './paths';

const AXE = readFileSync(resolve(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SERIOUS = ['moderate', 'serious', 'critical'];

/** Violations of moderate impact or above on the page now: rule, impact and the first targets. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    interface Result {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    }
    const axe = (globalThis as unknown as { axe: { run(root: Document): Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return found
    .filter((v) => SERIOUS.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}
