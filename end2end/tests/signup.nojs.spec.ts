import { linkFromMail } from './mail';
import { GOOD_PASSWORD, expect, signUp, test, uniqueEmail } from './helpers';

test('sign-up, confirmation and password recovery work without JavaScript', async ({ page }) => {
  const email = uniqueEmail('nojs');
  await page.goto('/signup');
  await signUp(page, 'Tanpa Skrip', email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('verify-banner')).toBeVisible();

  await page.goto(await linkFromMail(email, '/verify-email'));
  await page.getByRole('button', { name: 'Konfirmasi alamat e-mail' }).click();
  await expect(page.getByTestId('verified')).toBeVisible();

  await page.goto('/forgot-password');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Kirim tautan' }).click();
  await expect(page.getByRole('alert')).toHaveText(/telah dikirim/);
});

test('a refused sign-up shows the field errors without JavaScript', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Nama lengkap').fill('Tanpa Skrip');
  await page.getByLabel('E-mail').fill(uniqueEmail('nojs-weak'));
  await page.getByLabel('Kata sandi').fill('indonesia123');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  await expect(page.locator('#password-error')).toHaveText(/paling sering dipakai/);
});
