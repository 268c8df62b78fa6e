import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff } from '../../../../test/factories.js';
import {
  createTestContext,
  testEncryptionKey,
  type TestContext,
} from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createBookingScene } from '../../../../test/scheduling-factories.js';
import { buildApp, type App } from '../../../app.js';
import { createDatabase, type Database } from '../../../platform/db.js';
import { createPlatform } from '../../../platform/platform.js';

// Two server instances (two apps, two platforms, two pools) over one database, as behind a
// load balancer: whatever the interleaving, PostgreSQL lets one booking per slot through.

let ctx: TestContext;
let second: { app: App; database: Database };

beforeAll(async () => {
  ctx = await createTestContext();
  const url = ctx.platform.config.DATABASE_URL;
  if (!url) throw new Error('the test database has no URL');
  const database = createDatabase(url, { max: 5 });
  const platform = createPlatform({
    config: ctx.platform.config,
    database,
    clock: ctx.clock,
    encryptionKey: testEncryptionKey,
  });
  second = { app: await buildApp(platform, { logger: false, serveWeb: false }), database };
});
afterAll(async () => {
  await second.app.close();
  await second.database.close();
  await ctx.close();
});

const slots = 16; // Monday 09:00-17:00 in New York, every 30 minutes
const patientsPerSlot = 12;

/** A fixed shuffle, so a failure can be replayed. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('clerks on two servers racing for the same slots', () => {
  it('get exactly one booking per slot; everyone else hears slot_taken naming the winner', async () => {
    const s = await createBookingScene(ctx.platform);
    const patients = await Promise.all(
      Array.from({ length: patientsPerSlot }, () => createPatient(ctx.platform)),
    );
    const clerks = [
      await signedInStaff(ctx.platform, { roles: ['front_desk'] }),
      await signedInStaff(ctx.platform, { roles: ['front_desk'] }),
    ];
    const first = Date.parse('2026-01-19T14:00:00Z');
    const attempts = shuffled(
      Array.from({ length: slots * patientsPerSlot }, (_, i) => ({
        slot: i % slots,
        patientId: patients[Math.floor(i / slots)]!.id,
      })),
    );

    const answers = await Promise.all(
      attempts.map((a, i) =>
        (i % 2 === 0 ? ctx.app : second.app)
          .inject({
            method: 'POST',
            url: '/api/v1/appointments',
            headers: { cookie: clerks[i % 2]!.cookie },
            payload: {
              patientId: a.patientId,
              practitionerId: s.doc.id,
              appointmentTypeId: s.type.id,
              startsAt: new Date(first + a.slot * 30 * 60_000).toISOString(),
            },
          })
          .then((res) => ({
            slot: a.slot,
            status: res.statusCode,
            body: res.json<{ id?: string }>(),
          })),
      ),
    );

    expect(answers).toHaveLength(192);
    const winners = new Map<number, string>();
    for (const a of answers.filter((x) => x.status === 201)) {
      expect(winners.has(a.slot)).toBe(false);
      winners.set(a.slot, a.body.id ?? '');
    }
    expect(winners.size).toBe(slots);
    const losers = answers.filter((x) => x.status !== 201);
    expect(losers).toHaveLength(slots * (patientsPerSlot - 1));
    for (const l of losers) {
      expect(l).toMatchObject({
        status: 409,
        body: { code: 'scheduling.slot_taken', conflictingAppointmentId: winners.get(l.slot) },
      });
    }

    const { rows } = await ctx.platform.database.pool.query<{ n: string }>(
      `select count(*) as n from appointment a join appointment b
         on a.practitioner_id = b.practitioner_id and a.id < b.id
        and a.blocked_period && b.blocked_period
      where a.practitioner_id = $1
        and a.status not in ('cancelled', 'no_show') and b.status not in ('cancelled', 'no_show')`,
      [s.doc.id],
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const { rows: booked } = await ctx.platform.database.pool.query(
      'select id from appointment where practitioner_id = $1',
      [s.doc.id],
    );
    expect(booked).toHaveLength(slots);
  });
});
