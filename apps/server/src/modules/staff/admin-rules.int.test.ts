import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { signedInStaff } from '../../../test/factories.js';
import { createStaffService } from './index.js';

/**
 * The last-admin rule, in a database of its own so the tests control how many active
 * administrators exist.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

type Problem = { code: string };

const query = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  ctx.platform.database.pool.query<T>(text, values).then((r) => r.rows);

async function activeAdminIds(): Promise<string[]> {
  const rows = await query<{ id: string }>(
    `select u.id from user_account u join user_role r on r.user_id = u.id and r.role = 'admin'
      where u.status = 'active' order by u.id`,
  );
  return rows.map((r) => r.id);
}

/** Waits until `n` backends of this database are blocked on a lock. */
async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${n} requests ever waited on a lock`);
}

describe('the last active administrator', () => {
  it('cannot be disabled or demoted outside a request either (CLI, jobs)', async () => {
    const only = await signedInStaff(ctx.platform, { roles: ['admin'] });
    expect(await activeAdminIds()).toEqual([only.id]);
    const staff = createStaffService(ctx.platform);
    await expect(staff.updateUser(null, only.id, 1, { status: 'disabled' })).rejects.toMatchObject({
      code: 'user.last_admin',
    });
    await expect(staff.updateUser(null, only.id, 1, { roles: ['nurse'] })).rejects.toMatchObject({
      code: 'user.last_admin',
    });
    expect(await activeAdminIds()).toEqual([only.id]);

    // A disabled admin does not count: demoting the active one is still refused.
    await signedInStaff(ctx.platform, { roles: ['admin'], status: 'disabled' });
    await expect(staff.updateUser(null, only.id, 1, { status: 'disabled' })).rejects.toMatchObject({
      code: 'user.last_admin',
    });
    await query('update user_account set status = $1 where id <> $2', ['disabled', only.id]);
  });

  it('lets one of two admins step down: exactly one of two crosswise demotions succeeds', async () => {
    await query("update user_account set status = 'disabled'");
    const a = await signedInStaff(ctx.platform, { roles: ['admin', 'physician'] });
    const b = await signedInStaff(ctx.platform, { roles: ['admin', 'nurse'] });
    expect(await activeAdminIds()).toEqual([a.id, b.id].sort());

    // Hold the admin rows so both requests get past their first read and queue on the
    // locks; releasing them lets the two race for real.
    const blocker = await ctx.platform.database.pool.connect();
    let results: { statusCode: number; json: () => unknown }[];
    try {
      await blocker.query('begin');
      await blocker.query('select id from user_account where id = any($1) for update', [
        [a.id, b.id],
      ]);
      const aDemotesB = ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${b.id}`,
        headers: { cookie: a.cookie, 'if-match': '"1"' },
        payload: { roles: ['nurse'] },
      });
      const bDemotesA = ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${a.id}`,
        headers: { cookie: b.cookie, 'if-match': '"1"' },
        payload: { roles: ['physician'] },
      });
      await waitForLockWaiters(2);
      await blocker.query('commit');
      results = await Promise.all([aDemotesB, bDemotesA]);
    } finally {
      blocker.release();
    }

    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const refused = results.find((r) => r.statusCode === 409)!;
    expect((refused.json() as Problem).code).toBe('user.last_admin');
    expect(await activeAdminIds()).toHaveLength(1);
  });

  it('lets one of two admins be disabled: exactly one of two crosswise disables succeeds', async () => {
    await query("update user_account set status = 'disabled'");
    const a = await signedInStaff(ctx.platform, { roles: ['admin'] });
    const b = await signedInStaff(ctx.platform, { roles: ['admin'] });
    const blocker = await ctx.platform.database.pool.connect();
    let results: { statusCode: number }[];
    try {
      await blocker.query('begin');
      await blocker.query('select id from user_account where id = any($1) for update', [
        [a.id, b.id],
      ]);
      const pending = [
        ctx.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${b.id}`,
          headers: { cookie: a.cookie, 'if-match': '1' },
          payload: { status: 'disabled' },
        }),
        ctx.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${a.id}`,
          headers: { cookie: b.cookie, 'if-match': '1' },
          payload: { status: 'disabled' },
        }),
      ];
      await waitForLockWaiters(2);
      await blocker.query('commit');
      results = await Promise.all(pending);
    } finally {
      blocker.release();
    }
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await activeAdminIds()).toHaveLength(1);
  });
});
