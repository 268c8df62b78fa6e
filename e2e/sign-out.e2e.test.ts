import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, demoUsers } from '../tools/meridian-server.js';
import { baseUrl, expectVisible, journey, launchBrowser, newContext } from './lib/browser.js';
import { signIn, signInHeading, signOut, userMenu } from './lib/sign-in.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('signing out ends the session on the server, not just in the browser', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const name = 'sign-out';
  await journey(page, name, async (check) => {
    await signIn(page, demoUsers.physician, demoPassword);
    const session = (await context.cookies()).find((c) => c.name === 'meridian_session');
    expect(session, 'the meridian_session cookie after sign-in').toBeDefined();
    const cookie = `meridian_session=${session?.value ?? ''}`;
    const before = await fetch(`${baseUrl()}/api/v1/auth/me`, { headers: { cookie } });
    expect(before.status).toBe(200);

    // The open user menu passes axe too (Mantine's focus placeholder inside role="menu" did not).
    await userMenu(page).click();
    await expectVisible(page.getByRole('menu'));
    await check('0-user-menu-open');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await signOut(page);
    await page.goto('/');
    await expectVisible(signInHeading(page));
    await check('1-after-sign-out');

    const after = await fetch(`${baseUrl()}/api/v1/auth/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });
  await context.close();
});
