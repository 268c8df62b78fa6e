// Debian's chromium through playwright-core, axe-core checks and screenshots for the journeys.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { inject } from 'vitest';

export const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** The e2e server's origin, from the global setup. */
export function baseUrl(): string {
  return inject('e2eBaseUrl');
}

/** Launches Debian's chromium (never a downloaded browser); playwright gives it a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `install Debian's chromium: apt-get install chromium (${chromiumPath} is missing)`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface Viewport {
  width: number;
  height: number;
}

/** A fresh context (no cookies) against the e2e server, desktop-sized unless told otherwise. */
export async function newContext(
  browser: Browser,
  viewport: Viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl(),
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
}

/** Saves a full-page screenshot as e2e/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

interface AxeWindow {
  axe?: typeof axe;
}

/**
 * Runs axe-core on the current page and returns its violations, whatever their impact. axe is
 * evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
 * govern; the CSP itself stays on.
 */
export async function a11yViolations(page: Page): Promise<Violation[]> {
  const present = await page.evaluate(() => (window as AxeWindow).axe !== undefined);
  if (!present) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (): Promise<Violation[]> => {
    const engine = (window as AxeWindow).axe;
    if (!engine) throw new Error('axe-core did not load');
    const results = await engine.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(', '),
        html: n.html.slice(0, 200),
        summary: n.failureSummary ?? '',
      })),
    }));
  });
  return violations;
}

/** Fails, listing them readably, when axe finds any violation. */
export async function expectNoA11yViolations(page: Page, label: string): Promise<void> {
  const found = await a11yViolations(page);
  if (found.length > 0) throw new Error(formatViolations(label, page.url(), found));
}

function formatViolations(label: string, url: string, violations: Violation[]): string {
  const list = violations
    .map((v) => {
      const more = v.nodes.length > 5 ? `\n    ... and ${v.nodes.length - 5} more` : '';
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `    - ${n.target}\n      ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
  return `accessibility violations on ${label} (${url}):\n${list}`;
}

/** Waits for a locator to become visible (playwright-core has no auto-waiting expect). */
export async function expectVisible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Saves e2e/screenshots/<journey>-<step>.png and runs axe on the page. */
export type CheckPage = (step: string) => Promise<void>;

/**
 * Runs a journey. `check(step)` screenshots the page and runs axe; its violations (of any
 * impact) are collected and fail the journey at its end, so one run shows every page's
 * findings. A failing step saves e2e/screenshots/<journey>-failure.png and reports the page's
 * errors, console errors (CSP reports land there) and HTTP errors with it.
 */
export async function journey(
  page: Page,
  name: string,
  steps: (check: CheckPage) => Promise<void>,
): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && !text.startsWith('Failed to load resource')) {
      problems.push(`console error: ${text}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
    }
  });
  const a11y: string[] = [];
  const check: CheckPage = async (step) => {
    const label = `${name}-${step}`;
    await saveScreenshot(page, label);
    const found = await a11yViolations(page);
    if (found.length > 0) a11y.push(formatViolations(label, page.url(), found));
  };
  try {
    await steps(check);
  } catch (err) {
    const shot = await saveScreenshot(page, `${name}-failure`).catch(() => null);
    const message = err instanceof Error ? err.message : 'the journey failed';
    const extra = [
      `at ${page.url()}`,
      shot ? `screenshot: ${path.relative(process.cwd(), shot)}` : 'no screenshot',
      ...problems.slice(-10),
      ...a11y,
    ];
    throw new Error(`${message}\n${extra.join('\n')}`, { cause: err });
  }
  if (a11y.length > 0) throw new Error(a11y.join('\n'));
}
