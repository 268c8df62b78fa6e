import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, demoUsers } from '../tools/meridian-server.js';
import { expectVisible, journey, launchBrowser, newContext } from './lib/browser.js';
import { signIn } from './lib/sign-in.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The demo seed's José García (born 1978-03-14): registering him again is a likely duplicate. */
const demoJose = { given: 'Jose', family: 'Garcia', birthDate: '1978-03-14' };

async function chooseOption(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByLabel(label).first().click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

/** A 1×1 transparent PNG. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The patient page's tabs are links in the "Patient record" navigation. */
function recordTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Patient record' }).getByRole('link', { name });
}

it('the front desk searches, registers past a duplicate warning, adds coverage, edits and reads the history', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await journey(page, 'front-desk-patient', async (check) => {
    await signIn(page, demoUsers.frontDesk, demoPassword);
    // The front desk's home is the patient search, with the cursor in the box.
    await page.waitForURL('**/patients');
    const search = page.getByLabel(/^Search patients/);
    await expectVisible(search);
    await search.fill('garcia');
    await expectVisible(page.getByRole('link', { name: /García, José/i }).first());
    await check('1-search');

    await page.getByRole('link', { name: 'Register patient' }).click();
    await page
      .getByLabel(/^Given name/)
      .first()
      .fill(demoJose.given);
    await page
      .getByLabel(/^Family name/)
      .first()
      .fill(demoJose.family);
    await page
      .getByLabel(/^Date of birth/)
      .first()
      .fill(demoJose.birthDate);
    await chooseOption(page, /^Sex assigned at birth/, 'Male');
    // The live panel warns while the form is being filled.
    await expectVisible(page.getByText('Likely duplicate').first());
    await check('2-live-duplicates');

    await page.getByRole('button', { name: 'Register patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'This patient may already be registered' });
    await expectVisible(dialog);
    await check('3-duplicate-dialog');
    await dialog
      .getByLabel(/Why is this a different person/)
      .fill('Different person: same name and birthday, different mother (checked ID)');
    await dialog.getByRole('button', { name: 'Register anyway' }).click();

    await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    const patientUrl = page.url();
    await expectVisible(page.getByText(/MRN/).first());
    await expectVisible(page.getByText('Male', { exact: true }).first());

    // A photo from the summary tab shows in the banner.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'jose.png', mimeType: 'image/png', buffer: tinyPng });
    await expectVisible(page.getByRole('button', { name: 'Replace the photo' }));
    await expectVisible(page.getByRole('img', { name: 'Patient photo' }).first());
    await check('4-registered-with-photo');

    await recordTab(page, 'Coverage').click();
    await page.getByRole('button', { name: 'Add coverage' }).first().click();
    const coverage = page.getByRole('dialog', { name: 'Add coverage' });
    await expectVisible(coverage);
    await coverage.getByLabel(/^Payer/).click();
    await page.getByRole('option', { name: /Aetna/ }).first().click();
    await coverage.getByLabel(/^Member ID/).fill('W123456789');
    await coverage.getByRole('button', { name: 'Add coverage' }).click();
    await expectVisible(page.getByText('W123456789').first());
    await check('5-coverage');

    await recordTab(page, 'Edit demographics').click();
    await page
      .getByLabel(/^Preferred name/)
      .first()
      .fill('Pepe');
    await page
      .getByLabel(/^Primary care practitioner/)
      .first()
      .fill('Raman');
    await page.getByRole('option', { name: 'Dr. Priya Raman' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectVisible(page.getByText('Changes saved.').first());

    await recordTab(page, 'History').click();
    // Newest first: the edit (preferred name none -> Pepe), the coverage, the registration.
    const history = page.getByRole('main');
    await expectVisible(history.getByText('Updated').first());
    await expectVisible(history.getByText('Preferred name').first());
    await expectVisible(history.getByText('Dr. Priya Raman').first());
    await expectVisible(history.getByText('Registered').first());
    await expectVisible(history.getByText('Added').first());
    expect(page.url()).toBe(`${patientUrl}/history`);
    await check('6-history');
  });
  await context.close();
}, 180_000);
