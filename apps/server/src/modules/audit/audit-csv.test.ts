import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@meridian/contracts';
import { auditCsvHeader, auditEventsCsv, neutraliseFormula } from './audit-csv.js';

const base: AuditEvent = {
  id: '0190a0e0-0000-7000-8000-000000000001',
  seq: 7,
  occurredAt: '2026-01-15T09:00:00.000Z',
  actorUserId: null,
  actorEmail: null,
  action: 'test.csv',
  outcome: 'success',
  patientId: null,
  entityType: null,
  entityId: null,
  facilityId: null,
  requestId: null,
  ip: null,
  userAgent: null,
  details: {},
};

// Tricky: stream/consumers' text() drops a BOM while decoding; read the raw bytes.
async function read(stream: Readable): Promise<string> {
  return (await buffer(stream)).toString('utf8');
}

async function* from(events: AuditEvent[]) {
  for (const e of events) yield await Promise.resolve(e);
}

describe('CSV formula guard', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with an apostrophe', (v) => {
    expect(neutraliseFormula(v)).toBe(`'${v}`);
  });

  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('auth.login')).toBe('auth.login');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });
});

describe('audit CSV', () => {
  it('writes a BOM, the header row and CRLF records, nulls as empty cells', async () => {
    const csv = await read(auditEventsCsv(from([base])));
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(auditCsvHeader.join(','));
    expect(lines[1]).toBe('7,2026-01-15T09:00:00.000Z,,,test.csv,success,,,,,,,,{}');
  });

  it('quotes commas, quotes and newlines and neutralises formulas', async () => {
    const csv = await read(
      auditEventsCsv(
        from([{ ...base, entityId: 'a,"b"\nc', userAgent: '=HYPERLINK("x")', details: { n: 1 } }]),
      ),
    );
    expect(csv).toContain(',"a,""b""\nc",');
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain('"{""n"":1}"');
  });
});
