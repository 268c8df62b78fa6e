import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { fhirImportSucceeded, type Role } from '@meridian/contracts';
import type { DbOrTx } from '../platform/db.js';
import type { Platform } from '../platform/platform.js';
import { createOrganizationService } from '../modules/organization/index.js';
import { createStaffService } from '../modules/staff/index.js';

export interface DemoSeedResult {
  seeded: boolean;
  /** The demo password when this call seeded; empty otherwise (nothing is given away twice). */
  password: string;
  users: { email: string; roles: string[] }[];
  /** Patients seeded (generated plus the hand-picked ones); 0 when nothing was seeded. */
  patients: number;
  /** Appointments seeded around today; 0 when nothing was seeded. */
  appointments: number;
}

/** One password for every demo account: at least 12 characters and passes the policy. */
export const DEMO_PASSWORD = 'meridian-demo-2026';

export interface DemoUser {
  email: string;
  displayName: string;
  roles: readonly Role[];
}

/** One account per role, all at Meridian General Hospital. */
export const DEMO_USERS = [
  { email: 'admin@meridian.example', displayName: 'Alex Morgan', roles: ['admin'] },
  { email: 'physician@meridian.example', displayName: 'Dr. Priya Raman', roles: ['physician'] },
  { email: 'nurse@meridian.example', displayName: 'Marcus Bell, RN', roles: ['nurse'] },
  { email: 'frontdesk@meridian.example', displayName: 'Dana Whitfield', roles: ['front_desk'] },
  { email: 'billing@meridian.example', displayName: 'Luis Ortega', roles: ['billing'] },
  {
    email: 'housekeeping@meridian.example',
    displayName: 'Rosa Delgado',
    roles: ['housekeeping'],
  },
  { email: 'lab@meridian.example', displayName: 'Grace Okafor', roles: ['lab'] },
  { email: 'patient@meridian.example', displayName: 'Emily Carter', roles: ['patient'] },
] as const satisfies readonly DemoUser[];

export const DEMO_ORGANIZATION_NAME = 'Meridian Health';

export const DEMO_FACILITY = {
  name: 'Meridian General Hospital',
  code: 'MGH',
  kind: 'hospital',
  timeZone: 'America/New_York',
  address: {
    line1: '1450 Riverside Avenue',
    city: 'Albany',
    state: 'NY',
    postalCode: '12208',
    country: 'US',
  },
  // 555-01xx numbers are reserved for fiction.
  phone: '+1 518-555-0142',
} as const;

export const DEMO_DEPARTMENTS = [
  { code: 'ED', name: 'Emergency' },
  { code: 'IM', name: 'Internal Medicine' },
  { code: 'SURG', name: 'Surgery' },
  { code: 'PEDS', name: 'Pediatrics' },
  { code: 'RAD', name: 'Radiology' },
  { code: 'LAB', name: 'Laboratory' },
  { code: 'PHARM', name: 'Pharmacy' },
  { code: 'ADM', name: 'Admissions' },
  { code: 'BILL', name: 'Billing Office' },
] as const;

/**
 * The demo's payers, then 500 generated patients with coverages and the hand-picked ones
 * (demo-patients.ts), with history, through the bulk import path (audited as one
 * `patient.bulk_import`). Loaded lazily: the generator's name lists cost start-up time
 * that only a first start needs.
 */
async function seedDemoPatients(
  platform: Platform,
  tx: DbOrTx,
  facilityId: string,
): Promise<number> {
  const [{ seedDemoPayers }, { generateRecords }, { loadRecords }, demo] = await Promise.all([
    import('../modules/patients/coverage/demo-payers.js'),
    import('../modules/patients/generator/patient-generator.js'),
    import('../modules/patients/generator/load-records.js'),
    import('./demo-patients.js'),
  ]);
  const now = platform.clock.now();
  const { payers } = await seedDemoPayers(tx, now);
  const generated = generateRecords({
    seed: demo.DEMO_PATIENT_SEED,
    count: demo.DEMO_GENERATED_PATIENTS,
    duplicatePairs: 0,
  });
  const records = [...generated, ...demo.demoShowcaseRecords(demo.DEMO_GENERATED_PATIENTS)];
  const result = await loadRecords(tx, records, {
    encryptor: platform.encryptor,
    facilityId,
    payers,
    history: true,
    audit: platform.audit,
    actorUserId: null,
    now,
  });
  return result.count;
}

/**
 * The bundled Synthea patients (FHIR R4 bundles, see data/synthea/SOURCE.md), then the demo
 * clinic's own later records for some of them (data/clinic/SOURCE.md: Lavelle Kuvalis's
 * atrial fibrillation and warfarin, so the demo has a living patient on an anticoagulant).
 * Tricky: resolved from the package root, so the same path works from src/ (tsx) and dist/.
 */
export const demoSyntheaFolder = fileURLToPath(
  new URL('../../src/demo/data/synthea/', import.meta.url),
);
export const demoClinicFolder = fileURLToPath(
  new URL('../../src/demo/data/clinic/', import.meta.url),
);
export const DEMO_SYNTHEA_PATIENTS = 20;

/**
 * Imports the Synthea patients at the demo hospital through the FHIR importer, so their
 * charts hold real-world shaped records (whatever the importer's mappers load), then the
 * clinic's additions. A failure is a bug in the importer or the data: the seed stops rather
 * than hide it. Answers the imported count per resource type, over both folders.
 */
async function seedDemoSynthea(platform: Platform, tx: DbOrTx): Promise<Record<string, number>> {
  const { createFhirImportService } =
    await import('../modules/clinical/import/fhir-import.service.js');
  const importer = createFhirImportService(platform);
  const imported: Record<string, number> = {};
  for (const folder of [demoSyntheaFolder, demoClinicFolder]) {
    const report = await importer.importFiles(folder, {
      tx,
      facilityCode: DEMO_FACILITY.code,
      actorUserId: null,
    });
    if (!fhirImportSucceeded(report)) {
      const first = report.failures.slice(0, 3).map((f) => `${f.file} ${f.path} [${f.rule}]`);
      throw new Error(`the demo's FHIR import failed: ${first.join('; ')}`);
    }
    for (const [type, counts] of Object.entries(report.resources)) {
      imported[type] = (imported[type] ?? 0) + counts.imported;
    }
  }
  return imported;
}

// Arbitrary and constant: "meridian demo seed". Two instances starting at once seed once.
const seedLockKey = 7_245_030;

/**
 * Seeds the demo organization, facility, departments, one user per role, the payers, the
 * patients and the scheduling (physicians' calendars and visits around today), in one transaction, only when the installation has no organization yet. The administrator has
 * no second factor, so the first sign-in enrols one.
 */
export async function seedDemo(platform: Platform): Promise<DemoSeedResult> {
  const organization = createOrganizationService(platform);
  const staff = createStaffService(platform);
  return platform.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${seedLockKey})`);
    const existing = await tx.execute<{ present: boolean }>(
      sql`select exists (select 1 from organization) as present`,
    );
    if (existing.rows[0]?.present) {
      return { seeded: false, password: '', users: [], patients: 0, appointments: 0 };
    }

    const org = await organization.createOrganization({ name: DEMO_ORGANIZATION_NAME }, tx);
    const facility = await organization.createFacility({ ...DEMO_FACILITY }, tx);
    const departmentIdsByCode: Record<string, string> = {};
    for (const d of DEMO_DEPARTMENTS) {
      departmentIdsByCode[d.code] = (await organization.createDepartment(facility.id, d, tx)).id;
    }
    for (const u of DEMO_USERS) {
      await staff.createUser(
        { ...u, roles: [...u.roles], facilityIds: [facility.id], password: DEMO_PASSWORD },
        { tx, mustChangePassword: false, via: 'seed' },
      );
    }
    const patients = await seedDemoPatients(platform, tx, facility.id);
    // Loaded lazily like the patients: only a first start needs it.
    const { seedDemoScheduling } = await import('../modules/scheduling/demo/seed-scheduling.js');
    const scheduling = await seedDemoScheduling(platform, tx, {
      facilityId: facility.id,
      departmentIdsByCode,
      now: platform.clock.now(),
      password: DEMO_PASSWORD,
    });
    const { seedDemoAdmissions } = await import('../modules/admissions/demo/seed-admissions.js');
    const admissions = await seedDemoAdmissions(platform, tx, {
      facilityId: facility.id,
      departmentIdsByCode,
      now: platform.clock.now(),
    });
    const synthea = await seedDemoSynthea(platform, tx);
    await platform.audit.record(tx, {
      action: 'demo.seeded',
      actorUserId: null,
      entityType: 'organization',
      entityId: org.id,
      details: {
        facilityId: facility.id,
        departments: DEMO_DEPARTMENTS.length,
        users: DEMO_USERS.length,
        patients,
        practitioners: scheduling.practitioners,
        appointments: scheduling.appointments,
        wards: admissions.wards,
        beds: admissions.beds,
        stays: admissions.stays,
        synthea,
      },
    });
    return {
      seeded: true,
      password: DEMO_PASSWORD,
      users: DEMO_USERS.map((u) => ({ email: u.email, roles: [...u.roles] })),
      patients,
      appointments: scheduling.appointments,
    };
  });
}
