import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxImageBytes, type Coverage } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../../test/harness.js';
import { signedInStaff } from '../../../../test/factories.js';
import type { TestProblem } from '../../../../test/http.js';
import { createPatient } from '../../../../test/patient-factories.js';
import {
  coverageHistory,
  createPayerWithPlans,
  patientAuditRows,
} from '../../../../test/coverage-factories.js';

let ctx: TestContext;
let frontDesk: { id: string; cookie: string };
let billing: { id: string; cookie: string };
let patientId: string;
let cov: Coverage;

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR card front'),
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF back')]);
const webp = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x10, 0, 0, 0]),
  Buffer.from('WEBPVP8 back'),
]);

beforeAll(async () => {
  ctx = await createTestContext();
  frontDesk = await signedInStaff(ctx.platform, { roles: ['front_desk'] });
  billing = await signedInStaff(ctx.platform, { roles: ['billing'] });
  const payer = await createPayerWithPlans(ctx, billing.cookie, {
    name: 'Humana',
    payerId: '61101',
  });
  patientId = (await createPatient(ctx.platform)).id;
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/coverages`,
    headers: { cookie: frontDesk.cookie },
    payload: {
      payerId: payer.id,
      memberId: 'H1234',
      subscriberRelationship: 'self',
      effectiveFrom: '2025-01-01',
      priority: 'primary',
    },
  });
  cov = res.json<Coverage>();
});
afterAll(async () => {
  await ctx.close();
});

const cardUrl = (side: string, coverageId = cov.id) =>
  `/api/v1/patients/${patientId}/coverages/${coverageId}/card/${side}`;

function putCard(
  side: string,
  body: Buffer | string,
  o: { type?: string; ifMatch?: string; cookie?: string } = {},
) {
  return ctx.app.inject({
    method: 'PUT',
    url: cardUrl(side),
    headers: {
      cookie: o.cookie ?? frontDesk.cookie,
      ...(o.type ? { 'content-type': o.type } : {}),
      ...(o.ifMatch ? { 'if-match': o.ifMatch } : {}),
    },
    payload: body,
  });
}

function getCard(side: string, cookie = frontDesk.cookie) {
  return ctx.app.inject({ method: 'GET', url: cardUrl(side), headers: { cookie } });
}

describe('uploading a card image', () => {
  it('stores the front as the coverage’s next version, with history and audit', async () => {
    const res = await putCard('front', png, { type: 'image/png', ifMatch: '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ hasCardFront: true, hasCardBack: false, version: 2 });
    const history = await coverageHistory(ctx, cov.id);
    expect(history.map((h) => [h.version, h.action])).toEqual([
      [1, 'created'],
      [2, 'card_updated'],
    ]);
    const [audit] = await patientAuditRows(ctx, 'coverage.card_updated', patientId);
    expect(audit?.details).toEqual({
      coverageId: cov.id,
      side: 'front',
      contentType: 'image/png',
      bytes: png.length,
    });
  });

  it('asks for If-Match and refuses a stale version', async () => {
    expect((await putCard('back', jpeg, { type: 'image/jpeg' })).statusCode).toBe(428);
    const stale = await putCard('back', jpeg, { type: 'image/jpeg', ifMatch: '"1"' });
    expect(stale.statusCode).toBe(412);
  });

  it('takes JPEG and WebP too, replacing a side whole', async () => {
    const first = await putCard('back', jpeg, { type: 'image/jpeg', ifMatch: '"2"' });
    expect(first.statusCode).toBe(200);
    const replaced = await putCard('back', webp, { type: 'image/webp', ifMatch: '"3"' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ hasCardFront: true, hasCardBack: true, version: 4 });
    const back = await getCard('back');
    expect(back.headers['content-type']).toBe('image/webp');
    expect(back.rawPayload.equals(webp)).toBe(true);
  });

  it('refuses a body that is not an image type (415), JSON included', async () => {
    const text = await putCard('front', 'hello', { type: 'text/plain', ifMatch: '"4"' });
    expect(text.statusCode).toBe(415);
    expect(text.json<TestProblem>().code).toBe('request.unsupported_media_type');
    const json = await putCard('front', '{"a":1}', { type: 'application/json', ifMatch: '"4"' });
    expect(json.statusCode).toBe(415);
    const pdf = await putCard('front', '%PDF-1.7', { type: 'application/pdf', ifMatch: '"4"' });
    expect(pdf.statusCode).toBe(415);
  });

  it('refuses bytes that are not the image type they claim to be', async () => {
    const mismatch = await putCard('front', png, { type: 'image/jpeg', ifMatch: '"4"' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json<TestProblem>().errors).toEqual([
      expect.objectContaining({ path: 'body', rule: 'image_type_mismatch' }),
    ]);
    const script = await putCard('front', '<script>alert(1)</script>', {
      type: 'image/png',
      ifMatch: '"4"',
    });
    expect(script.statusCode).toBe(400);
    expect(script.json<TestProblem>().errors?.[0]).toMatchObject({ rule: 'invalid_image' });
    const empty = await putCard('front', Buffer.alloc(0), { type: 'image/png', ifMatch: '"4"' });
    expect(empty.statusCode).toBe(400);
  });

  it('refuses an image over the size limit with 413', async () => {
    const big = Buffer.concat([png, Buffer.alloc(maxImageBytes - png.length + 1)]);
    const res = await putCard('front', big, { type: 'image/png', ifMatch: '"4"' });
    expect(res.statusCode).toBe(413);
    expect(res.json<TestProblem>().code).toBe('request.body_too_large');
    const atLimit = Buffer.concat([png, Buffer.alloc(maxImageBytes - png.length)]);
    const ok = await putCard('front', atLimit, { type: 'image/png', ifMatch: '"4"' });
    expect(ok.statusCode).toBe(200);
  });

  it('leaves the stored images as they were after every refusal above', async () => {
    const { rows } = await ctx.platform.database.pool.query<{ side: string; n: number }>(
      'select side, length(bytes)::int as n from coverage_card where coverage_id = $1 order by side',
      [cov.id],
    );
    expect(rows).toEqual([
      { side: 'back', n: webp.length },
      { side: 'front', n: maxImageBytes },
    ]);
  });

  it('refuses an unknown side and a user who may not write patients', async () => {
    const side = await putCard('middle', png, { type: 'image/png', ifMatch: '"5"' });
    expect(side.statusCode).toBe(400);
    expect(side.json<TestProblem>().errors?.[0]).toMatchObject({ path: 'params.side' });
    const denied = await putCard('front', png, {
      type: 'image/png',
      ifMatch: '"5"',
      cookie: billing.cookie,
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe('reading a card image', () => {
  it('answers the bytes, kept out of caches, and audits the read with the patient', async () => {
    const res = await getCard('back', billing.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const audit = (await patientAuditRows(ctx, 'coverage.card_read', patientId)).at(-1);
    expect(audit).toMatchObject({
      actor_user_id: billing.id,
      entity_id: cov.id,
      details: { coverageId: cov.id, side: 'back' },
    });
  });

  it('answers 404 for a side never uploaded and for another patient’s coverage', async () => {
    const other = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/coverages`,
      headers: { cookie: frontDesk.cookie },
      payload: {
        payerId: cov.payer.id,
        memberId: 'H9',
        subscriberRelationship: 'self',
        effectiveFrom: '2025-01-01',
        priority: 'secondary',
      },
    });
    const bare = other.json<Coverage>();
    const none = await ctx.app.inject({
      method: 'GET',
      url: cardUrl('front', bare.id),
      headers: { cookie: frontDesk.cookie },
    });
    expect(none.statusCode).toBe(404);
    const stranger = (await createPatient(ctx.platform)).id;
    const elsewhere = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${stranger}/coverages/${cov.id}/card/front`,
      headers: { cookie: frontDesk.cookie },
    });
    expect(elsewhere.statusCode).toBe(404);
  });
});
