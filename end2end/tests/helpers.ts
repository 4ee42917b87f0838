import { expect, type Page } from '@playwright/test';

/** Waits until the WASM bundle has hydrated the page (the app marks <html data-hydrated>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** The language or theme button in the header (the footer repeats them). */
export function headerControl(page: Page, testId: string) {
  return page.locator('header').getByTestId(testId).first();
}
