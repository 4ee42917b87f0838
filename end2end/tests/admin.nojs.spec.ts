import { OTHER_NEW_ADMIN, expect, signIn, test } from './helpers';

test('signed-out visitors and customers cannot open the admin panel, without JavaScript too', async ({ page }) => {
  // A real redirect every time, to sign in and back (it used to race with an empty page).
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await page.request.get('/admin/users', { maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    expect(answer.headers()['location']).toBe('/login?next=%2Fadmin%2Fusers');
  }
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);

  // Signing in returns to the page; staff without 2FA are sent on to turn it on.
  await signIn(page, OTHER_NEW_ADMIN.email, OTHER_NEW_ADMIN.password);
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
});
