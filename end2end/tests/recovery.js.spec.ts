import { linkFromMail } from './mail';
import { GOOD_PASSWORD, expect, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';

test('forgot password: the reset link sets a new password and signs out other sessions', async ({ newDevice }) => {
  const email = uniqueEmail('lupa');
  const laptop = await newDevice();
  await laptop.goto('/signup');
  await signUp(laptop, 'Lupa Sandi', email, GOOD_PASSWORD);
  await expect(laptop).toHaveURL(/\/account$/);

  const phone = await newDevice();
  await phone.goto('/forgot-password');
  await waitForHydration(phone);
  await phone.getByLabel('E-mail').fill(email);
  await phone.getByRole('button', { name: 'Kirim tautan' }).click();
  await expect(phone.getByRole('alert')).toHaveText(/tautan untuk mengatur ulang kata sandi telah dikirim/);

  await phone.goto(await linkFromMail(email, '/reset-password'));
  await waitForHydration(phone);
  const newPassword = 'layang-layang-di-pantai-parangtritis';
  await phone.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
  await phone.getByLabel('Ulangi kata sandi baru').fill(newPassword);
  await phone.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(phone).toHaveURL(/\/login\?reset=1$/);
  await expect(phone.getByRole('alert')).toHaveText(/sesi lain telah dikeluarkan/);

  await signIn(phone, email, newPassword);
  await expect(phone.locator('header').getByTestId('user-name').first()).toHaveText('Lupa Sandi');

  await laptop.goto('/account');
  await expect(laptop).toHaveURL(/\/login\?next=%2Faccount$/);
  await expect(laptop.locator('header').getByTestId('login-link').first()).toBeVisible();
});
