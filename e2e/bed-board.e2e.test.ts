import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DEMO_USERS } from '../apps/server/src/demo/seed-demo.js';
import { demoPassword, demoUsers, signInViaApi } from '../tools/meridian-server.js';
import {
  baseUrl,
  expectNoA11yViolations,
  expectVisible,
  journey,
  launchBrowser,
  newContext,
  saveScreenshot,
} from './lib/browser.js';
import { signIn } from './lib/sign-in.js';

type DemoEmail = (typeof DEMO_USERS)[number]['email'];
/** The bed manager: admission.write and bed.housekeeping. */
const nurseEmail = 'nurse@meridian.example' satisfies DemoEmail;
/** Sees beds and their states, never patients: /beds/housekeeping only. */
const housekeepingEmail = 'housekeeping@meridian.example' satisfies DemoEmail;

/** Registered for this journey, so no demo stay is in the way; the board shows "Family, Given". */
const patient = { given: 'Wilhelmina', family: 'Ashgrove', birthDate: '1961-07-23' } as const;
const boardName = `${patient.family}, ${patient.given}`;

/**
 * The wards in the order the journey looks for free beds: the demo's occupancy is planned
 * around the server's start, so which beds are free differs from run to run.
 */
const preferredWards = [
  '4 West Medical',
  '5 East Surgical',
  'Step-down Unit',
  'Intensive Care Unit',
  'Behavioural Health',
  'Emergency Department',
  'Maternity',
  'Paediatrics',
] as const;

interface BoardBedJson {
  id: string;
  code: string;
  roomCode: string;
  roomSexRestriction: 'female' | 'male' | null;
  state: string;
  isActive: boolean;
}
interface BoardJson {
  wards: { id: string; name: string; beds: BoardBedJson[] }[];
}

interface ChosenBed {
  ward: string;
  code: string;
  room: string;
}

let browser: Browser;
let patientId = '';

type Api = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** Calls the API as a demo user, signed in through the API. */
async function apiAs(email: string): Promise<Api> {
  const signedIn = await signInViaApi(baseUrl(), email, demoPassword);
  if (!signedIn.cookie) throw new Error(`${email} could not sign in: ${signedIn.status}`);
  const cookie = signedIn.cookie;
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        cookie,
        origin: baseUrl(),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  // The front desk registers the patient the bed manager will admit.
  const frontDesk = await apiAs(demoUsers.frontDesk);
  const created = await frontDesk('POST', '/api/v1/patients', {
    name: { given: patient.given, family: patient.family },
    birthDate: patient.birthDate,
    sexAtBirth: 'female',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  patientId = String((created.body as { id?: unknown }).id);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Two free beds the patient may lie in (not in a men-only room): one to admit into and, in
 * another ward when there is one, one to move to. Read from the same API the board shows.
 */
async function chooseBeds(nurse: Api): Promise<{ admitInto: ChosenBed; moveTo: ChosenBed }> {
  const me = await nurse('GET', '/api/v1/auth/me');
  const facilityId = (me.body as { currentFacilityId?: string }).currentFacilityId ?? '';
  const board = await nurse('GET', `/api/v1/bed-board?facilityId=${facilityId}`);
  expect(board.status).toBe(200);
  const free: ChosenBed[] = [];
  for (const name of preferredWards) {
    const ward = (board.body as BoardJson).wards.find((w) => w.name === name);
    for (const bed of ward?.beds ?? []) {
      if (bed.isActive && bed.state === 'available' && bed.roomSexRestriction !== 'male') {
        free.push({ ward: name, code: bed.code, room: bed.roomCode });
      }
    }
  }
  const admitInto = free[0];
  const moveTo = free.find((b) => b.ward !== admitInto?.ward) ?? free[1];
  if (!admitInto || !moveTo) {
    throw new Error('the demo board has fewer than two free beds a woman may take');
  }
  return { admitInto, moveTo };
}

/** "4 West Medical · room 403 · bed 403-B": how the dialogs name a bed. */
function bedName(bed: ChosenBed): string {
  return `${bed.ward} · room ${bed.room} · bed ${bed.code}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A bed's card, found in its ward's section by the bed's code. */
function card(page: Page, bed: ChosenBed): Locator {
  return page
    .getByRole('region', { name: bed.ward, exact: true })
    .getByRole('group', { name: new RegExp(`^Bed ${bed.code}, room ${bed.room}: `) });
}

/** Waits until the bed's card shows the state (its name ends with it). */
async function expectBedState(page: Page, bed: ChosenBed, state: string, timeout?: number) {
  await expectVisible(
    page
      .getByRole('region', { name: bed.ward, exact: true })
      .getByRole('group', { name: `Bed ${bed.code}, room ${bed.room}: ${state}`, exact: true }),
    timeout,
  );
}

async function openBoard(page: Page) {
  await page.goto('/beds');
  await expectVisible(page.getByRole('heading', { name: 'Bed board', level: 1 }));
  // Changes arrive over the event stream: the journey starts once it is open.
  await expectVisible(page.getByRole('status').getByText('Live', { exact: true }));
}

/**
 * Drags one card onto another with the mouse, as a person does: press on the card, move a
 * little (the drag starts and the free beds offer themselves), scroll to the target, drop.
 * Tricky: playwright's dragTo scrolls to the target while the button is down but before the
 * drag has started, so across a scroll Chromium starts the drag on whichever card is under
 * the pointer by then (another patient's); within one screen dragTo works.
 */
async function dragCard(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const start = await from.boundingBox();
  if (!start) throw new Error('the card to drag has no box');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 12, start.y + start.height / 2 + 12, {
    steps: 3,
  });
  await expectVisible(to.getByText('Drop to move here'));
  await to.scrollIntoViewIfNeeded();
  const end = await to.boundingBox();
  if (!end) throw new Error('the card to drop on has no box');
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 5 });
  await page.mouse.up();
}

async function chooseOption(page: Page, field: Locator, option: string | RegExp) {
  await field.click();
  await page.getByRole('option', { name: option }).first().click();
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/**
 * Where the legend, the cards, the ward headings and the census panel disagree (empty when
 * they match). Occupancy is occupied / (beds - blocked), to one decimal.
 */
async function figureMismatches(page: Page): Promise<string[]> {
  const cards = page.getByRole('group', { name: /^Bed .+, room .+: \w+$/ });
  const total = await cards.count();
  const occupied = await page.getByRole('group', { name: /^Bed .+, room .+: Occupied$/ }).count();
  const blocked = await page.getByRole('group', { name: /^Bed .+, room .+: Blocked$/ }).count();
  const legend = await page
    .getByRole('group', { name: /^Beds by state/ })
    .getByRole('button', { name: /^Occupied: \d+$/ })
    .innerText();
  const census = page.getByRole('region', { name: 'Census', exact: true });
  const figure = (label: string) => census.locator(`dl dt:text-is("${label}") + dd`).innerText();
  const expectedOccupancy = percent.format(
    Math.round((occupied / (total - blocked)) * 1000) / 10 / 100,
  );
  const found: string[] = [];
  if (legend.trim() !== `Occupied: ${occupied}`) {
    found.push(`legend "${legend}" but ${occupied} occupied cards`);
  }
  const censusOccupied = await figure('Occupied');
  if (censusOccupied !== `${occupied} / ${total}`) {
    found.push(`census occupied "${censusOccupied}" but the board has ${occupied} / ${total}`);
  }
  const occupancy = await figure('Occupancy');
  if (occupancy !== expectedOccupancy) {
    found.push(
      `census occupancy "${occupancy}" but ${occupied} / (${total} - ${blocked} blocked) is ${expectedOccupancy}`,
    );
  }
  for (const row of await census.getByRole('table').getByRole('row').all()) {
    const ward = (await row.getByRole('rowheader').allInnerTexts())[0];
    if (!ward) continue;
    const cells = await row.getByRole('cell').allInnerTexts();
    const line = await page
      .getByRole('region', { name: ward, exact: true })
      .getByText(/^\d+ of \d+ beds occupied$/)
      .innerText();
    const [n, m] = line.split(/ of | beds/);
    if (cells[1] !== `${n} / ${m}`) found.push(`census ${ward} "${cells[1]}" but board "${line}"`);
  }
  return found;
}

it('a bed manager admits, a second browser sees it live, the patient moves and leaves, housekeeping turns the beds round', async () => {
  const nurseApi = await apiAs(nurseEmail);
  const { admitInto, moveTo } = await chooseBeds(nurseApi);
  const contexts: BrowserContext[] = await Promise.all([
    newContext(browser),
    newContext(browser),
    newContext(browser),
  ]);
  const [nurse, physician, housekeeper] = (await Promise.all(contexts.map((c) => c.newPage()))) as [
    Page,
    Page,
    Page,
  ];

  await journey(nurse, 'bed-board', async (check) => {
    await Promise.all([
      signIn(nurse, nurseEmail, demoPassword),
      signIn(physician, demoUsers.physician, demoPassword),
    ]);
    await Promise.all([openBoard(nurse), openBoard(physician)]);
    // Marks the pages: a reload would lose it, so the board must change by itself.
    for (const page of [nurse, physician]) {
      await page.evaluate(() => Object.assign(window, { journeyMark: true }));
    }
    await expectBedState(nurse, admitInto, 'Available');
    await check('1-board');

    // Admit from the card's menu into the chosen bed.
    await card(nurse, admitInto)
      .getByRole('button', { name: `Actions for bed ${admitInto.code}, room ${admitInto.room}` })
      .click();
    await nurse.getByRole('menuitem', { name: 'Admit a patient here…' }).click();
    const admit = nurse.getByRole('dialog', { name: 'Admit a patient' });
    await admit.getByLabel('Find a patient').fill(patient.family);
    await admit.getByRole('button', { name: new RegExp(boardName) }).click();
    expect(await admit.getByLabel(/^Bed/).inputValue()).toBe(bedName(admitInto));
    await chooseOption(nurse, admit.getByLabel(/^Admitting practitioner/), /Priya Raman/);
    expect(await admit.getByLabel(/^Attending practitioner/).inputValue()).toMatch(/Priya Raman/);
    await admit.getByLabel(/^Reason for admission/).fill('Community-acquired pneumonia');
    await chooseOption(nurse, admit.getByLabel(/^Level of care/), 'Acute (ward)');
    await check('2-admit-dialog');

    const admitted = nurse.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/admissions',
    );
    await admit.getByRole('button', { name: 'Admit', exact: true }).click();
    const response = await admitted;
    expect(response.status(), await response.text()).toBe(201);
    const admittedAtMs = performance.now();
    // The second browser, untouched, shows the patient in that bed (the nurse's toast is
    // awaited alongside: it closes by itself after a few seconds).
    const [seenAfterMs] = await Promise.all([
      expectVisible(card(physician, admitInto).getByText(boardName, { exact: true }), 10_000).then(
        () => Math.round(performance.now() - admittedAtMs),
      ),
      expectVisible(nurse.getByText(/: admitted\.$/)),
    ]);
    // Live, without a reload: the card changed within expectVisible's 10 s. The 2 s goal is a
    // timing figure, measured by `npm run bench:admissions` (change to screen, 50 boards),
    // not asserted here: this test shares the machine with the rest of the suite.
    console.log(`[e2e] the second browser showed the admission after ${seenAfterMs} ms`);
    await expectBedState(physician, admitInto, 'Occupied');
    await expectBedState(nurse, admitInto, 'Occupied');
    const stays = await nurseApi('GET', `/api/v1/admissions?patientId=${patientId}`);
    expect((stays.body as { items: { status: string }[] }).items.map((s) => s.status)).toEqual([
      'admitted',
    ]);
    await check('3-admitted');

    // Drag the patient's card onto the free bed: Chromium's native HTML5 drag events.
    await dragCard(nurse, card(nurse, admitInto), card(nurse, moveTo));
    const move = nurse.getByRole('dialog', { name: 'Move patient' });
    await expectVisible(move);
    // The patient dragged, from the bed they are in, to the bed dropped on.
    const from = escapeRegExp(bedName(admitInto));
    await expectVisible(move.getByText(new RegExp(`Patient: ${boardName}\\s*From: ${from}$`)));
    expect(
      await move
        .getByLabel(/^To bed/)
        .locator('option:checked')
        .innerText(),
    ).toBe(bedName(moveTo));
    await move.getByLabel(/^Reason for the move/).fill('Needs surgical review');
    await check('4-move-dialog');
    await move.getByRole('button', { name: 'Move patient' }).click();
    await expectVisible(nurse.getByText(`Patient moved to bed ${moveTo.code}.`));
    for (const page of [nurse, physician]) {
      await expectVisible(card(page, moveTo).getByText(boardName, { exact: true }));
      await expectBedState(page, admitInto, 'Dirty');
    }
    await check('5-moved-old-bed-dirty');

    // Discharge home from the new bed's menu.
    await card(nurse, moveTo)
      .getByRole('button', { name: `Actions for bed ${moveTo.code}, room ${moveTo.room}` })
      .click();
    await nurse.getByRole('menuitem', { name: 'Discharge…' }).click();
    const discharge = nurse.getByRole('dialog', { name: 'Discharge' });
    await chooseOption(nurse, discharge.getByLabel(/^Disposition/), 'Home');
    await check('6-discharge-dialog');
    await discharge.getByRole('button', { name: 'Discharge', exact: true }).click();
    await expectVisible(nurse.getByText(/: discharged\.$/));
    for (const page of [nurse, physician]) {
      await expectBedState(page, moveTo, 'Dirty');
      await expectBedState(page, admitInto, 'Dirty');
      expect(await page.getByText(boardName, { exact: true }).count()).toBe(0);
    }
    await check('7-discharged-beds-dirty');

    // Housekeeping cleans both beds the patient left; the boards follow by themselves.
    await signIn(housekeeper, housekeepingEmail, demoPassword);
    await housekeeper.goto('/beds/housekeeping');
    for (const bed of [moveTo, admitInto]) {
      const name = `Room ${bed.room} · bed ${bed.code}, ${bed.ward}`;
      // Still dirty until housekeeping acts.
      await expectBedState(nurse, bed, 'Dirty');
      await housekeeper.getByRole('button', { name: `Start cleaning ${name}` }).click();
      await expectBedState(nurse, bed, 'Cleaning');
      await housekeeper.getByRole('button', { name: `Finish cleaning ${name}` }).click();
      await expectBedState(nurse, bed, 'Available');
      await expectBedState(physician, bed, 'Available');
    }
    // The journey checks the nurse's page; the housekeeper's gets its own screenshot and axe.
    await saveScreenshot(housekeeper, 'bed-board-8-housekeeping');
    await expectNoA11yViolations(housekeeper, 'bed-board-8-housekeeping');
    for (const page of [nurse, physician]) {
      expect(await page.evaluate(() => 'journeyMark' in window)).toBe(true);
    }

    // The figures agree with the board: the legend, the census panel, each ward.
    await expect.poll(() => figureMismatches(nurse), { timeout: 10_000 }).toEqual([]);
    await nurse.getByRole('region', { name: 'Census', exact: true }).scrollIntoViewIfNeeded();
    await check('9-census');
  });
  await Promise.all(contexts.map((c) => c.close()));
}, 120_000);
