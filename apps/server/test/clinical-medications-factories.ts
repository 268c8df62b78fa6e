import { expect } from 'vitest';
import type { CheckResult, Prescription } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import type { TestContext } from './harness.js';
import { signedInStaff } from './factories.js';
import { admitPatient, createAdmissionScene, createWard } from './admissions-factories.js';
import { createPatient } from './patient-factories.js';

/** A physician (prescription.write), a second physician and a nurse, signed in. */
export async function createPrescribingScene(platform: Platform) {
  const doc = await signedInStaff(platform, { roles: ['physician'] });
  const otherDoc = await signedInStaff(platform, { roles: ['physician'] });
  const nurse = await signedInStaff(platform, { roles: ['nurse'] });
  return { doc, otherDoc, nurse };
}
export type PrescribingScene = Awaited<ReturnType<typeof createPrescribingScene>>;

/** Real catalogue products (data/products.tsv) the tests prescribe. */
export const products = {
  warfarin5: '855332',
  ibuprofen400: '197805',
  ibuprofen800: '197807',
  naproxen500: '198014',
  amoxicillin500: '308191',
  penicillinV250: '834061',
  digoxin125: '197604',
  cyclosporine100: '328160',
  omeprazole20: '198051',
  prednisone5: '312617',
  acetaminophen500: '198440',
  lisinopril10: '314076',
  lisinopril20: '314077',
} as const;

/** A prescription body: one tablet by mouth twice daily unless overridden. */
export function orderBody(productRxcui: string, overrides: Record<string, unknown> = {}) {
  return {
    productRxcui,
    doseValue: 1,
    doseUnit: 'tablet',
    route: 'oral',
    frequency: 'bid',
    durationDays: 10,
    quantity: 20,
    ...overrides,
  };
}

export function caller(ctx: () => TestContext) {
  return (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    o: { cookie: string; body?: unknown; ifMatch?: number },
  ) =>
    ctx().app.inject({
      method,
      url,
      headers: {
        cookie: o.cookie,
        ...(o.ifMatch === undefined ? {} : { 'if-match': `"${o.ifMatch}"` }),
      },
      ...(o.body === undefined ? {} : { payload: o.body as Record<string, unknown> }),
    });
}

/** Drafts through the API; answers the draft. */
export async function draft(
  ctx: TestContext,
  cookie: string,
  patientId: string,
  body: Record<string, unknown>,
): Promise<Prescription> {
  const res = await caller(() => ctx)('POST', `/api/v1/patients/${patientId}/prescriptions`, {
    cookie,
    body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Prescription>();
}

/** Drafts, then signs overriding whatever alerts come up; answers the active prescription. */
export async function prescribe(
  ctx: TestContext,
  cookie: string,
  patientId: string,
  body: Record<string, unknown>,
): Promise<Prescription> {
  const call = caller(() => ctx);
  const d = await draft(ctx, cookie, patientId, body);
  const check = await call('POST', `/api/v1/prescriptions/${d.id}/check`, { cookie });
  expect(check.statusCode, check.body).toBe(200);
  const overrides = check
    .json<CheckResult>()
    .alerts.map((a) => ({ key: a.key, reason: 'test setup: accepted' }));
  const res = await call('POST', `/api/v1/prescriptions/${d.id}/sign`, {
    cookie,
    body: { overrides },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Prescription>();
}

/** An allergy straight into allergy_intolerance (migration 0430), as the allergies area writes it. */
export async function recordAllergy(
  platform: Platform,
  o: {
    patientId: string;
    system: 'rxnorm' | 'drug-class' | 'snomed' | 'text';
    code: string | null;
    display: string;
    criticality?: 'low' | 'high' | 'unable_to_assess';
    category?: 'medication' | 'food';
    verification?: 'unconfirmed' | 'confirmed' | 'refuted' | 'entered_in_error';
  },
): Promise<string> {
  const id = newId();
  await platform.database.pool.query(
    `insert into allergy_intolerance (id, patient_id, category, substance_system, substance_code,
       substance_display, criticality, verification_status, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      id,
      o.patientId,
      o.category ?? 'medication',
      o.system,
      o.code,
      o.display,
      o.criticality ?? 'high',
      o.verification ?? 'confirmed',
    ],
  );
  return id;
}

/**
 * A ward scene (New York hospital, a nurse of it) and a helper admitting a new patient into
 * a bed of a new ward at `at` (the clock is set there first), for MAR tests.
 */
export async function createMarScene(ctx: TestContext) {
  const scene = await createAdmissionScene(ctx.platform);
  async function admitted(at: string, patient?: { id: string }) {
    ctx.clock.set(at);
    const p = patient ?? (await createPatient(ctx.platform));
    const { beds } = await createWard(ctx.platform, {
      facilityId: scene.facilityId,
      rooms: 1,
      bedsPerRoom: 1,
    });
    const bed = beds[0];
    const stay = await admitPatient(ctx.platform, {
      patientId: p.id,
      facilityId: scene.facilityId,
      practitionerId: scene.doc.id,
      bedId: bed?.id ?? null,
    });
    return { patientId: p.id, stay };
  }
  return { ...scene, admitted };
}
