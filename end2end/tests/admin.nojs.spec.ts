import { OTHER_NEW_ADMIN, expect, signIn, test } from './helpers';

test('signed-out visitors and customers cannot open the admin panel, without JavaScript too', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, OTHER_NEW_ADMIN.email, OTHER_NEW_ADMIN.password);
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
});
