import { DEMO_CUSTOMER, openAccountMenu, signIn, expect, test } from './helpers';

test('signing in and out works without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page).toHaveURL(/\/$/);
  const header = page.locator('header');
  await expect(header.getByTestId('user-name').first()).toHaveText(DEMO_CUSTOMER.name);

  // The account menu is a <details> element: it opens without JavaScript.
  await openAccountMenu(page);
  await header.getByTestId('logout').first().click();
  await expect(header.getByTestId('login-link').first()).toBeVisible();
});

test('a wrong password is explained without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, DEMO_CUSTOMER.email, 'bukan-kata-sandi-yang-benar');
  await expect(page.getByRole('alert')).toHaveText('E-mail atau kata sandi salah.');
});
