import { buffer } from 'node:stream/consumers';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditIntegrity, Problem } from '@meridian/contracts';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { signedInStaff } from '../../../test/factories.js';
import { auditEvent } from '../../platform/audit/audit.tables.js';
import { newId } from '../../platform/ids.js';
import { auditCsvHeader } from './audit-csv.js';
import { createAuditLogService } from './audit-log.service.js';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof signedInStaff>>;
const patientId = newId();

function exportCsv(query: string, cookie = admin.cookie) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/v1/audit-events/export${query}`,
    headers: { cookie },
  });
}

function checkIntegrity(cookie = admin.cookie) {
  return ctx.app.inject({
    method: 'GET',
    url: '/api/v1/audit-events/integrity',
    headers: { cookie },
  });
}

async function lastAudit(action: string) {
  const [row] = await ctx.platform.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.action, action), eq(auditEvent.actorUserId, admin.id)))
    .orderBy(desc(auditEvent.seq))
    .limit(1);
  return row;
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInStaff(ctx.platform, { roles: ['admin'] });
  const { audit, db } = ctx.platform;
  await audit.record(db, { action: 'zz_csv.plain', actorUserId: admin.id, patientId });
  await audit.record(db, {
    action: 'zz_csv.tricky',
    actorUserId: null,
    patientId,
    entityType: 'note',
    entityId: 'a,"b"\nc',
    details: { note: 'x' },
  });
  await audit.record(db, {
    action: 'zz_csv.formula',
    actorUserId: null,
    patientId,
    entityType: '@SUM(A1)',
    entityId: '=HYPERLINK("http://evil.example","click")',
  });
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/audit-events/export', () => {
  it('streams a dated CSV attachment with a header row and the matching rows', async () => {
    const res = await exportCsv(`?patientId=${patientId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="audit-events-2026-01-15.csv"',
    );
    expect(res.headers['x-export-row-count']).toBe('3');
    expect(res.headers['x-export-truncated']).toBe('false');
    expect(res.headers['x-export-row-cap']).toBe('100000');
    const body = res.rawPayload.toString('utf8');
    expect(body.startsWith('\ufeff')).toBe(true);
    const [header, first] = body.slice(1).split('\r\n');
    expect(header).toBe(auditCsvHeader.join(','));
    // Newest first, with the actor's e-mail joined in.
    expect(first).toMatch(/^\d+,[^,]+,,,zz_csv\.formula,success,/);
    expect(body).toContain(`,${admin.id},${admin.email},zz_csv.plain,success,${patientId},`);
  });

  it('quotes commas, quotes and newlines', async () => {
    const body = (await exportCsv('?action=zz_csv.tricky')).rawPayload.toString('utf8');
    expect(body).toContain(',note,"a,""b""\nc",');
    expect(body).toContain('"{""note"":""x""}"');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const body = (await exportCsv('?action=zz_csv.formula')).rawPayload.toString('utf8');
    expect(body).toContain(`,'@SUM(A1),"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(body).not.toMatch(/,=HYPERLINK|,"=HYPERLINK|,@SUM/);
  });

  it('records audit.exported with the filter names and the row count before sending', async () => {
    const res = await exportCsv(`?patientId=${patientId}&action=zz_csv.`);
    expect(res.statusCode).toBe(200);
    const row = await lastAudit('audit.exported');
    expect(row?.patientId).toBe(patientId);
    expect(row?.details).toEqual({
      filters: ['patientId', 'action'],
      rowCount: 3,
      isTruncated: false,
      rowCap: 100_000,
    });
  });

  it('answers an empty match with the header row alone', async () => {
    const res = await exportCsv('?action=zz_csv.none');
    expect(res.headers['x-export-row-count']).toBe('0');
    expect(res.rawPayload.toString('utf8')).toBe(`\ufeff${auditCsvHeader.join(',')}\r\n`);
  });

  it('refuses paging fields and unknown filters, and an end before the start', async () => {
    for (const [query, path] of [
      ['?limit=5', 'query.limit'],
      ['?cursor=abc', 'query.cursor'],
      ['?from=2026-01-15&to=2026-01-14', 'query.to'],
    ] as const) {
      const res = await exportCsv(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<Problem>().errors?.map((e) => e.path)).toContain(path);
    }
  });

  it('refuses a nurse with 403 and audits the denial', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const res = await exportCsv('', nurse.cookie);
    expect(res.statusCode).toBe(403);
    const rows = await ctx.platform.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'access.denied'), eq(auditEvent.actorUserId, nurse.id)));
    expect(rows[0]?.details).toMatchObject({ permission: 'audit.export' });
  });

  async function adminPrincipal() {
    const lookup = await ctx.platform.sessions.resolve(admin.cookie.split('=')[1] ?? '');
    if (!lookup.ok) throw new Error('admin session did not resolve');
    return lookup.principal;
  }

  it('reads in batches without losing or repeating rows at batch edges', async () => {
    const service = createAuditLogService(ctx.platform, { exportBatchSize: 2 });
    const actorUserId = newId();
    for (let i = 1; i <= 5; i += 1) {
      await ctx.platform.audit.record(ctx.platform.db, {
        action: 'zz_csv.batch',
        actorUserId,
        entityId: `row-${i}`,
      });
    }
    const out = await service.exportEvents(await adminPrincipal(), { actorUserId });
    const body = (await buffer(out.csv)).toString('utf8');
    expect(out.rowCount).toBe(5);
    expect([...body.matchAll(/row-(\d)/g)].map((m) => m[1])).toEqual(['5', '4', '3', '2', '1']);
  });

  it('stops at the cap, keeps the newest rows and says it truncated', async () => {
    const service = createAuditLogService(ctx.platform, { exportRowCap: 2 });
    const out = await service.exportEvents(await adminPrincipal(), {
      patientId,
      action: 'zz_csv.',
    });
    expect(out).toMatchObject({ rowCount: 2, isTruncated: true });
    const lines = (await buffer(out.csv)).toString('utf8').split('\r\n');
    // Records end in CRLF; the quoted newline inside the tricky row is a bare LF.
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('zz_csv.formula');
    expect(lines[2]).toContain('zz_csv.tricky');
    expect(lines[3]).toBe('');
    expect((await lastAudit('audit.exported'))?.details).toMatchObject({
      rowCount: 2,
      isTruncated: true,
    });
  });
});

describe('GET /api/v1/audit-events/integrity', () => {
  it('reports an intact chain and records that it was checked', async () => {
    const res = await checkIntegrity();
    expect(res.statusCode).toBe(200);
    const report = res.json<AuditIntegrity>();
    expect(report).toMatchObject({
      status: 'intact',
      firstBrokenSeq: null,
      reason: null,
      checkedAt: '2026-01-15T09:00:00.000Z',
    });
    expect(report.checkedEvents).toBeGreaterThanOrEqual(3);
    expect((await lastAudit('audit.integrity_checked'))?.details).toMatchObject({
      status: 'intact',
      checkedEvents: report.checkedEvents,
    });
  });

  it('refuses a nurse with 403', async () => {
    const nurse = await signedInStaff(ctx.platform, { roles: ['nurse'] });
    const res = await checkIntegrity(nurse.cookie);
    expect(res.statusCode).toBe(403);
  });

  // Last: it breaks this database's chain for good.
  it('reports the first altered event after a row is changed behind the triggers', async () => {
    const client = await ctx.platform.database.pool.connect();
    let alteredSeq: number | undefined;
    try {
      await client.query('alter table audit_event disable trigger audit_event_no_update');
      const { rows } = await client.query<{ seq: number }>(
        `update audit_event set entity_id = 'rewritten' where action = 'zz_csv.tricky' returning seq`,
      );
      alteredSeq = rows[0]?.seq;
    } finally {
      await client.query('alter table audit_event enable trigger audit_event_no_update');
      client.release();
    }
    const res = await checkIntegrity();
    expect(res.statusCode).toBe(200);
    const report = res.json<AuditIntegrity>();
    expect(report.status).toBe('broken');
    expect(report.firstBrokenSeq).toBe(alteredSeq);
    expect(report.checkedEvents).toBe((alteredSeq ?? 0) - 1);
    expect(report.reason).toMatch(/altered/);
  });
});
