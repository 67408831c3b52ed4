/** Measurements both app benchmarks take in the page, as the analyst would meet them. */
import type { Page } from 'playwright-core';

/**
 * Navigates to `url` and looks `id` up as soon as the app takes a lookup; seconds from the
 * navigation to the customer shown (its part fetched on demand if the install has not reached it).
 */
export async function firstLookupFromNavigation(
  page: Page,
  url: string,
  id: string,
): Promise<number> {
  const started = Date.now();
  await page.goto(url);
  const button = page.getByRole('button', { name: 'Consultar' });
  await button.waitFor({ timeout: 600_000 });
  while (!(await button.isEnabled())) await new Promise((r) => setTimeout(r, 20));
  await page.getByRole('textbox', { name: 'ID do cliente' }).fill(id);
  await button.click();
  await page.locator(`[data-testid="lookup-result"][data-id="${id}"]`).waitFor({
    timeout: 600_000,
  });
  return (Date.now() - started) / 1000;
}

/**
 * Milliseconds from the lookup button's click to the DOM showing each customer, timed in the page
 * (a MutationObserver), one lookup after the other.
 */
export async function clickToScreen(page: Page, ids: readonly number[]): Promise<number[]> {
  const times: number[] = [];
  for (const id of ids) {
    await page.getByRole('textbox', { name: 'ID do cliente' }).fill(String(id));
    times.push(
      await page.evaluate(
        (expected) =>
          new Promise<number>((resolvePromise) => {
            const shown = () =>
              document.querySelector('[data-testid="lookup-result"]')?.getAttribute('data-id') ===
              expected;
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (!shown()) return;
              observer.disconnect();
              resolvePromise(performance.now() - t0);
            });
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              attributes: true,
              characterData: true,
            });
            const button = [...document.querySelectorAll('button')].find(
              (b) => b.textContent === 'Consultar',
            );
            button?.click();
          }),
        String(id),
      ),
    );
  }
  return times;
}

/** The q-quantile of values (nearest rank), NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  return [...values].sort((a, b) => a - b)[Math.floor(q * values.length)] ?? Number.NaN;
}
