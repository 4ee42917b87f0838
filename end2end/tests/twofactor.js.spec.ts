import { totp } from './totp';
import { GOOD_PASSWORD, expect, signIn, signOut, signUp, test, turnOnTwoFactor, uniqueEmail, waitForHydration } from './helpers';

test('2FA: enrol with a TOTP, then sign-in needs a code and each recovery code works once', async ({ page }) => {
  test.setTimeout(60_000);
  const email = uniqueEmail('2fa');
  await page.goto('/signup');
  await signUp(page, 'Dua Faktor', email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/account/security');
  const { secret, codes } = await turnOnTwoFactor(page, GOOD_PASSWORD);

  const signInWithCode = async (code: string) => {
    await page.goto('/login');
    await waitForHydration(page);
    await signIn(page, email, GOOD_PASSWORD);
    await expect(page).toHaveURL(/\/login\/2fa$/);
    await waitForHydration(page);
    await page.getByLabel('Kode').fill(code);
    await page.getByRole('button', { name: 'Verifikasi' }).click();
  };
  const header = page.locator('header');

  await signOut(page);
  await signInWithCode(totp(secret));
  await expect(header.getByTestId('user-name').first()).toHaveText('Dua Faktor');

  await signOut(page);
  await signInWithCode(codes[0]);
  await expect(header.getByTestId('user-name').first()).toHaveText('Dua Faktor');

  await signOut(page);
  await signInWithCode(codes[0]);
  await expect(page.locator('#code-error')).toHaveText(/Kode salah atau sudah dipakai/);
  await expect(page.getByLabel('Kode')).toHaveAttribute('aria-invalid', 'true');
  await expect(header.getByTestId('login-link').first()).toBeVisible();
});
