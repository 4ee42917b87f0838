import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { waitForHydration } from './helpers';

/** The rules we hold every page to: WCAG 2.1 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Opens `path`, waits until it has hydrated, and checks it with axe in the light and the
 * dark theme (colours differ): no serious or critical finding is allowed.
 */
export async function expectAccessible(page: Page, path: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(path);
    await waitForHydration(page);
    await expectNoSeriousFindings(page, `${path} (${colorScheme})`);
  }
}

/** Checks the page as it is now with axe: no serious or critical finding is allowed. */
export async function expectNoSeriousFindings(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const findings = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const where = violation.nodes.slice(0, 3).map((node) => node.target.join(' '));
      return `${violation.id} (${violation.impact}): ${violation.help} at ${where.join(', ')}`;
    });
  expect(findings, `axe findings on ${label}`).toEqual([]);
}

/** The address of the first link in the page's main content that starts with `prefix`. */
export async function firstLink(page: Page, prefix: string): Promise<string> {
  const link = page.locator(`main a[href^="${prefix}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}
