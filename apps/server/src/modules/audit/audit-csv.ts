import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AuditEvent } from '@meridian/contracts';

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab/CR, which some strip first) as
 * a formula; an audit export must never carry one, since a user agent, an e-mail address or
 * an entity id is attacker-typed text. A leading apostrophe makes the cell plain text
 * (OWASP "CSV Injection").
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const columns: { key: keyof AuditEvent; header: string }[] = [
  { key: 'seq', header: 'seq' },
  { key: 'occurredAt', header: 'occurred_at' },
  { key: 'actorUserId', header: 'actor_user_id' },
  { key: 'actorEmail', header: 'actor_email' },
  { key: 'action', header: 'action' },
  { key: 'outcome', header: 'outcome' },
  { key: 'patientId', header: 'patient_id' },
  { key: 'entityType', header: 'entity_type' },
  { key: 'entityId', header: 'entity_id' },
  { key: 'facilityId', header: 'facility_id' },
  { key: 'requestId', header: 'request_id' },
  { key: 'ip', header: 'ip' },
  { key: 'userAgent', header: 'user_agent' },
  { key: 'details', header: 'details' },
];

export const auditCsvHeader = columns.map((c) => c.header);

function toRecord(event: AuditEvent): Record<string, string | number | null> {
  return { ...event, details: JSON.stringify(event.details) };
}

/**
 * The events as RFC 4180 CSV (CRLF, quoted where needed) with a header row and a UTF-8
 * byte order mark, so spreadsheet programs read non-ASCII text correctly. Pulls from
 * `events` only as fast as the reader takes the output.
 */
export function auditEventsCsv(events: AsyncIterable<AuditEvent>): Readable {
  const stringifier = stringify({
    header: true,
    bom: true,
    record_delimiter: 'windows',
    columns,
    cast: { string: neutraliseFormula },
  });
  async function* records() {
    for await (const event of events) yield toRecord(event);
  }
  // Errors destroy both streams; the reply then ends early rather than looking complete.
  pipeline(Readable.from(records()), stringifier, () => undefined);
  return stringifier;
}
