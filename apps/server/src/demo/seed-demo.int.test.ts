import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { checkPasswordPolicy } from '../platform/auth/password-policy.js';
import { verifyPassword } from '../platform/auth/password.js';
import {
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_SYNTHEA_PATIENTS,
  DEMO_USERS,
  seedDemo,
} from './seed-demo.js';
import { DEMO_GENERATED_PATIENTS } from './demo-patients.js';
import { DEMO_PRACTITIONERS } from '../modules/scheduling/demo/seed-scheduling.js';

/** The demo's accounts: one per role, then the physicians the scheduling seed adds. */
const demoAccounts = [
  ...DEMO_USERS,
  ...DEMO_PRACTITIONERS.filter((p) => p.displayName !== null).map((p) => ({
    email: p.email,
    roles: ['physician'] as const,
  })),
];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

describe('the demo seed', () => {
  it('uses a demo password that passes the policy for every demo account', () => {
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(12);
    for (const u of DEMO_USERS) {
      expect(checkPasswordPolicy(DEMO_PASSWORD, { email: u.email }), u.email).toEqual([]);
    }
  });

  it('has one account per role', () => {
    expect(DEMO_USERS.flatMap((u) => u.roles).sort()).toEqual([...roles].sort());
  });

  it('seeds the organization, MGH with its departments and one user per role', async () => {
    const result = await seedDemo(ctx.platform);
    expect(result.seeded).toBe(true);
    expect(result.password).toBe(DEMO_PASSWORD);
    expect(result.users.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));

    expect(await query('select name from organization')).toEqual([{ name: 'Meridian Health' }]);
    const [mgh] = await query<{
      id: string;
      code: string;
      kind: string;
      time_zone: string;
      phone: string;
      address: Record<string, unknown>;
    }>('select id, code, kind, time_zone, phone, address from facility');
    expect(mgh).toMatchObject({
      code: 'MGH',
      kind: 'hospital',
      time_zone: 'America/New_York',
      address: { city: 'Albany', state: 'NY', country: 'US' },
    });
    const departments = await query<{ name: string }>(
      'select name from department where facility_id = $1 and is_active order by name',
      [mgh!.id],
    );
    expect(departments.map((d) => d.name)).toEqual(DEMO_DEPARTMENTS.map((d) => d.name).sort());

    const users = await query<{
      email: string;
      kind: string;
      password_hash: string;
      must_change_password: boolean;
      totp_enrolled_at: Date | null;
      roles: string[];
      facility_ids: string[];
    }>(
      `select u.email, u.kind, u.password_hash, u.must_change_password, u.totp_enrolled_at,
              array(select role from user_role where user_id = u.id) as roles,
              array(select facility_id::text from user_facility where user_id = u.id) as facility_ids
         from user_account u order by u.email`,
    );
    expect(users).toHaveLength(demoAccounts.length);
    for (const u of users) {
      const demo = demoAccounts.find((d) => d.email === u.email)!;
      expect(u.roles).toEqual([...demo.roles]);
      expect(u.kind).toBe(demo.roles[0] === 'patient' ? 'patient' : 'staff');
      expect(u.facility_ids).toEqual([mgh!.id]);
      expect(u.must_change_password).toBe(false);
      // Nobody has a second factor yet: the admin enrols one at first sign-in.
      expect(u.totp_enrolled_at).toBeNull();
      expect(await verifyPassword(u.password_hash, DEMO_PASSWORD)).toBe(true);
    }
  });

  it('audits the seeding with no actor', async () => {
    const rows = await query<{ actor_user_id: string | null; details: Record<string, unknown> }>(
      "select actor_user_id, details from audit_event where action = 'demo.seeded'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_user_id: null,
      details: {
        departments: 9,
        users: DEMO_USERS.length,
        patients: DEMO_GENERATED_PATIENTS + 11,
        practitioners: DEMO_PRACTITIONERS.length,
      },
    });
    expect(rows[0]!.details.appointments).toBeGreaterThan(500);
    const created = await query("select 1 from audit_event where action = 'user.created'");
    expect(created).toHaveLength(demoAccounts.length);
  });

  it('seeds 500 generated patients and the hand-picked ones at the demo hospital', async () => {
    const [mgh] = await query<{ id: string }>("select id from facility where code = 'MGH'");
    const [totals] = await query<{ n: number; at_mgh: number; with_history: number }>(
      `select count(*)::int as n,
              count(*) filter (where home_facility_id = $1)::int as at_mgh,
              count(*) filter (where exists (select 1 from patient_history h
                where h.entity_id = patient.id and h.version = 1))::int as with_history
         from patient`,
      [mgh!.id],
    );
    // Plus the Synthea patients the FHIR importer registers at MGH.
    const all = DEMO_GENERATED_PATIENTS + 11 + DEMO_SYNTHEA_PATIENTS;
    expect(totals).toEqual({ n: all, at_mgh: all, with_history: all });
    const names = await query<{ given_name: string; family_name: string }>(
      `select given_name, family_name from patient
        where (given_name, family_name) in (('José', 'García'), ('Lan', 'Nguyễn'),
              ('Siobhan', 'O''Brien-Smith'), ('小明', '王'))
        order by family_name`,
    );
    expect(names).toEqual([
      { given_name: 'José', family_name: 'García' },
      { given_name: 'Lan', family_name: 'Nguyễn' },
      { given_name: 'Siobhan', family_name: "O'Brien-Smith" },
      { given_name: '小明', family_name: '王' },
    ]);
    const [vip] = await query<{ n: number }>(
      'select count(*)::int as n from patient where flag_vip',
    );
    expect(vip!.n).toBeGreaterThanOrEqual(1);
  });

  it('gives most patients a coverage with one of the demo payers', async () => {
    const [row] = await query<{ covered: number; payers: number }>(
      `select count(distinct patient_id)::int as covered, count(distinct payer_id)::int as payers
         from coverage where status = 'active'`,
    );
    expect(row!.covered).toBeGreaterThan(DEMO_GENERATED_PATIENTS * 0.7);
    expect(row!.payers).toBeGreaterThan(3);
  });

  it('includes three known duplicate pairs for the duplicate warning and the merge', async () => {
    const pairs = await query<{ given_name: string; family_name: string; birth_date: string }>(
      `select given_name, family_name, birth_date::text from patient
        where (family_name, birth_date) in (('Miller', '1956-07-04'), ('Johnson', '1990-11-03'),
              ('Jonhson', '1990-03-11'), ('González', '1972-05-21'), ('Maria', '1972-05-21'))
        order by birth_date, given_name`,
    );
    expect(pairs.map((p) => `${p.given_name} ${p.family_name} ${p.birth_date}`)).toEqual([
      'Bob Miller 1956-07-04',
      'Robert Miller 1956-07-04',
      'Gonzalez Maria 1972-05-21',
      'María González 1972-05-21',
      'Katherine Jonhson 1990-03-11',
      'Katherine Johnson 1990-11-03',
    ]);
  });

  it('imports the Synthea patients with their encounters through the FHIR importer', async () => {
    const [row] = await query<{ patients: number; encounters: number }>(
      `select count(distinct i.patient_id)::int as patients,
              (select count(*)::int from encounter where source_system = 'urn:uuid') as encounters
         from patient_identifier i
        where i.assigning_authority = 'https://github.com/synthetichealth/synthea'`,
    );
    // Synthea's 373 encounters and the demo clinic's one visit (data/clinic).
    expect(row).toEqual({ patients: DEMO_SYNTHEA_PATIENTS, encounters: 374 });
    const [seeded] = await query<{ details: { synthea: Record<string, number> } }>(
      "select details from audit_event where action = 'demo.seeded'",
    );
    expect(seeded!.details.synthea).toMatchObject({
      Encounter: 374,
      Condition: 109,
      MedicationRequest: 104,
    });
  });

  it("adds the clinic's own records to a living Synthea patient: atrial fibrillation on warfarin", async () => {
    const rows = await query<{ deceased: boolean; problem: string; drug: string; status: string }>(
      `select p.deceased, pr.icd10cm_code as problem, rx.product_display as drug, rx.status
         from patient p
         join patient_identifier i on i.patient_id = p.id
         join problem pr on pr.patient_id = p.id and pr.icd10cm_code = 'I48.91'
         join prescription rx on rx.patient_id = p.id and rx.product_rxcui = '855332'
        where i.assigning_authority = 'https://github.com/synthetichealth/synthea'
          and i.value = '9f0fb46c-c9f5-4c50-a983-9f87bf591ce9'`,
    );
    expect(rows).toEqual([
      {
        deceased: false,
        problem: 'I48.91',
        drug: 'Warfarin Sodium 5 MG Oral Tablet',
        status: 'active',
      },
    ]);
  });

  it('audits the patients as one bulk import', async () => {
    const rows = await query<{ details: Record<string, unknown> }>(
      "select details from audit_event where action = 'patient.bulk_import'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ count: DEMO_GENERATED_PATIENTS + 11, history: true });
  });

  it('does nothing the second time, even when two starts race', async () => {
    const counts = () =>
      query<{ orgs: number; facilities: number; users: number; events: number }>(
        `select (select count(*)::int from organization) as orgs,
                (select count(*)::int from facility) as facilities,
                (select count(*)::int from user_account) as users,
                (select count(*)::int from patient) as patients,
                (select count(*)::int from coverage) as coverages,
                (select count(*)::int from appointment) as appointments,
                (select count(*)::int from audit_event) as events`,
      );
    const before = await counts();
    expect(before[0]).toMatchObject({
      patients: DEMO_GENERATED_PATIENTS + 11 + DEMO_SYNTHEA_PATIENTS,
    });
    const results = await Promise.all([seedDemo(ctx.platform), seedDemo(ctx.platform)]);
    expect(results).toEqual([
      { seeded: false, password: '', users: [], patients: 0, appointments: 0 },
      { seeded: false, password: '', users: [], patients: 0, appointments: 0 },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('the demo seed on an empty database, twice at once', () => {
  it('seeds exactly once', async () => {
    const fresh = await createTestContext();
    try {
      const results = await Promise.all([seedDemo(fresh.platform), seedDemo(fresh.platform)]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      const { rows } = await fresh.platform.database.pool.query<{ n: number }>(
        'select count(*)::int as n from user_account',
      );
      expect(rows[0]?.n).toBe(demoAccounts.length);
    } finally {
      await fresh.close();
    }
  });
});
