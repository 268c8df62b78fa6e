import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, demoUsers } from '../tools/meridian-server.js';
import { expectVisible, journey, launchBrowser, newContext } from './lib/browser.js';
import {
  openSignIn,
  signInHeading,
  signOut,
  submitCredentials,
  ui,
  userMenu,
} from './lib/sign-in.js';
import { freshTotpCode, totpCode, totpStep } from './lib/totp.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('admin enrols TOTP at first sign-in, then signs in with a fresh code and opens the admin pages', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const name = 'admin-sign-in';
  await journey(page, name, async (check) => {
    await openSignIn(page);
    await check('1-sign-in');
    await submitCredentials(page, demoUsers.admin, demoPassword);

    await expectVisible(page.getByRole('heading', { name: ui.enrolmentHeading }));
    const qr = page.getByRole('img', { name: ui.qrAlt });
    await expectVisible(qr);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\//);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{16,}=*$/);
    await check('2-enrolment');
    const enrolmentStep = totpStep();
    await page.getByLabel(ui.codeLabel).fill(await totpCode(secret, enrolmentStep));
    await page.getByRole('button', { name: 'Verify and turn on' }).click();

    const codes = page.getByTestId('recovery-codes');
    await expectVisible(codes);
    expect((await codes.innerText()).trim()).not.toBe('');
    await check('3-recovery-codes');
    await page.getByRole('button', { name: 'I have saved these codes' }).click();

    await expectVisible(userMenu(page));
    await expectVisible(page.getByRole('navigation', { name: ui.mainNavigation }));
    await check('4-home');
    await signOut(page);
    await check('5-signed-out');

    await submitCredentials(page, demoUsers.admin, demoPassword);
    const codeField = page.getByLabel(ui.codeLabel);
    await expectVisible(codeField);
    await check('6-totp');
    const { code } = await freshTotpCode(secret, enrolmentStep);
    await codeField.fill(code);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expectVisible(userMenu(page));
    expect(await signInHeading(page).count()).toBe(0);

    await page.goto('/admin/users');
    await expectVisible(page.getByRole('heading', { name: 'Users', exact: true }));
    await check('7-users');
    await page.goto('/admin/audit');
    await expectVisible(page.getByRole('heading', { name: 'Audit log', exact: true }));
    await check('8-audit-log');
  });
  await context.close();
}, 120_000);
