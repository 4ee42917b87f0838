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
  // The URL changes at once; the list follows when the new order has loaded.
  const prices = async () =>
    (await page.getByTestId('plan-price').allTextContents()).map((text) => Number(text.replace(/\D/g, '')));
  const descending = (numbers: number[]) => numbers.length > 0 && numbers.every((n, i) => i === 0 || numbers[i - 1] >= n);
  await expect.poll(async () => descending(await prices())).toBe(true);
  expect((await prices()).every((n) => n >= 759_000)).toBe(true);
});
