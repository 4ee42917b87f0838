import { expect, type Page } from '@playwright/test';

/** Waits until the WASM bundle has hydrated the page (the app marks <html data-hydrated>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** The language or theme button in the header (the footer repeats them). */
export function headerControl(page: Page, testId: string) {
  return page.locator('header').getByTestId(testId).first();
}

/** The demo customer `webrana seed-demo` creates (scripts/test.sh seeds before these tests). */
export const DEMO_CUSTOMER = {
  email: 'budi@webrana.test',
  password: 'rahasia-pelanggan-demo-2026',
  name: 'Budi Santoso',
};

/** Fills and submits the sign-in form (Indonesian labels). */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}
