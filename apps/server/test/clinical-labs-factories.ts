import type { LabOrder, LabOrderInput } from '@meridian/contracts';
import type { TestContext } from './harness.js';
import { createFacility } from './auth-helpers.js';
import { sessionCookieFor, signedInStaff } from './factories.js';
import { createPatient, type PatientOptions } from './patient-factories.js';

/**
 * What the lab tests start from: a hospital with a physician (orders, acknowledges), a
 * nurse (collects), a lab technician (collects, enters results) and a front-desk clerk (no
 * clinical access), each with a session cookie.
 */
export async function createLabScene(ctx: TestContext) {
  const facility = await createFacility(ctx.platform);
  const facilityIds = [facility.id];
  const [physician, nurse, lab, frontDesk] = await Promise.all([
    signedInStaff(ctx.platform, { roles: ['physician'], facilityIds }),
    signedInStaff(ctx.platform, { roles: ['nurse'], facilityIds }),
    signedInStaff(ctx.platform, { roles: ['lab'], facilityIds }),
    signedInStaff(ctx.platform, { roles: ['front_desk'], facilityIds }),
  ]);
  return { facilityId: facility.id, physician, nurse, lab, frontDesk };
}
export type LabScene = Awaited<ReturnType<typeof createLabScene>>;

/** A patient for lab tests (an adult woman unless told otherwise). */
export function createLabPatient(ctx: TestContext, o: PatientOptions = {}) {
  return createPatient(ctx.platform, { birthDate: '1970-05-20', sexAtBirth: 'female', ...o });
}

/** POST /api/v1/lab-orders as the scene's physician; throws unless it answers 201. */
export async function orderTests(
  ctx: TestContext,
  scene: LabScene,
  patientId: string,
  testCodes: string[],
  o: Partial<LabOrderInput> = {},
): Promise<LabOrder> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/lab-orders',
    headers: { cookie: scene.physician.cookie },
    payload: { patientId, facilityId: scene.facilityId, testCodes, ...o },
  });
  if (res.statusCode !== 201) throw new Error(`order failed: ${res.statusCode} ${res.body}`);
  return res.json<LabOrder>();
}

/** Collects the order's specimen as the lab (venous blood, now). */
export async function collect(ctx: TestContext, scene: LabScene, orderId: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/lab-orders/${orderId}/collect`,
    headers: { cookie: scene.lab.cookie },
    payload: { specimenType: 'venous_blood' },
  });
  if (res.statusCode !== 200) throw new Error(`collect failed: ${res.statusCode} ${res.body}`);
  return res.json<LabOrder>();
}

/** A numeric value as the result entry form sends it. */
export const num = (value: number, unit: string) => ({ kind: 'numeric' as const, value, unit });

/** Fresh sessions for the scene's users, after a test moved the clock past the idle timeout. */
export async function renewSessions(ctx: TestContext, scene: LabScene): Promise<void> {
  for (const user of [scene.physician, scene.nurse, scene.lab, scene.frontDesk]) {
    user.cookie = await sessionCookieFor(ctx.platform, user.id);
  }
}
