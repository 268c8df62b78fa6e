import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type {
  AllergySummary,
  HomeMedication,
  LabOrder,
  LabResult,
  LatestVitals,
  PatientProblem,
  Prescription,
} from '@meridian/contracts';
import { makeMe, renderApp } from '../../../test/app-harness';
import { mockApi } from '../../admin/test-utils';
import { aStay } from '../../admissions/stays/stays.fixtures';
import { aPatient, patientId } from '../../patients/patients.fixtures';
import { anAppointment } from '../../scheduling/today/today.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const slow = { timeout: 15_000 };
const at = '2026-11-20T09:00:00.000Z';
const uuid = (n: number) => `0193b000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function aProblem(n: number, over: Partial<PatientProblem> = {}): PatientProblem {
  return {
    id: uuid(100 + n),
    patientId,
    encounterId: null,
    code: 'I10',
    isBillable: true,
    snomedCode: null,
    display: `Problem ${n}`,
    onsetDate: '2020-01-15',
    abatementDate: null,
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    note: null,
    recordedAt: at,
    recordedBy: null,
    enteredInErrorReason: null,
    sourceSystem: null,
    sourceId: null,
    version: 1,
    updatedAt: at,
    ...over,
  };
}

function aPrescription(over: Partial<Prescription> = {}): Prescription {
  return {
    id: uuid(200),
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
    startsAt: at,
    endsAt: null,
    signedAt: at,
    stoppedAt: null,
    statusReason: null,
    createdAt: at,
    version: 2,
    ...over,
  };
}

const homeMed: HomeMedication = {
  id: uuid(210),
  patientId,
  productRxcui: null,
  display: 'Vitamin D3 1000 IU',
  doseValue: 1,
  doseUnit: 'capsule',
  frequency: null,
  note: null,
  status: 'active',
  reportedBy: 'patient',
  reportedAt: at,
  stoppedAt: null,
  statusReason: null,
  version: 1,
};

const allergies: AllergySummary = {
  state: 'allergies',
  assessedAt: at,
  items: [
    {
      id: uuid(300),
      display: 'Penicillin',
      category: 'medication',
      type: 'allergy',
      criticality: 'high',
      verificationStatus: 'confirmed',
    },
  ],
};

const latest: LatestVitals = {
  items: [
    {
      code: '8480-6',
      display: 'Systolic blood pressure',
      kind: 'systolic',
      value: 88.04443,
      unit: 'mm[Hg]',
      valueCode: null,
      at,
      vitalSetId: uuid(400),
    },
  ],
  news2: { vitalSetId: uuid(400), at, total: 7, band: 'high', isAlert: true },
  spo2Scale: 1,
};

function aResult(over: Partial<LabResult>): LabResult {
  return {
    id: uuid(510),
    orderId: uuid(500),
    testCode: '2823-3',
    name: 'Potassium',
    shortName: 'K',
    status: 'final',
    valueNumeric: 6.9,
    unit: 'mmol/L',
    valueCode: null,
    valueText: null,
    enteredValue: 6.9,
    enteredUnit: 'mmol/L',
    flag: 'HH',
    rangeLow: 3.5,
    rangeHigh: 5.1,
    observedAt: at,
    resultedAt: at,
    resultedByName: 'Lab Tech',
    revision: 1,
    version: 1,
    critical: null,
    ...over,
  };
}

const labOrder: LabOrder = {
  id: uuid(500),
  orderNumber: 'L-000001',
  patientId,
  encounterId: null,
  facilityId: null,
  priority: 'stat',
  status: 'resulted',
  reportStatus: 'final',
  clinicalNote: null,
  orderedById: null,
  orderedByName: 'Dr. Raman',
  orderedAt: at,
  tests: [
    {
      code: '24323-8',
      shortName: 'CMP',
      name: 'Comprehensive metabolic panel',
      specimen: 'serum_plasma',
    },
  ],
  specimenType: 'serum',
  collectedAt: at,
  collectedByName: null,
  resultedAt: at,
  cancelledAt: null,
  cancelReason: null,
  results: [
    aResult({}),
    aResult({ id: uuid(511), testCode: '2951-2', name: 'Sodium', shortName: 'Na', flag: 'L' }),
    aResult({ id: uuid(512), testCode: '2345-7', name: 'Glucose', shortName: 'Glu', flag: null }),
  ],
  version: 3,
};

function serve(
  o: {
    roles?: ('physician' | 'front_desk')[];
    labs?: () => { status?: number; body?: unknown };
  } = {},
) {
  return mockApi(({ url }) => {
    const path = url.pathname;
    if (path === '/api/v1/auth/me') return { body: makeMe({ roles: o.roles ?? ['physician'] }) };
    if (path === `/api/v1/patients/${patientId}`) return { body: aPatient() };
    if (path.endsWith('/problems')) {
      const items = [
        ...Array.from({ length: 6 }, (_, i) => aProblem(i + 1)),
        aProblem(7, { display: 'Resolved one', clinicalStatus: 'resolved' }),
        aProblem(8, { display: 'Mistaken one', verificationStatus: 'entered_in_error' }),
      ];
      return { body: { items, nextCursor: null } };
    }
    if (path.endsWith('/prescriptions')) {
      const items = [
        aPrescription(),
        aPrescription({ id: uuid(201), productDisplay: 'Stopped drug', status: 'stopped' }),
      ];
      return { body: { items, nextCursor: null } };
    }
    if (path.endsWith('/home-medications')) return { body: { items: [homeMed] } };
    if (path.endsWith('/allergies/summary')) return { body: allergies };
    if (path.endsWith('/vitals/latest')) return { body: latest };
    if (path === '/api/v1/lab-orders') {
      return o.labs ? o.labs() : { body: { items: [labOrder], nextCursor: null } };
    }
    if (path === '/api/v1/appointments') {
      return {
        body: {
          items: [anAppointment(), anAppointment({ id: uuid(600), status: 'cancelled' })],
          nextCursor: null,
        },
      };
    }
    if (path === '/api/v1/admissions') return { body: { items: [aStay()], nextCursor: null } };
    return undefined;
  });
}

const panel = async (name: string) => {
  const heading = await screen.findByRole('heading', { name }, slow);
  const section = heading.closest('section');
  if (!section) throw new Error(`${name} is not in a section`);
  return section;
};

describe('ChartSummary', { timeout: 60_000 }, () => {
  it('shows each part of the record in its own panel, with a link to its tab', async () => {
    serve();
    renderApp(`/patients/${patientId}`);

    const problems = await panel('Active problems');
    await within(problems).findByText('Problem 1', {}, slow);
    expect(within(problems).getAllByRole('listitem')).toHaveLength(5);
    expect(within(problems).getByText('+ 1 more')).toBeTruthy();
    expect(within(problems).queryByText('Resolved one')).toBeNull();
    expect(within(problems).queryByText('Mistaken one')).toBeNull();
    expect(
      within(problems)
        .getByRole('link', { name: 'View all: Active problems' })
        .getAttribute('href'),
    ).toBe(`/patients/${patientId}/problems`);

    const meds = await panel('Active medications');
    await within(meds).findByText('Warfarin Sodium 5 MG Oral Tablet', {}, slow);
    expect(within(meds).getByText('Vitamin D3 1000 IU')).toBeTruthy();
    expect(within(meds).queryByText('Stopped drug')).toBeNull();

    const allergy = await panel('Allergies');
    await within(allergy).findByText('Penicillin', {}, slow);
    expect(within(allergy).getByText('high risk')).toBeTruthy();

    const vitals = await panel('Latest vitals');
    expect(await within(vitals).findByText('NEWS2 7 · alert', {}, slow)).toBeTruthy();
    expect(within(vitals).getByRole('alert').textContent).toContain('NEWS2 alert: 7');
    expect(within(vitals).getByText('88 mmHg')).toBeTruthy();

    const results = await panel('Recent results');
    await within(results).findByText('CMP', {}, slow);
    expect(within(results).getByText('1 critical')).toBeTruthy();
    expect(within(results).getByLabelText('Critically high')).toBeTruthy();
    expect(within(results).getByLabelText('Low')).toBeTruthy();
    expect(within(results).queryByText('Glu')).toBeNull();

    const visits = await panel('Upcoming appointments');
    await within(visits).findByText(/Follow-up visit · Dr. Aisha Patel/, {}, slow);
    expect(within(visits).getAllByRole('listitem')).toHaveLength(1);

    const stay = await panel('Inpatient stay');
    await within(stay).findByText('IP-000123', {}, slow);
    expect(within(stay).getByText('Community-acquired pneumonia')).toBeTruthy();
    expect(
      within(stay).getByRole('link', { name: 'View all: Inpatient stay' }).getAttribute('href'),
    ).toBe(`/patients/${patientId}/stays`);
  });

  it('shows a failed panel with a retry while the others show their data', async () => {
    let isDown = true;
    const api = serve({
      labs: () =>
        isDown
          ? {
              status: 500,
              body: { type: 'about:blank', title: 'x', status: 500, code: 'internal' },
            }
          : { body: { items: [labOrder], nextCursor: null } },
    });
    renderApp(`/patients/${patientId}`);

    const meds = await panel('Active medications');
    await within(meds).findByText('Warfarin Sodium 5 MG Oral Tablet', {}, slow);
    const results = await panel('Recent results');
    const alert = await within(results).findByRole('alert', {}, slow);
    expect(alert.textContent).toContain('Try again');
    // The other panels are not held back by the failed one.
    expect(within(await panel('Active problems')).getByText('Problem 1')).toBeTruthy();
    expect(within(await panel('Inpatient stay')).getByText('IP-000123')).toBeTruthy();

    isDown = false;
    const before = api.calls.filter((c) => c.url.pathname === '/api/v1/lab-orders').length;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await within(results).findByText('CMP', {}, slow);
    expect(api.calls.filter((c) => c.url.pathname === '/api/v1/lab-orders').length).toBe(
      before + 1,
    );
  });

  it('shows no clinical panels to staff without clinical.read', async () => {
    const api = serve({ roles: ['front_desk'] });
    renderApp(`/patients/${patientId}`);
    await screen.findByRole('heading', { name: 'Identity' }, slow);
    expect(screen.queryByRole('heading', { name: 'Clinical summary' })).toBeNull();
    await waitFor(() => expect(api.calls.length).toBeGreaterThan(1));
    const clinical = api.calls.filter((c) =>
      /problems|prescriptions|vitals|lab-orders|allergies/.test(c.url.pathname),
    );
    expect(clinical).toEqual([]);
  });
});
