import {
  admitInput,
  type IsolationPrecaution,
  type LevelOfCare,
  type Role,
  type Stay,
  type WardKind,
} from '@meridian/contracts';
import type { Principal } from '../src/platform/auth/principal.js';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import { createStayService } from '../src/modules/admissions/stays/stays.service.js';
import type { TestContext } from './harness.js';
import { createStaff, sessionCookieFor, signedInStaff } from './factories.js';
import { createClinic, createPractitioner } from './scheduling-factories.js';
import {
  bed,
  ward,
  wardRoom,
  type BedRow,
  type WardRoomRow,
  type WardRow,
} from '../src/modules/admissions/admissions.tables.js';

let counter = 0;

export interface WardScene {
  ward: WardRow;
  rooms: WardRoomRow[];
  /** All beds, room by room: room 1's beds first. */
  beds: BedRow[];
}

/**
 * A ward with `rooms` rooms of `bedsPerRoom` available beds each (straight to the
 * database). Codes: ward W<n>, rooms R1.., beds R1-A, R1-B, ...; the first bed of each room
 * is isolation-capable.
 */
export async function createWard(
  platform: Platform,
  o: {
    facilityId: string;
    departmentId?: string | null;
    kind?: WardKind;
    code?: string;
    name?: string;
    rooms?: number;
    bedsPerRoom?: number;
  },
): Promise<WardScene> {
  counter += 1;
  const now = platform.clock.now();
  return platform.db.transaction(async (tx) => {
    const [w] = await tx
      .insert(ward)
      .values({
        id: newId(),
        facilityId: o.facilityId,
        departmentId: o.departmentId ?? null,
        code: o.code ?? `W${counter}`,
        name: o.name ?? `Ward ${counter}`,
        kind: o.kind ?? 'medical_surgical',
        isActive: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!w) throw new Error('ward insert returned nothing');
    const rooms: WardRoomRow[] = [];
    const beds: BedRow[] = [];
    for (let r = 1; r <= (o.rooms ?? 2); r += 1) {
      const [room] = await tx
        .insert(wardRoom)
        .values({
          id: newId(),
          wardId: w.id,
          code: `R${r}`,
          name: null,
          sexRestriction: null,
          isActive: true,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (!room) throw new Error('room insert returned nothing');
      rooms.push(room);
      const letters = 'ABCDEFGH'.slice(0, o.bedsPerRoom ?? 2).split('');
      const inserted = await tx
        .insert(bed)
        .values(
          letters.map((letter, i) => ({
            id: newId(),
            roomId: room.id,
            wardId: w.id,
            facilityId: o.facilityId,
            code: `R${r}-${letter}`,
            isolationCapable: i === 0,
            telemetry: false,
            bariatric: false,
            isActive: true,
            state: 'available' as const,
            stateSince: now,
            stayId: null,
            blockedReason: null,
            blockedUntil: null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning();
      beds.push(...inserted);
    }
    return { ward: w, rooms, beds };
  });
}

export interface AdmitOptions {
  patientId: string;
  facilityId: string;
  practitionerId: string;
  /** Admitted now into this bed; with `expectedAt`, reserved for a pre-admission (optional). */
  bedId?: string | null;
  /** Pre-admits the patient for this time instead of admitting now. */
  expectedAt?: Date;
  admittedAt?: Date;
  isolation?: IsolationPrecaution[];
  levelOfCare?: LevelOfCare;
  /** Who admits: a nurse of the facility unless given. */
  principal?: Principal;
}

/** A signed-in principal with the roles in the facility (for calling services directly). */
export async function principalOf(
  platform: Platform,
  o: { roles: Role[]; facilityIds: string[] },
): Promise<Principal> {
  const user = await createStaff(platform, o);
  const token = (await sessionCookieFor(platform, user.id)).split('=')[1] ?? '';
  const lookup = await platform.sessions.resolve(token);
  if (!lookup.ok) throw new Error('the test session did not resolve');
  return lookup.principal;
}

/**
 * Admits (or pre-admits) a patient through the stays service, with everything a real
 * admission writes (bed state, stretch, movement, event, audit), for tests of other parts.
 */
export async function admitPatient(platform: Platform, o: AdmitOptions): Promise<Stay> {
  const principal =
    o.principal ?? (await principalOf(platform, { roles: ['nurse'], facilityIds: [o.facilityId] }));
  const input = admitInput.parse({
    patientId: o.patientId,
    facilityId: o.facilityId,
    source: 'direct',
    admittingPractitionerId: o.practitionerId,
    attendingPractitionerId: o.practitionerId,
    reason: 'Test admission',
    levelOfCare: o.levelOfCare ?? 'acute',
    isolation: o.isolation ?? [],
    bedId: o.bedId ?? null,
    ...(o.admittedAt ? { admittedAt: o.admittedAt.toISOString() } : {}),
    ...(o.expectedAt ? { preAdmission: { expectedAt: o.expectedAt.toISOString() } } : {}),
  });
  const answer = await createStayService(platform).admit(principal, input, null);
  return answer.body;
}

/**
 * What the stay tests start from: a hospital (New York) with a physician, two wards of two
 * rooms of two beds (the first bed of each room isolation-capable), a nurse of the hospital
 * and an administrator (admission.correct) with session cookies.
 */
export async function createAdmissionScene(platform: Platform) {
  const clinic = await createClinic(platform);
  const doc = await createPractitioner(platform, {
    facilityId: clinic.facilityId,
    departmentId: clinic.departmentId,
  });
  const wardA = await createWard(platform, { facilityId: clinic.facilityId });
  const wardB = await createWard(platform, { facilityId: clinic.facilityId, kind: 'icu' });
  const nurse = await signedInStaff(platform, {
    roles: ['nurse'],
    facilityIds: [clinic.facilityId],
  });
  const admin = await signedInStaff(platform, {
    roles: ['admin'],
    facilityIds: [clinic.facilityId],
  });
  return { facilityId: clinic.facilityId, doc, wardA, wardB, nurse, admin };
}
export type AdmissionScene = Awaited<ReturnType<typeof createAdmissionScene>>;

/** The body of POST /api/v1/admissions admitting now into `bedId` (overrides merged). */
export function admitBody(
  scene: Pick<AdmissionScene, 'facilityId' | 'doc'>,
  patientId: string,
  bedId: string | null,
  overrides: Record<string, unknown> = {},
) {
  return {
    patientId,
    facilityId: scene.facilityId,
    source: 'emergency',
    admittingPractitionerId: scene.doc.id,
    attendingPractitionerId: scene.doc.id,
    reason: 'Community-acquired pneumonia',
    levelOfCare: 'acute',
    bedId,
    ...overrides,
  };
}

// ---- Reading what the stay use cases wrote ----

/** Everything a refused request must leave untouched, as one comparable value. */
export async function worldDigest(ctx: TestContext): Promise<Record<string, string>> {
  const { rows } = await ctx.platform.database.pool.query<Record<string, string>>(`
    select
      (select count(*)::text from inpatient_stay) as stays,
      (select coalesce(string_agg(id || status || version, ',' order by id), '') from inpatient_stay) as stay_rows,
      (select count(*)::text from bed_occupancy) as stretches,
      (select coalesce(string_agg(id || period::text || is_void, ',' order by id), '') from bed_occupancy) as stretch_rows,
      (select count(*)::text from stay_movement) as movements,
      (select count(*)::text from domain_event) as events,
      (select count(*)::text from bed_state_change) as bed_changes,
      (select coalesce(string_agg(id || state || coalesce(stay_id::text, '-') || version, ',' order by id), '') from bed) as beds,
      (select count(*)::text from audit_event where starts_with(action, 'admission.')) as audits`);
  return rows[0] ?? {};
}

export async function bedOf(ctx: TestContext, bedId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    state: string;
    stay_id: string | null;
    version: number;
  }>('select state, stay_id, version from bed where id = $1', [bedId]);
  return rows[0];
}

export async function stretchesOf(ctx: TestContext, stayId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    bed_id: string;
    from: Date;
    to: Date | null;
    is_void: boolean;
  }>(
    `select bed_id, lower(period) as from, upper(period) as to, is_void
       from bed_occupancy where stay_id = $1 order by lower(period), id`,
    [stayId],
  );
  return rows;
}

export async function eventsOf(ctx: TestContext, stayId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    topic: string;
    patient_id: string | null;
    payload: Record<string, unknown>;
  }>(
    `select topic, patient_id, payload from domain_event
      where aggregate_id = $1 order by recorded_at, id`,
    [stayId],
  );
  return rows;
}

export async function auditsOf(ctx: TestContext, stayId: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    action: string;
    actor_user_id: string | null;
    patient_id: string | null;
    details: Record<string, unknown>;
  }>(
    `select action, actor_user_id, patient_id, details from audit_event
      where entity_id = $1 order by seq`,
    [stayId],
  );
  return rows;
}
