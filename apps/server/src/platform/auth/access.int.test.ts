import Fastify from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission, Role } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { createStaff, sessionCookieFor } from '../../../test/factories.js';
import { auditEvent, breakGlassGrant } from '../audit/audit.tables.js';
import type { DbOrTx } from '../db.js';
import { AppError } from '../errors.js';
import { errorHandler } from '../http/problem.js';
import { newId } from '../ids.js';
import { createAccessService, type PatientAccessPolicy } from './access.js';
import type { Principal } from './principal.js';
import { releasePatientAccessPolicy } from '../../modules/patients/index.js';

let ctx: TestContext;

/**
 * Stands in for the patients module: restriction flags and portal links in a table this
 * test makes in its own database, read with real SQL.
 */
const tablePolicy: PatientAccessPolicy = {
  async restrictedPatientIds(tx: DbOrTx, ids: readonly string[]) {
    const { rows } = await tx.execute<{ patient_id: string }>(
      sql`select patient_id from test_patient_access
           where is_restricted and patient_id = any(${sql.param([...ids])}::uuid[])`,
    );
    return new Set(rows.map((r) => r.patient_id));
  },
  async linkedPatientIds(tx: DbOrTx, userId: string) {
    const { rows } = await tx.execute<{ patient_id: string }>(
      sql`select patient_id from test_patient_access where portal_user_id = ${userId}`,
    );
    return new Set(rows.map((r) => r.patient_id));
  },
};

async function createPatient(o: { isRestricted?: boolean; portalUserId?: string } = {}) {
  const id = newId();
  await ctx.platform.db.execute(
    sql`insert into test_patient_access (patient_id, is_restricted, portal_user_id)
        values (${id}, ${o.isRestricted ?? false}, ${o.portalUserId ?? null})`,
  );
  return id;
}

async function principalWith(roles: Role[]): Promise<Principal> {
  const user = await createStaff(ctx.platform, { roles });
  const token = (await sessionCookieFor(ctx.platform, user.id)).split('=')[1] ?? '';
  const lookup = await ctx.platform.sessions.resolve(token);
  if (!lookup.ok) throw new Error('the test session did not resolve');
  return lookup.principal;
}

async function grantBreakGlass(userId: string, patientId: string, minutes = 60) {
  const now = ctx.clock.now();
  await ctx.platform.db.insert(breakGlassGrant).values({
    id: newId(),
    userId,
    patientId,
    reason: 'patient unconscious in the emergency department',
    grantedAt: now,
    expiresAt: new Date(now.getTime() + minutes * 60_000),
  });
}

function denialsFor(patientId: string) {
  return ctx.platform.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.action, 'access.denied'), eq(auditEvent.patientId, patientId)));
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

let nurse: Principal;
let frontDesk: Principal;
let portalUser: Principal;
let unregister: () => void;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.platform.db.execute(sql`
    create table test_patient_access (
      patient_id uuid primary key,
      is_restricted boolean not null,
      portal_user_id uuid
    )`);
  // The app plugged in the patients module's policy; this file tests the mechanism with its own.
  releasePatientAccessPolicy(ctx.platform.access);
  unregister = ctx.platform.access.registerPatientAccessPolicy(tablePolicy);
  nurse = await principalWith(['nurse']);
  frontDesk = await principalWith(['front_desk']);
  portalUser = await principalWith(['patient']);
});
afterAll(async () => {
  unregister();
  await ctx.close();
});

describe('requireAccess: the permission', () => {
  it('refuses a caller without a principal and audits the denial', async () => {
    const patientId = await createPatient();
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, null, 'patient.read', [patientId]),
    );
    expect(err.code).toBe('access.forbidden');
    const [row] = await denialsFor(patientId);
    expect(row).toMatchObject({
      outcome: 'denied',
      actorUserId: null,
      details: { permission: 'patient.read', reason: 'missing_permission' },
    });
  });

  it('refuses staff without the permission, naming it, and audits who asked', async () => {
    const patientId = await createPatient();
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, frontDesk, 'patient.merge', [patientId]),
    );
    expect(err.code).toBe('access.forbidden');
    expect(err.message).toContain('patient.merge');
    const rows = await denialsFor(patientId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actorUserId).toBe(frontDesk.userId);
  });

  it('allows a permission check with no patients involved', async () => {
    await ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', []);
  });
});

describe('requireAccess: restricted records and break-the-glass', () => {
  it('lets staff with the permission open an unrestricted record, without a denial row', async () => {
    const patientId = await createPatient();
    await ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]);
    expect(await denialsFor(patientId)).toEqual([]);
  });

  it('asks for break-the-glass on a restricted record and names the patient', async () => {
    const patientId = await createPatient({ isRestricted: true });
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]),
    );
    expect(err.code).toBe('access.break_glass_required');
    expect(err.status).toBe(403);
    expect(err.details['patientId']).toBe(patientId);
    const [row] = await denialsFor(patientId);
    expect(row?.details).toEqual({ permission: 'patient.read', reason: 'break_glass_required' });
    expect(row?.actorUserId).toBe(nurse.userId);
  });

  it('opens a restricted record with an unexpired grant, and closes it again on expiry', async () => {
    const patientId = await createPatient({ isRestricted: true });
    await grantBreakGlass(nurse.userId, patientId);
    await ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]);

    const start = ctx.clock.now();
    try {
      ctx.clock.advance(59 * 60_000);
      await ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]);
      ctx.clock.advance(60_000); // exactly at expiry: the grant no longer counts
      const err = await refusal(
        ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]),
      );
      expect(err.code).toBe('access.break_glass_required');
    } finally {
      ctx.clock.set(start);
    }
  });

  it("does not honour another user's grant or a grant for another patient", async () => {
    const patientId = await createPatient({ isRestricted: true });
    const otherPatient = await createPatient({ isRestricted: true });
    await grantBreakGlass(frontDesk.userId, patientId);
    await grantBreakGlass(nurse.userId, otherPatient);
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]),
    );
    expect(err.code).toBe('access.break_glass_required');
  });

  it('refuses a batch when any record is restricted, auditing only that one', async () => {
    const open = await createPatient();
    const restricted = await createPatient({ isRestricted: true });
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [
        open,
        restricted,
        restricted,
      ]),
    );
    expect(err.details['patientId']).toBe(restricted);
    expect(await denialsFor(open)).toEqual([]);
    expect(await denialsFor(restricted)).toHaveLength(1);
  });

  it('answers break_glass_required as problem+json carrying the patient id for the UI', async () => {
    const patientId = await createPatient({ isRestricted: true });
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.get('/probe', () =>
      ctx.platform.access.requireAccess(ctx.platform.db, nurse, 'patient.read', [patientId]),
    );
    try {
      const res = await app.inject({ method: 'GET', url: '/probe' });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'access.break_glass_required', patientId });
    } finally {
      await app.close();
    }
  });
});

describe('requireAccess: portal users', () => {
  it('lets a portal user reach their linked record, restricted or not', async () => {
    const own = await createPatient({ isRestricted: true, portalUserId: portalUser.userId });
    await ctx.platform.access.requireAccess(ctx.platform.db, portalUser, 'portal.self', [own]);
  });

  it("answers 404 for someone else's record, as for a missing one, and audits it", async () => {
    const other = await createPatient();
    const missing = newId();
    for (const patientId of [other, missing]) {
      const err = await refusal(
        ctx.platform.access.requireAccess(ctx.platform.db, portalUser, 'portal.self', [patientId]),
      );
      expect(err.code).toBe('resource.not_found');
      expect(err.message).toBe(`patient ${patientId} was not found`);
      const [row] = await denialsFor(patientId);
      expect(row?.details).toEqual({ permission: 'portal.self', reason: 'not_linked' });
    }
  });

  it('refuses a portal user a staff permission before looking at links', async () => {
    const own = await createPatient({ portalUserId: portalUser.userId });
    const err = await refusal(
      ctx.platform.access.requireAccess(ctx.platform.db, portalUser, 'patient.read', [own]),
    );
    expect(err.code).toBe('access.forbidden');
  });
});

describe('requireAccess: denials survive the caller rolling back', () => {
  it("commits the denial though the caller's transaction rolls back", async () => {
    const patientId = await createPatient({ isRestricted: true });
    const marker = newId();
    const err = await refusal(
      ctx.platform.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into test_patient_access (patient_id, is_restricted) values (${marker}, false)`,
        );
        await ctx.platform.access.requireAccess(tx, nurse, 'patient.read', [patientId]);
      }),
    );
    expect(err.code).toBe('access.break_glass_required');
    const { rows } = await ctx.platform.db.execute(
      sql`select 1 from test_patient_access where patient_id = ${marker}`,
    );
    expect(rows).toEqual([]); // the caller's own write rolled back...
    expect(await denialsFor(patientId)).toHaveLength(1); // ...the denial did not
  });

  it('does not deadlock when the caller already audited in its transaction', async () => {
    const patientId = await createPatient({ isRestricted: true });
    const entityId = newId();
    const err = await refusal(
      ctx.platform.db.transaction(async (tx) => {
        // The caller's row waits to be sealed at its commit; the denial, written on another
        // connection meanwhile, must neither wait for it nor be lost when it rolls back.
        await ctx.platform.audit.record(tx, {
          action: 'test.caller_read',
          entityType: 'probe',
          entityId,
        });
        await ctx.platform.access.requireAccess(tx, nurse, 'patient.read', [patientId]);
      }),
    );
    expect(err.code).toBe('access.break_glass_required');
    expect(await denialsFor(patientId)).toHaveLength(1);
    const callerRows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.entityId, entityId));
    expect(callerRows).toEqual([]);
  });
});

describe('filterAccessible', () => {
  it('keeps unrestricted and granted records for staff and hides the rest, unaudited', async () => {
    const open = await createPatient();
    const granted = await createPatient({ isRestricted: true });
    const hidden = await createPatient({ isRestricted: true });
    await grantBreakGlass(nurse.userId, granted);
    const shown = await ctx.platform.access.filterAccessible(
      ctx.platform.db,
      nurse,
      'patient.read',
      [open, granted, hidden],
    );
    expect([...shown].sort()).toEqual([open, granted].sort());
    expect(await denialsFor(hidden)).toEqual([]);
  });

  it("keeps only a portal user's linked records", async () => {
    const own = await createPatient({ portalUserId: portalUser.userId });
    const other = await createPatient();
    const shown = await ctx.platform.access.filterAccessible(
      ctx.platform.db,
      portalUser,
      'portal.self',
      [own, other],
    );
    expect([...shown]).toEqual([own]);
  });

  it('refuses the whole list without the permission', async () => {
    const err = await refusal(
      ctx.platform.access.filterAccessible(ctx.platform.db, frontDesk, 'clinical.read', [
        await createPatient(),
      ]),
    );
    expect(err.code).toBe('access.forbidden');
  });
});

describe('the patient access policy registry', () => {
  const bare = () =>
    createAccessService({
      db: ctx.platform.db,
      audit: ctx.platform.audit,
      clock: ctx.clock,
    });

  it('without a policy restricts no record and links portal users to none', async () => {
    const access = bare();
    const restricted = await createPatient({ isRestricted: true });
    const own = await createPatient({ portalUserId: portalUser.userId });
    await access.requireAccess(ctx.platform.db, nurse, 'patient.read', [restricted]);
    const err = await refusal(
      access.requireAccess(ctx.platform.db, portalUser, 'portal.self', [own]),
    );
    expect(err.code).toBe('resource.not_found');
  });

  it('refuses a second policy and forgets one when unregistered', async () => {
    const access = bare();
    const remove = access.registerPatientAccessPolicy(tablePolicy);
    expect(() => access.registerPatientAccessPolicy(tablePolicy)).toThrow(/already registered/);
    const restricted = await createPatient({ isRestricted: true });
    const permission: Permission = 'patient.read';
    await expect(
      access.requireAccess(ctx.platform.db, nurse, permission, [restricted]),
    ).rejects.toMatchObject({ code: 'access.break_glass_required' });
    remove();
    await access.requireAccess(ctx.platform.db, nurse, permission, [restricted]);
  });
});
