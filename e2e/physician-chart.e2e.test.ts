import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import type { DEMO_USERS } from '../apps/server/src/demo/seed-demo.js';
import { demoPassword, demoUsers } from '../tools/meridian-server.js';
import { expectVisible, journey, launchBrowser, newContext } from './lib/browser.js';
import { signIn } from './lib/sign-in.js';

type DemoEmail = (typeof DEMO_USERS)[number]['email'];
/** Collects specimens and enters results (result.write, specimen.collect). */
const labEmail = 'lab@meridian.example' satisfies DemoEmail;

/**
 * An imported Synthea patient, alive, whom the demo clinic's own records put on warfarin for
 * atrial fibrillation (apps/server/src/demo/data/clinic/SOURCE.md).
 */
const patientName = 'Kuvalis, Lavelle';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The patient page's tabs are links in the "Patient record" navigation. */
function recordTab(page: Page, name: string | RegExp) {
  return page.getByRole('navigation', { name: 'Patient record' }).getByRole('link', { name });
}

async function openChart(page: Page): Promise<void> {
  await page.goto('/patients');
  await page.getByLabel(/^Search patients/).fill('kuvalis');
  await page
    .getByRole('link', { name: new RegExp(patientName, 'i') })
    .first()
    .click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
}

it('a physician records alerting vitals, codes a problem, prescribes past the warfarin alert, signs a note with an addendum and acknowledges a critical result', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await journey(page, 'physician-chart', async (check) => {
    await signIn(page, demoUsers.physician, demoPassword);
    await openChart(page);
    const chartUrl = page.url();
    // The summary of an imported chart: her active problems and warfarin.
    await expectVisible(page.getByText('Atrial fibrillation', { exact: false }).first());
    await expectVisible(page.getByText(/Warfarin Sodium 5 MG/).first());
    await check('1-summary');

    // The encounter timeline: the clinic visit that started the warfarin, and what it holds.
    await recordTab(page, 'Encounters').click();
    await page
      .getByText(/Palpitations: new atrial fibrillation/)
      .first()
      .click();
    const visit = page.getByRole('dialog', { name: 'Outpatient visit' });
    const recorded = visit.getByRole('table', { name: 'Recorded during this encounter' });
    await expectVisible(recorded.getByRole('link', { name: /Warfarin Sodium 5 MG Oral Tablet/ }));
    await expectVisible(recorded.getByRole('link', { name: /Atrial Fibrillation \(I48\.91\)/ }));
    await check('1b-encounter-entries');
    await visit.getByRole('button', { name: 'Close encounter' }).click();

    // Vitals that score NEWS2 ≥ 5: the alert shows on the chart.
    await recordTab(page, 'Vitals').click();
    const vitals = page.getByRole('main');
    await vitals.getByLabel('Systolic (mmHg)').fill('98');
    await vitals.getByLabel('Diastolic (mmHg)').fill('60');
    await vitals.getByLabel('Heart rate (/min)').fill('118');
    await vitals.getByLabel('Respiratory rate (/min)').fill('26');
    await vitals.getByLabel('SpO2 (%)').fill('92');
    await vitals.getByLabel('Consciousness (ACVPU)').click();
    await page.getByRole('option', { name: 'A — Alert' }).click();
    await vitals.getByLabel('Temperature', { exact: true }).fill('38.4');
    await vitals.getByRole('button', { name: 'Record vitals' }).click();
    await expectVisible(page.getByText(/NEWS2 alert/).first());
    await check('2-news2-alert');

    // A problem found by words in the ICD-10-CM code set.
    await recordTab(page, 'Problems').click();
    await page.getByRole('button', { name: 'Add problem' }).first().click();
    const problem = page.getByRole('dialog', { name: 'Add a problem' });
    await expectVisible(problem);
    await problem.getByLabel(/^Diagnosis \(ICD-10-CM\)/).fill('pneumonia unspecified organism');
    await page
      .getByRole('option', { name: /^J18\.9/ })
      .first()
      .click();
    await problem.getByRole('button', { name: 'Add problem' }).click();
    await expectVisible(page.getByText('Problem added').first());
    await expectVisible(page.getByText('J18.9').first());
    await check('3-problem');

    // Ibuprofen for a patient on warfarin: the PDDI-CDS alert, overridden with a reason.
    await recordTab(page, 'Medications').click();
    await page.getByRole('button', { name: 'Prescribe' }).first().click();
    const rx = page.getByRole('dialog', { name: 'Prescribe' });
    await expectVisible(rx);
    await rx.getByRole('textbox', { name: 'Product' }).fill('ibuprofen 400');
    await page
      .getByRole('option', { name: /Ibuprofen 400 MG Oral Tablet/ })
      .first()
      .click();
    await rx.getByRole('textbox', { name: /^Dose/ }).fill('1');
    await rx.getByRole('combobox', { name: /^Frequency/ }).click();
    await page.getByRole('option', { name: 'Three times daily (TID)' }).click();
    await rx.getByRole('textbox', { name: /^Duration/ }).fill('3');
    await rx.getByRole('button', { name: 'Check' }).click();
    await expectVisible(rx.getByText(/Decision support: \d+ alerts?/));
    await expectVisible(rx.getByText(/Warfarin with an NSAID/).first());
    await check('4-interaction-alert');
    const reasons = rx.getByLabel(/Override reason/);
    for (let i = 0; i < (await reasons.count()); i += 1) {
      await reasons
        .nth(i)
        .fill('Short course for gout flare; INR check in 3 days, patient counselled');
    }
    await rx.getByRole('button', { name: 'Sign' }).click();
    await expectVisible(page.getByText('Prescription signed').first());
    await expectVisible(page.getByText(/Ibuprofen 400 MG Oral Tablet/).first());
    await check('5-prescribed');

    // A SOAP note signed, then an addendum.
    await recordTab(page, 'Notes').click();
    await page.getByRole('button', { name: 'New note' }).first().click();
    await page.getByRole('menuitem', { name: /SOAP/ }).first().click();
    await page
      .getByLabel(/^Subjective/)
      .fill('Palpitations and fever for two days; productive cough.');
    await page
      .getByLabel(/^Assessment/)
      .fill('Community-acquired pneumonia; NEWS2 alert on arrival. AF on warfarin.');
    await page
      .getByLabel(/^Plan/)
      .fill('Chest X-ray, CBC and electrolytes; review in the afternoon.');
    await expectVisible(page.getByText(/^Saved /).first());
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Sign this note?' })
      .getByRole('button', { name: 'Sign note' })
      .click();
    await expectVisible(page.getByText('Note signed').first());
    await page.getByRole('button', { name: 'Add addendum' }).click();
    const addendum = page.getByRole('dialog', { name: 'Add an addendum' });
    await addendum
      .getByLabel('Addendum')
      .fill('INR 2.4 this afternoon; ibuprofen course kept to 3 days.');
    await addendum.getByRole('button', { name: 'Sign addendum' }).click();
    await expectVisible(page.getByText('Addendum added').first());
    await expectVisible(page.getByText(/Addendum by/).first());
    await check('6-note-addendum');

    // Potassium ordered; the lab records a critical value.
    await recordTab(page, /Results/).click();
    await page.getByRole('button', { name: 'Order tests' }).first().click();
    const order = page.getByRole('dialog', { name: 'Order lab tests' });
    await order.getByLabel(/Tests and panels/).fill('potassium');
    await page
      .getByRole('option', { name: /Potassium/ })
      .first()
      .click();
    // The picker takes several tests, so its list stays open: close it before ordering.
    await order.getByRole('heading', { name: 'Order lab tests' }).click();
    await order.getByRole('button', { name: 'Place order' }).click();
    await expectVisible(page.getByText('Awaiting collection').first());

    const lab = await newContext(browser);
    const labPage = await lab.newPage();
    await signIn(labPage, labEmail, demoPassword);
    await labPage.goto('/lab');
    const row = labPage.getByRole('row', { name: new RegExp(patientName, 'i') }).first();
    await row.getByRole('button', { name: /Record the specimen/ }).click();
    await labPage.getByRole('button', { name: 'Record collection' }).click();
    await row.getByRole('button', { name: /Enter the results/ }).click();
    const entry = labPage.getByRole('dialog', { name: /Enter results/ });
    await entry.getByLabel(/^K value|Potassium value/).fill('6.9');
    await entry.getByLabel('Final').check();
    await entry.getByRole('button', { name: 'Save results' }).click();
    await expectVisible(labPage.getByText('Nothing is waiting.').first());
    await lab.close();

    // The physician is asked to acknowledge it; once acknowledged it leaves the list.
    await page.goto(`${chartUrl}/results`);
    await expectVisible(page.getByText(/1 critical result awaits acknowledgement/));
    await expectVisible(page.getByText('K 6.9 mmol/L').first());
    await check('7-critical-result');
    await page.getByRole('button', { name: /Acknowledge the critical/ }).click();
    await expectVisible(page.getByText(/acknowledged by/).first());
    // The banner counts what still awaits: it goes once its list is fetched again.
    await page
      .getByText(/critical results? awaits? acknowledgement/)
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
    await check('8-acknowledged');
  });
  await context.close();
}, 240_000);
