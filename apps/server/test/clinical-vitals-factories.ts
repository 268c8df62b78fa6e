import type { RecordVitalSetInput, VitalSet } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import type { TestContext } from './harness.js';

/** A set every NEWS2 parameter of which scores 0 (aggregate 0, low), with overrides merged. */
export function normalVitals(overrides: Partial<RecordVitalSetInput> = {}): RecordVitalSetInput {
  return {
    systolic: { value: 122 },
    diastolic: { value: 78 },
    heartRate: { value: 72 },
    respiratoryRate: { value: 16 },
    temperature: { value: 36.8 },
    spo2: { value: 97 },
    consciousness: 'A',
    onSupplementalOxygen: false,
    ...overrides,
  };
}

/**
 * A set scoring 8 (high, alert): RR 26 (3), SpO2 93 (2), air (0), systolic 105 (1),
 * pulse 115 (2), alert (0), 37.0 °C (0).
 */
export function deterioratingVitals(
  overrides: Partial<RecordVitalSetInput> = {},
): RecordVitalSetInput {
  return normalVitals({
    respiratoryRate: { value: 26 },
    spo2: { value: 93 },
    systolic: { value: 105 },
    diastolic: { value: 60 },
    heartRate: { value: 115 },
    temperature: { value: 37.0 },
    ...overrides,
  });
}

/** POST /api/v1/patients/:id/vital-sets as the cookie's user. */
export function postVitals(
  ctx: TestContext,
  cookie: string,
  patientId: string,
  body: RecordVitalSetInput,
  headers: Record<string, string> = {},
) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/vital-sets`,
    headers: { cookie, ...headers },
    payload: body as Record<string, unknown>,
  });
}

/** Records a set and returns it, failing the test on anything but 201. */
export async function recordVitals(
  ctx: TestContext,
  cookie: string,
  patientId: string,
  body: RecordVitalSetInput = normalVitals(),
): Promise<VitalSet> {
  const res = await postVitals(ctx, cookie, patientId, body);
  if (res.statusCode !== 201)
    throw new Error(`recording vitals answered ${res.statusCode}: ${res.body}`);
  return res.json<VitalSet>();
}

/** An encounter row straight to the database (the encounters area builds them properly). */
export async function createEncounterRow(
  platform: Platform,
  o: { patientId: string; status?: string; startedAt?: Date },
): Promise<string> {
  const id = newId();
  await platform.database.pool.query(
    `insert into encounter (id, patient_id, class, status, started_at)
     values ($1, $2, 'ambulatory', $3, $4)`,
    [id, o.patientId, o.status ?? 'in_progress', o.startedAt ?? platform.clock.now()],
  );
  return id;
}

/**
 * `count` heart-rate observations for the patient, one a minute back from `end`, written in
 * one statement (as an importer would write history), for the scale tests.
 */
export async function seedHeartRates(
  platform: Platform,
  o: { patientId: string; count: number; end: Date },
): Promise<void> {
  await platform.database.pool.query(
    `insert into observation (id, patient_id, category, code, display, value_numeric, unit,
                              effective_at, status, source_system, source_id)
     select gen_random_uuid(), $1::uuid, 'vital-signs', '8867-4', 'Heart rate', 60 + (g % 40), '/min',
            $3::timestamptz - make_interval(mins => g), 'final', 'urn:test', $4 || ':' || g
       from generate_series(1, $2) g`,
    [o.patientId, o.count, o.end, o.patientId],
  );
}
