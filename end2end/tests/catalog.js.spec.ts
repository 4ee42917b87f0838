import { expect, test, waitForHydration } from './helpers';

test('plan filters apply as soon as they change', async ({ page }) => {
  await page.goto('/plans');
  await waitForHydration(page);
  const all = await page.getByTestId('plan-card').count();
  await page.getByTestId('plan-filters').getByLabel('RAM min. (GB)').fill('8');
  await page.getByTestId('plan-filters').getByLabel('RAM min. (GB)').blur();
  await expect(page).toHaveURL(/ram=8/);
  await expect.poll(() => page.getByTestId('plan-card').count()).toBeLessThan(all);
  await page.getByTestId('plan-filters').getByLabel('Urutkan').selectOption('price-desc');
  await expect(page).toHaveURL(/sort=price-desc/);
  const prices = await page.getByTestId('plan-price').allTextContents();
  const numbers = prices.map((text) => Number(text.replace(/\D/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  expect(numbers.every((n) => n >= 759_000)).toBe(true);
});
