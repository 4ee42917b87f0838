import { DEMO_CUSTOMER, openAccountMenu, signIn, waitForHydration, expect, test } from './helpers';

test('a customer signs in, stays signed in across reload, and signs out', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page).toHaveURL(/\/$/);
  const header = page.locator('header');
  await expect(header.getByTestId('user-name').first()).toHaveText(DEMO_CUSTOMER.name);

  await page.reload();
  await expect(header.getByTestId('user-name').first()).toHaveText(DEMO_CUSTOMER.name);

  await waitForHydration(page);
  await openAccountMenu(page);
  await header.getByTestId('logout').first().click();
  await expect(header.getByTestId('login-link').first()).toBeVisible();
  await page.reload();
  await expect(header.getByTestId('login-link').first()).toBeVisible();
});

test('a wrong password shows an error without saying whether the account exists', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, 'bukan-kata-sandi-yang-benar');
  await expect(page.getByRole('alert')).toHaveText('E-mail atau kata sandi salah.');
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, 'tidak-ada@webrana.test', 'bukan-kata-sandi-yang-benar');
  await expect(page.getByRole('alert')).toHaveText('E-mail atau kata sandi salah.');
});
