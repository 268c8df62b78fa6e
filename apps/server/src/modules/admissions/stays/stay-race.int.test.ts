import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stay } from '@meridian/contracts';
import {
  admitBody,
  createAdmissionScene,
  createWard,
  type AdmissionScene,
} from '../../../../test/admissions-factories.js';
import { signedInStaff } from '../../../../test/factories.js';
import {
  createTestContext,
  testEncryptionKey,
  type TestContext,
} from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { buildApp, type App } from '../../../app.js';
import { createDatabase, type Database } from '../../../platform/db.js';
import { createPlatform } from '../../../platform/platform.js';

// Two server instances (two apps, two platforms, two pools) over one database, as behind a
// load balancer: whatever the interleaving, PostgreSQL lets one patient per bed and one open
// stay per patient through.

let ctx: TestContext;
let second: { app: App; database: Database };
let s: AdmissionScene;

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
  s = await createAdmissionScene(ctx.platform);
});
afterAll(async () => {
  await second.app.close();
  await second.database.close();
  await ctx.close();
});

const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, params).then((r) => r.rows);

describe('nurses racing', () => {
  it('for the same bed: one 201, the other a 409 naming the bed', async () => {
    const [p1, p2] = [await createPatient(ctx.platform), await createPatient(ctx.platform)];
    const other = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [s.facilityId],
    });
    const bedId = s.wardA.beds[0]?.id ?? '';
    const [a, b] = await Promise.all([
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        headers: { cookie: s.nurse.cookie },
        payload: admitBody(s, p1.id, bedId),
      }),
      second.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        headers: { cookie: other.cookie },
        payload: admitBody(s, p2.id, bedId),
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'admission.bed_unavailable' });
    const winner = (a.statusCode === 201 ? a : b).json<Stay>();
    expect(await q('select state, stay_id from bed where id = $1', [bedId])).toEqual([
      { state: 'occupied', stay_id: winner.id },
    ]);
    // The loser left nothing behind: one stay for the two patients.
    expect(
      await q('select count(*)::int as n from inpatient_stay where patient_id = any($1)', [
        [p1.id, p2.id],
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('to admit the same patient into two beds: one wins, the other hears already_admitted', async () => {
    const p = await createPatient(ctx.platform);
    const [b1, b2] = [s.wardB.beds[0]?.id ?? '', s.wardB.beds[1]?.id ?? ''];
    const [a, b] = await Promise.all([
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        headers: { cookie: s.nurse.cookie },
        payload: admitBody(s, p.id, b1),
      }),
      second.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        headers: { cookie: s.nurse.cookie },
        payload: admitBody(s, p.id, b2),
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((a.statusCode === 409 ? a : b).json()).toMatchObject({
      code: 'admission.already_admitted',
    });
    const beds = await q<{ state: string }>(
      'select state from bed where id = any($1) order by state',
      [[b1, b2]],
    );
    expect(beds.map((r) => r.state)).toEqual(['available', 'occupied']);
  });

  it('many at once across both servers: one winner per bed, no double stays', async () => {
    const w = await createWard(ctx.platform, {
      facilityId: s.facilityId,
      rooms: 3,
      bedsPerRoom: 2,
    });
    const patients = await Promise.all(
      Array.from({ length: 12 }, () => createPatient(ctx.platform)),
    );
    // Each patient tries two neighbouring beds at once; each bed is wanted by four patients.
    const attempts = patients.flatMap((p, i) => [
      { patientId: p.id, bedId: w.beds[i % w.beds.length]?.id ?? '' },
      { patientId: p.id, bedId: w.beds[(i + 1) % w.beds.length]?.id ?? '' },
    ]);
    const answers = await Promise.all(
      attempts.map((t, i) =>
        (i % 2 ? second.app : ctx.app).inject({
          method: 'POST',
          url: '/api/v1/admissions',
          headers: { cookie: s.nurse.cookie },
          payload: admitBody(s, t.patientId, t.bedId),
        }),
      ),
    );
    for (const r of answers) expect([201, 409]).toContain(r.statusCode);
    const wins = answers.filter((r) => r.statusCode === 201).length;
    const bedIds = w.beds.map((b) => b.id);
    const [row] = await q<{ occupied: number; open: number; twice: number }>(
      `select
         (select count(*)::int from bed where id = any($1) and state = 'occupied') as occupied,
         (select count(*)::int from inpatient_stay where patient_id = any($2)
            and status = 'admitted') as open,
         (select count(*)::int from (select patient_id from inpatient_stay
            where patient_id = any($2) and status in ('pre_admitted', 'admitted', 'on_leave')
            group by patient_id having count(*) > 1) t) as twice`,
      [bedIds, patients.map((p) => p.id)],
    );
    expect(row).toEqual({ occupied: wins, open: wins, twice: 0 });
    // Every bed is wanted by someone who could still take it: all six end up occupied.
    expect(wins).toBe(w.beds.length);
  });
});
