/**
 * What a screen must not show, read from the page as it is: a key figure below the first
 * viewport, a chart legend with empty value fields at rest, an unnamed reference line, the
 * browser's own file input.
 */
import type { Page } from 'playwright-core';

/**
 * The test IDs of the answer's figures that must show in the first viewport: the number to
 * contact, the expected profit with its interval, the rule, the test-row evidence (the rule's
 * profit with its interval, or by value against by probability) and the payoffs.
 */
export function answerTestIds(evidence: 'by probability' | 'by value'): string[] {
  return [
    'snapshot-contacts',
    'snapshot-profit',
    'expected-interval',
    'rule',
    ...(evidence === 'by value'
      ? ['value-evidence', 'value-evidence-detail']
      : ['evaluation-profit', 'profit-interval']),
    'payoff-tp',
    'payoff-fp',
    'payoff-fn',
    'payoff-tn',
    'capacity-box',
  ];
}

/** The test IDs whose elements do not lie wholly inside the viewport at the top of the page. */
export async function outsideFirstView(page: Page, testIds: readonly string[]): Promise<string[]> {
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('the page has no viewport size');
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  const outside: string[] = [];
  for (const id of testIds) {
    const box = await page.getByTestId(id).first().boundingBox();
    if (
      box === null ||
      box.y < 0 ||
      box.x < 0 ||
      box.y + box.height > viewport.height ||
      box.x + box.width > viewport.width
    ) {
      outside.push(id);
    }
  }
  return outside;
}

/**
 * Each chart's defects at rest (no point hovered): a legend that shows value fields or a colon, a
 * series shown without a name or named "—", a dashed line the chart's key does not name.
 */
export async function chartDefects(page: Page): Promise<string[]> {
  await page.mouse.move(0, 0);
  return page.evaluate(() => {
    const shown = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).display !== 'none';
    };
    const defects: string[] = [];
    for (const figure of Array.from(document.querySelectorAll('figure.chart'))) {
      const name = String(figure.getAttribute('aria-label'));
      for (const value of Array.from(figure.querySelectorAll('.u-legend .u-value'))) {
        if (shown(value)) defects.push(`${name}: a value field shows at rest`);
      }
      for (const label of Array.from(figure.querySelectorAll('.u-legend .u-series th'))) {
        if (!shown(label)) continue;
        const text = label.textContent.trim();
        if (text === '' || text === '—') defects.push(`${name}: a series without a name`);
        if (getComputedStyle(label, '::after').content.includes(':')) {
          defects.push(`${name}: "${text}:" waits for a value`);
        }
      }
      const lines = Array.from(figure.querySelectorAll('.chart-marker')).filter(shown).length;
      const named = figure.querySelectorAll('.chart-key li').length;
      if (lines > named) defects.push(`${name}: ${lines} dashed lines, ${named} named`);
    }
    return defects;
  });
}

/** File inputs the browser draws itself ("Choose Files / No file chosen"): wider than a pixel. */
export async function nativeFileInputsShown(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('input[type="file"]')).filter(
        (input) => input.getBoundingClientRect().width > 1,
      ).length,
  );
}
