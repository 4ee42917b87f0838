import { expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { GOOD_PASSWORD, signIn, signUp, turnOnTwoFactor, waitForHydration } from './helpers';

/** The folder the server under test writes e-mails to (scripts/test.sh sets both sides). */
const OUTBOX = process.env.WEBRANA_E2E_OUTBOX ?? '../data/outbox';

/** Undoes quoted-printable transfer encoding (RFC 2045). */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function mailsTo(address: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(OUTBOX).filter((name) => name.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return files
    .map((name) => decodeQuotedPrintable(readFileSync(join(OUTBOX, name), 'utf8')))
    .filter((mail) => mail.includes(`<${address}>`));
}

/**
 * Waits for the `count`-th e-mail to `address` with a link to `path` (sent by a background
 * job) and returns that link's path and query, e.g. `/verify-email?token=…`.
 */
export async function linkFromMail(address: string, path: string, count = 1): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        const pattern = new RegExp(`${path}\\?token=[A-Za-z0-9_-]+`);
        const links = mailsTo(address).flatMap((mail) => mail.match(pattern) ?? []);
        link = links[count - 1] ?? '';
        return link;
      },
      { message: `e-mail to ${address} with a ${path} link`, timeout: 15_000 },
    )
    .not.toBe('');
  return link;
}

/** Signs a new customer up on /signup and confirms the address from the e-mail (ordering
 * needs a confirmed address); leaves the page signed in. */
export async function signUpVerified(page: Page, name: string, email: string) {
  await page.goto('/signup');
  await signUp(page, name, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto(await linkFromMail(email, '/verify-email'));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Konfirmasi alamat e-mail' }).click();
  await expect(page.getByTestId('verified')).toBeVisible();
}

/** Signs a `create-admin` account in and turns on its 2FA, as the admin area requires: staff
 * enrol through a one-time link sent to their address. Leaves the page signed in with the
 * second factor. */
export async function adminWithTwoFactor(page: Page, admin: { email: string; password: string }) {
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, admin.email, admin.password);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await page.goto('/account/security');
  await waitForHydration(page);
  await page.getByTestId('send-enrolment-link').click();
  await expect(page.getByTestId('form-status').filter({ hasText: 'Tautan telah dikirim' })).toBeVisible();
  await page.goto(await linkFromMail(admin.email, '/account/security'));
  return turnOnTwoFactor(page, admin.password);
}
