import type { Browser, Locator } from 'playwright-core';
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

const tablet = { width: 768, height: 1024 };

/**
 * Waits until the navigation is fully on screen, or fully off it (a closed drawer slides off
 * to the left), so screenshots are not taken mid-transition.
 */
async function expectOnScreen(nav: Locator, onScreen: boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  let box = await nav.boundingBox();
  const settled = () =>
    box !== null && (onScreen ? box.x >= -0.5 && box.width > 0 : box.x + box.width <= 0.5);
  while (!settled() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    box = await nav.boundingBox();
  }
  expect(
    settled(),
    `navigation ${onScreen ? 'on' : 'off'} screen (box ${JSON.stringify(box)})`,
  ).toBe(true);
}

it('at tablet width the navigation opens and closes with the burger', async () => {
  const context = await newContext(browser, tablet);
  const page = await context.newPage();
  const name = 'tablet-navigation';
  await journey(page, name, async (check) => {
    await signIn(page, demoUsers.physician, demoPassword);
    const openButton = page.getByRole('button', { name: 'Open navigation' });
    const closeButton = page.getByRole('button', { name: 'Close navigation' });
    await expectVisible(openButton);
    const nav = page.getByRole('navigation', { name: ui.mainNavigation, includeHidden: true });
    await expectOnScreen(nav, false);
    expect(await openButton.getAttribute('aria-expanded')).toBe('false');
    await check('1-home');

    await openButton.click();
    await expectVisible(closeButton);
    await expectOnScreen(nav, true);
    expect(await closeButton.getAttribute('aria-expanded')).toBe('true');
    await check('2-navigation-open');

    await closeButton.click();
    await expectVisible(openButton);
    await expectOnScreen(nav, false);
  });
  await context.close();
});
