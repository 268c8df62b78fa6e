import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CheckResult, DrugHit, Mar, Prescription } from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aPatient, patientId } from '../../patients/patients.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

function aPrescription(over: Partial<Prescription> = {}): Prescription {
  return {
    id: '0193a000-0000-7000-8000-0000000000b1',
    patientId,
    encounterId: null,
    productRxcui: '855332',
    productDisplay: 'Warfarin Sodium 5 MG Oral Tablet',
    doseValue: 1,
    doseUnit: 'tablet',
    route: 'oral',
    frequency: 'once_daily',
    isPrn: false,
    prnReason: null,
    prnMaxDosesPerDay: null,
    durationDays: null,
    quantity: null,
    refills: 0,
    instructions: 'Take 1 tablet (5 mg) by mouth once daily',
    note: null,
    status: 'active',
    replacesId: null,
    revision: null,
    prescriberId: null,
    startsAt: '2026-11-01T09:00:00Z',
    endsAt: null,
    signedAt: '2026-11-01T09:00:00Z',
    stoppedAt: null,
    statusReason: null,
    createdAt: '2026-11-01T09:00:00Z',
    version: 2,
    ...over,
  };
}

const ibuprofen: DrugHit = {
  type: 'product',
  rxcui: '197805',
  name: 'Ibuprofen 400 MG Oral Tablet',
  doseForm: 'Oral Tablet',
  route: 'oral',
  formUnit: 'tablet',
  ingredients: [{ rxcui: '5640', name: 'ibuprofen', mgPerUnit: 400 }],
  classes: ['nsaids'],
};

const draft = aPrescription({
  id: '0193a000-0000-7000-8000-0000000000b2',
  productRxcui: ibuprofen.rxcui,
  productDisplay: ibuprofen.name,
  frequency: 'bid',
  status: 'draft',
  signedAt: null,
  version: 1,
});

const check: CheckResult = {
  prescriptionId: draft.id,
  alerts: [
    {
      key: 'pddi.warfarin-nsaids:855332',
      ruleId: 'pddi.warfarin-nsaids',
      kind: 'interaction',
      severity: 'high',
      reason: 'Warfarin with an NSAID: increased risk of bleeding',
      management: 'Prefer acetaminophen',
      source: 'HL7 PDDI-CDS',
      factors: [],
    },
    {
      key: 'unavailable:allergy',
      ruleId: 'check.allergy',
      kind: 'check_unavailable',
      severity: 'moderate',
      reason: 'The allergy list could not be read',
      management: null,
      source: 'Meridian',
      factors: [],
    },
  ],
  checks: { allergy: 'failed', interaction: 'ran', duplicate: 'ran', maxDose: 'ran' },
};

const noStay: Mar = {
  patientId,
  stay: null,
  date: '2026-11-02',
  timeZone: 'UTC',
  slots: [],
  rows: [],
};

function serve(o: { mar?: Mar; deceased?: boolean } = {}) {
  return mockApi((call) => {
    const path = call.url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: ['physician'] }) };
    if (path === `/api/v1/patients/${patientId}`) {
      return {
        body: aPatient(o.deceased ? { deceased: true, deceasedDate: '2026-10-30' } : {}),
      };
    }
    if (path === `/api/v1/patients/${patientId}/prescriptions` && call.method === 'GET') {
      return { body: { items: [aPrescription()], nextCursor: null } };
    }
    if (path === `/api/v1/patients/${patientId}/prescriptions` && call.method === 'POST') {
      return { status: 201, body: draft };
    }
    if (path === `/api/v1/patients/${patientId}/home-medications`) return { body: { items: [] } };
    if (path === `/api/v1/patients/${patientId}/mar`) return { body: o.mar ?? noStay };
    if (path === '/api/v1/drugs') return { body: { items: [ibuprofen] } };
    if (path === `/api/v1/prescriptions/${draft.id}/check`) return { body: check };
    if (path === `/api/v1/prescriptions/${draft.id}/sign`) {
      return { body: { ...draft, status: 'active', version: 2 } };
    }
    return undefined;
  });
}

describe('MedicationsTab', { timeout: 30_000 }, () => {
  it('checks an order, shows every alert, and signs only once each has a reason', async () => {
    const api = serve();
    renderApp(`/patients/${patientId}/medications`);
    const active = await screen.findByRole(
      'table',
      { name: 'Active prescriptions' },
      { timeout: 10_000 },
    );
    expect(within(active).getByText('Warfarin Sodium 5 MG Oral Tablet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Prescribe' }));
    const dialog = await screen.findByRole('dialog', { name: 'Prescribe' });
    const product = within(dialog).getByRole('textbox', { name: /Product/ });
    fireEvent.change(product, { target: { value: 'ibupro' } });
    await within(dialog).findByRole('option', { name: /Ibuprofen 400/ }, { timeout: 5_000 });
    fireEvent.keyDown(product, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect((product as HTMLInputElement).value).toBe(ibuprofen.name));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Dose/ }), {
      target: { value: '1' },
    });
    // Live instructions from the shared rule.
    expect(
      await within(dialog).findByText('Take 1 tablet (400 mg) by mouth twice daily'),
    ).toBeTruthy();
    const sign = within(dialog).getByRole('button', { name: 'Sign' });
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check' }));
    expect(await within(dialog).findByText(/increased risk of bleeding/)).toBeTruthy();
    // A check that could not run is shown as such, never hidden.
    expect(within(dialog).getByText('Check could not run')).toBeTruthy();
    expect(within(dialog).getByText('High severity')).toBeTruthy();
    expect(within(dialog).getByText(/These checks could not run: allergy/)).toBeTruthy();
    const reasons = within(dialog).getAllByRole('textbox', { name: /Override reason/ });
    expect(reasons).toHaveLength(2);
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(reasons[0] as HTMLElement, { target: { value: 'INR monitored' } });
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(reasons[1] as HTMLElement, { target: { value: 'no' } });
    expect((sign as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(reasons[1] as HTMLElement, { target: { value: 'Allergies asked: none' } });
    await waitFor(() => expect((sign as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(sign);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Prescribe' })).toBeNull());
    const signed = api.calls.find((c) => c.url.pathname.endsWith('/sign'));
    expect(signed?.body).toEqual({
      overrides: [
        { key: 'pddi.warfarin-nsaids:855332', reason: 'INR monitored' },
        { key: 'unavailable:allergy', reason: 'Allergies asked: none' },
      ],
    });
    const created = api.calls.find(
      (c) => c.method === 'POST' && c.url.pathname.endsWith('/prescriptions'),
    );
    expect(created?.body).toMatchObject({
      productRxcui: '197805',
      doseValue: 1,
      doseUnit: 'tablet',
      frequency: 'bid',
    });
  });

  it('offers no Prescribe on a deceased patient’s chart, and still lists the record', async () => {
    serve({ deceased: true });
    renderApp(`/patients/${patientId}/medications`);
    const active = await screen.findByRole(
      'table',
      { name: 'Active prescriptions' },
      { timeout: 10_000 },
    );
    expect(within(active).getByText('Warfarin Sodium 5 MG Oral Tablet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Prescribe' })).toBeNull();
  });

  it("shows an inpatient's doses by time slot", async () => {
    const rx = aPrescription({ frequency: 'bid' });
    serve({
      mar: {
        patientId,
        stay: {
          id: '0193a000-0000-7000-8000-0000000000c1',
          status: 'admitted',
          admittedAt: '2026-11-01T08:00:00Z',
          dischargedAt: null,
          facilityId: '0193a000-0000-7000-8000-0000000000c2',
        },
        date: '2026-11-02',
        timeZone: 'UTC',
        slots: ['09:00', '21:00'],
        rows: [
          {
            prescription: rx,
            doses: [
              { scheduledFor: '2026-11-02T09:00:00Z', time: '09:00', administration: null },
              { scheduledFor: '2026-11-02T21:00:00Z', time: '21:00', administration: null },
            ],
            records: [],
            prnGivenLast24h: null,
            prnMaxPerDay: null,
          },
        ],
      },
    });
    renderApp(`/patients/${patientId}/medications`);
    const mar = await screen.findByRole(
      'table',
      { name: 'Medication administration record' },
      { timeout: 10_000 },
    );
    expect(within(mar).getByRole('columnheader', { name: '09:00' })).toBeTruthy();
    expect(
      within(mar).getByRole('button', { name: 'Due: Warfarin Sodium 5 MG Oral Tablet at 21:00' }),
    ).toBeTruthy();
  });
});
