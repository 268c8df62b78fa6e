import type { Page } from 'playwright-core';
import { expectVisible } from './browser.js';

/** The UI texts the journeys rely on (agreed with the web app). */
export const ui = {
  signInHeading: 'Sign in to Meridian',
  enrolmentHeading: 'Set up two-factor authentication',
  qrAlt: 'QR code for your authenticator app',
  codeLabel: 'Authentication code',
  userMenu: 'User menu',
  signOut: 'Sign out',
  mainNavigation: 'Main navigation',
  noAccess: 'You do not have access to this page',
} as const;

export function signInHeading(page: Page) {
  return page.getByRole('heading', { name: ui.signInHeading });
}

/** Opens / and waits for the sign-in page. */
export async function openSignIn(page: Page): Promise<void> {
  await page.goto('/');
  await expectVisible(signInHeading(page));
}

/** Fills the sign-in form on the current page and submits it. */
export async function submitCredentials(page: Page, email: string, password: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The user menu button of the app shell: visible once signed in. */
export function userMenu(page: Page) {
  return page.getByRole('button', { name: ui.userMenu });
}

/** Signs in (no second factor) and waits for the app shell. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await openSignIn(page);
  await submitCredentials(page, email, password);
  await expectVisible(userMenu(page));
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: ui.signOut }).click();
  await expectVisible(signInHeading(page));
}
