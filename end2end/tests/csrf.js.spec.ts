import { GOOD_PASSWORD, expect, signUp, test, uniqueEmail } from './helpers';

test('a form on another site cannot post to us (CSRF)', async ({ page, baseURL }) => {
  await page.goto('/signup');
  await signUp(page, 'Korban CSRF', uniqueEmail('csrf'), GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);

  // A page of another origin with a form that would sign the user out.
  await page.goto('about:blank');
  await page.setContent(`<form method="post" action="${baseURL}/api/auth/logout"><button>Klik</button></form>`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/logout')),
    page.getByRole('button', { name: 'Klik' }).click(),
  ]);
  expect(response.status()).toBe(403);

  await page.goto('/account');
  await expect(page.locator('header').getByTestId('user-name').first()).toHaveText('Korban CSRF');
});
