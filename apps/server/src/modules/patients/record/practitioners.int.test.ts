import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PractitionerList } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { createStaff, signedInStaff, type TestUser } from '../../../../test/factories.js';
import { apiCaller } from '../../../../test/http.js';

let ctx: TestContext;
let frontDesk: TestUser & { cookie: string };
const call = apiCaller(
  () => ctx,
  () => frontDesk.cookie,
);

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/practitioners', () => {
  it('lists the active physicians by display name, without disabled physicians or nurses', async () => {
    const tag = `${Date.now()}`;
    const zed = await createStaff(ctx.platform, {
      roles: ['physician'],
      displayName: `Zed Practitioner ${tag}`,
    });
    const ada = await createStaff(ctx.platform, {
      roles: ['physician', 'nurse'],
      displayName: `Ada Practitioner ${tag}`,
    });
    const disabled = await createStaff(ctx.platform, {
      roles: ['physician'],
      status: 'disabled',
      displayName: `Disabled Practitioner ${tag}`,
    });
    const nurse = await createStaff(ctx.platform, {
      roles: ['nurse'],
      displayName: `Nurse Practitioner ${tag}`,
    });

    const res = await call('GET', '/api/v1/practitioners');

    expect(res.statusCode).toBe(200);
    const { items } = res.json<PractitionerList>();
    const ours = items.filter((p) => p.displayName.endsWith(tag));
    expect(ours).toEqual([
      { id: ada.id, displayName: `Ada Practitioner ${tag}` },
      { id: zed.id, displayName: `Zed Practitioner ${tag}` },
    ]);
    const ids = items.map((p) => p.id);
    expect(ids).not.toContain(disabled.id);
    expect(ids).not.toContain(nurse.id);
    expect(ids).not.toContain(frontDesk.id);
  });

  it('refuses a portal user with 403', async () => {
    const portal = await signedInStaff(ctx.platform, { roles: ['patient'] });
    const res = await call('GET', '/api/v1/practitioners', { cookie: portal.cookie });
    expect(res.statusCode).toBe(403);
  });
});
