import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bed, BedAction, BedState } from '@meridian/contracts';
import { auditRows, lastAuditSeq } from '../../../../test/auth-helpers.js';
import { createWard } from '../../../../test/admissions-factories.js';
import { placeInBed } from '../../../../test/board-scene.js';
import { signedInStaff } from '../../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createPatient } from '../../../../test/patient-factories.js';
import { createClinic, createPractitioner } from '../../../../test/scheduling-factories.js';
import { AppError } from '../../../platform/errors.js';
import { changeBedState } from './bed-state.js';

let ctx: TestContext;
let facilityId: string;
let practitionerId: string;
let housekeeper: { id: string; cookie: string };

beforeAll(async () => {
  ctx = await createTestContext();
  facilityId = (await createClinic(ctx.platform)).facilityId;
  practitionerId = (await createPractitioner(ctx.platform, { facilityId })).id;
  housekeeper = await signedInStaff(ctx.platform, {
    roles: ['housekeeping'],
    facilityIds: [facilityId],
  });
});
afterAll(() => ctx.close());

/** A fresh available bed. */
async function freshBed() {
  const w = await createWard(ctx.platform, { facilityId, rooms: 1, bedsPerRoom: 1 });
  return w.beds[0]!;
}

async function bedNow(id: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    state: BedState;
    version: number;
    blocked_reason: string | null;
    blocked_until: Date | null;
    state_since: Date;
  }>('select state, version, blocked_reason, blocked_until, state_since from bed where id = $1', [
    id,
  ]);
  return rows[0]!;
}

async function history(id: string) {
  const { rows } = await ctx.platform.database.pool.query<{
    action: string;
    from_state: string;
    to_state: string;
    actor_user_id: string | null;
    reason: string | null;
  }>(
    `select action, from_state, to_state, actor_user_id, reason from bed_state_change
      where bed_id = $1 order by occurred_at, id`,
    [id],
  );
  return rows;
}

function post(bedId: string, body: unknown, version: number | null, cookie = housekeeper.cookie) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/beds/${bedId}/state`,
    headers: { cookie, ...(version === null ? {} : { 'if-match': `"${version}"` }) },
    payload: body as Record<string, unknown>,
  });
}

/** Puts a fresh bed in `state` through the machine. */
async function bedIn(state: BedState) {
  const b = await freshBed();
  const steps: Record<BedState, BedAction[]> = {
    available: [],
    dirty: ['mark_dirty'],
    cleaning: ['mark_dirty', 'start_cleaning'],
    blocked: ['block'],
    reserved: [],
    occupied: [],
  };
  if (state === 'reserved' || state === 'occupied') {
    const patient = await createPatient(ctx.platform);
    await placeInBed(ctx.platform, {
      bedId: b.id,
      patientId: patient.id,
      facilityId,
      practitionerId,
      status: state === 'reserved' ? 'pre_admitted' : 'admitted',
    });
  }
  for (const action of steps[state]) {
    await changeBedState(ctx.platform.db, {
      bedId: b.id,
      action,
      at: ctx.clock.now(),
      actorUserId: null,
      ...(action === 'block' ? { reason: 'Maintenance' } : {}),
    });
  }
  return b;
}

describe('housekeeping turns a bed around', () => {
  it('dirty -> cleaning -> available, each step audited and kept in the bed history', async () => {
    const b = await freshBed();
    const seq = await lastAuditSeq(ctx.platform);
    let version = b.version;
    for (const [action, state] of [
      ['mark_dirty', 'dirty'],
      ['start_cleaning', 'cleaning'],
      ['finish_cleaning', 'available'],
    ] as const) {
      ctx.clock.advance(10 * 60_000);
      const res = await post(b.id, { action }, version);
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json<Bed>();
      expect(answer).toMatchObject({ id: b.id, state, version: version + 1 });
      expect(answer.stateSince).toBe(ctx.clock.now().toISOString());
      expect(res.headers.etag).toBe(`"${version + 1}"`);
      version = answer.version;
    }
    expect(await history(b.id)).toEqual([
      {
        action: 'mark_dirty',
        from_state: 'available',
        to_state: 'dirty',
        actor_user_id: housekeeper.id,
        reason: null,
      },
      {
        action: 'start_cleaning',
        from_state: 'dirty',
        to_state: 'cleaning',
        actor_user_id: housekeeper.id,
        reason: null,
      },
      {
        action: 'finish_cleaning',
        from_state: 'cleaning',
        to_state: 'available',
        actor_user_id: housekeeper.id,
        reason: null,
      },
    ]);
    const audit = await auditRows(ctx.platform, ['bed.state_changed'], seq);
    expect(audit.map((a) => [a.entity_id, a.actor_user_id, a.details])).toEqual([
      [b.id, housekeeper.id, { action: 'mark_dirty', fromState: 'available', toState: 'dirty' }],
      [b.id, housekeeper.id, { action: 'start_cleaning', fromState: 'dirty', toState: 'cleaning' }],
      [
        b.id,
        housekeeper.id,
        { action: 'finish_cleaning', fromState: 'cleaning', toState: 'available' },
      ],
    ]);
  });

  it('blocks a bed with a reason and an expected return, and unblocks it', async () => {
    const b = await freshBed();
    const until = new Date(ctx.clock.now().getTime() + 48 * 3600_000).toISOString();
    const res = await post(
      b.id,
      { action: 'block', reason: 'Bed rail broken', expectedUntil: until },
      1,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Bed>()).toMatchObject({
      state: 'blocked',
      blockedReason: 'Bed rail broken',
      blockedUntil: until,
    });
    const seq = await lastAuditSeq(ctx.platform);
    const back = await post(b.id, { action: 'unblock' }, 2);
    expect(back.json<Bed>()).toMatchObject({
      state: 'available',
      blockedReason: null,
      blockedUntil: null,
    });
    // The audit row never carries the reason's free text.
    const [row] = await auditRows(ctx.platform, ['bed.state_changed'], seq);
    expect(JSON.stringify(row?.details)).not.toContain('rail');
    expect((await history(b.id)).map((h) => h.reason)).toEqual(['Bed rail broken', null]);
  });

  it('lets a nurse act on beds too, but not the front desk', async () => {
    const nurse = await signedInStaff(ctx.platform, {
      roles: ['nurse'],
      facilityIds: [facilityId],
    });
    const desk = await signedInStaff(ctx.platform, {
      roles: ['front_desk'],
      facilityIds: [facilityId],
    });
    const b = await freshBed();
    const refused = await post(b.id, { action: 'mark_dirty' }, 1, desk.cookie);
    expect(refused.statusCode).toBe(403);
    expect((await bedNow(b.id)).state).toBe('available');
    expect((await post(b.id, { action: 'mark_dirty' }, 1, nurse.cookie)).statusCode).toBe(200);
  });
});

describe('refusals change nothing', () => {
  it.each<[BedState, string]>([
    ['available', 'start_cleaning'],
    ['available', 'finish_cleaning'],
    ['available', 'unblock'],
    ['dirty', 'finish_cleaning'],
    ['dirty', 'mark_dirty'],
    ['cleaning', 'start_cleaning'],
    ['cleaning', 'mark_dirty'],
    ['blocked', 'mark_dirty'],
    ['occupied', 'mark_dirty'],
    ['occupied', 'block'],
    ['reserved', 'block'],
    ['reserved', 'start_cleaning'],
  ])('a %s bed cannot %s: 409 naming the state', async (state, action) => {
    const b = await bedIn(state);
    const before = await bedNow(b.id);
    const changes = (await history(b.id)).length;
    const body = action === 'block' ? { action, reason: 'Maintenance' } : { action };
    const res = await post(b.id, body, before.version);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('admission.bed_invalid_transition');
    expect(problem.detail).toContain(`is ${state}`);
    expect(problem.detail).toContain(`cannot ${action.replaceAll('_', ' ')}`);
    expect(await bedNow(b.id)).toEqual(before);
    expect(await history(b.id)).toHaveLength(changes);
  });

  it('needs If-Match (428) and the current version (412)', async () => {
    const b = await freshBed();
    expect((await post(b.id, { action: 'mark_dirty' }, null)).statusCode).toBe(428);
    const stale = await post(b.id, { action: 'mark_dirty' }, 7);
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'resource.version_mismatch' });
    expect((await bedNow(b.id)).state).toBe('available');
  });

  it.each([
    [{ action: 'block' }, 'reason'],
    [{ action: 'block', reason: '' }, 'reason'],
    [{ action: 'vacate' }, 'action'],
    [{ action: 'mark_dirty', reason: 'x' }, 'reason'],
  ])('validates the body %j naming the field', async (body, field) => {
    const b = await freshBed();
    const res = await post(b.id, body, 1);
    expect(res.statusCode).toBe(400);
    const problem = res.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors.map((e) => e.path)).toContain(field);
    expect((await bedNow(b.id)).state).toBe('available');
  });

  it('refuses an expected return in the past', async () => {
    const b = await freshBed();
    const res = await post(
      b.id,
      { action: 'block', reason: 'Leak', expectedUntil: '2020-01-01T00:00:00Z' },
      1,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'expectedUntil', rule: 'in_past' }] });
  });

  it('answers 404 for an unknown bed and 403 outside the user’s facilities', async () => {
    const missing = await post('0190a0a0-0000-7000-8000-000000000000', { action: 'mark_dirty' }, 1);
    expect(missing.statusCode).toBe(404);
    const elsewhere = await createClinic(ctx.platform);
    const w = await createWard(ctx.platform, {
      facilityId: elsewhere.facilityId,
      rooms: 1,
      bedsPerRoom: 1,
    });
    const res = await post(w.beds[0]!.id, { action: 'mark_dirty' }, 1);
    expect(res.statusCode).toBe(403);
    expect((await bedNow(w.beds[0]!.id)).state).toBe('available');
  });
});

describe('changeBedState, the one way a bed changes', () => {
  const change = (bedId: string, action: BedAction, stayId?: string) =>
    changeBedState(ctx.platform.db, {
      bedId,
      action,
      at: ctx.clock.now(),
      actorUserId: null,
      stayId: stayId ?? null,
    });

  async function refusal(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
    return err;
  }

  it('lets only the stay a bed is reserved for occupy it', async () => {
    const b = await bedIn('reserved');
    const err = await refusal(change(b.id, 'occupy', '0190a0a0-0000-7000-8000-000000000001'));
    expect(err.code).toBe('admission.bed_unavailable');
    expect((await bedNow(b.id)).state).toBe('reserved');
  });

  it('lets only the holder vacate or release', async () => {
    const occupied = await bedIn('occupied');
    const e1 = await refusal(change(occupied.id, 'vacate', '0190a0a0-0000-7000-8000-000000000002'));
    expect(e1.code).toBe('admission.bed_invalid_transition');
    const reserved = await bedIn('reserved');
    const e2 = await refusal(change(reserved.id, 'release'));
    expect(e2.code).toBe('admission.bed_invalid_transition');
  });

  it('refuses to occupy a dirty bed as unavailable', async () => {
    const b = await bedIn('dirty');
    const err = await refusal(change(b.id, 'occupy', '0190a0a0-0000-7000-8000-000000000003'));
    expect(err.code).toBe('admission.bed_unavailable');
  });

  it('refuses to reserve a bed out of service', async () => {
    const b = await freshBed();
    await ctx.platform.database.pool.query('update bed set is_active = false where id = $1', [
      b.id,
    ]);
    const err = await refusal(change(b.id, 'reserve', '0190a0a0-0000-7000-8000-000000000004'));
    expect(err.code).toBe('admission.bed_unavailable');
  });

  it('needs a reason to block', async () => {
    const b = await freshBed();
    const err = await refusal(change(b.id, 'block'));
    expect(err.code).toBe('validation.failed');
    expect((await bedNow(b.id)).state).toBe('available');
  });

  it('lets one of two concurrent cleaners through', async () => {
    const b = await bedIn('dirty');
    const { version } = await bedNow(b.id);
    const answers = await Promise.all([
      post(b.id, { action: 'start_cleaning' }, version),
      post(b.id, { action: 'start_cleaning' }, version),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412]);
    expect((await history(b.id)).filter((h) => h.action === 'start_cleaning')).toHaveLength(1);
  });
});
