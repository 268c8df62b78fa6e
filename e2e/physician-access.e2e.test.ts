import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, demoUsers } from '../tools/meridian-server.js';
import { expectVisible, journey, launchBrowser, newContext } from './lib/browser.js';
import { signIn, ui } from './lib/sign-in.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('a physician signs in without a second factor and is kept out of the admin pages', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const name = 'physician-access';
  await journey(page, name, async (check) => {
    await signIn(page, demoUsers.physician, demoPassword);
    const nav = page.getByRole('navigation', { name: ui.mainNavigation });
    await expectVisible(nav);
    // Soft: the journey goes on to the forbidden page either way.
    expect.soft(await nav.getByText('Administration').count(), 'Administration group').toBe(0);
    expect.soft(await nav.getByRole('link', { name: 'Users' }).count(), 'Users link').toBe(0);
    await check('1-home');

    await page.goto('/admin/users');
    await expectVisible(page.getByText(ui.noAccess));
    await check('2-admin-users');
  });
  await context.close();
});
