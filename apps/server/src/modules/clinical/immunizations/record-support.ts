// What the immunization and procedure use cases share: the patient and encounter checks,
// the date rule, opening a record for entered-in-error, and the audit row.
import { sql } from 'drizzle-orm';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding } from '../../patients/index.js';
import { decodeRecordCursor, encodeRecordCursor, type RecordKey } from './record-cursor.js';

export type Who = Principal | null;
export type RecordKind = 'immunization' | 'procedure';

/** The patient exists (the same 404 as a record the user may not reach). */
export async function requirePatient(
  tx: DbOrTx,
  patientId: string,
  o: { live?: boolean } = {},
): Promise<void> {
  const standing = await findPatientStanding(tx, patientId, { lock: o.live ?? false });
  if (!standing) throw notFound('patient', patientId);
  if (o.live && standing.status === 'merged') {
    throw new AppError('patient.merged', `patient ${patientId} was merged into another record`, {
      ...(standing.mergedIntoId ? { mergedIntoId: standing.mergedIntoId } : {}),
    });
  }
}

/** The encounter, when given, is this patient's. */
export async function checkEncounter(
  tx: DbOrTx,
  patientId: string,
  encounterId: string | null,
): Promise<void> {
  if (encounterId === null) return;
  const { rows } = await tx.execute<{ patient_id: string }>(
    sql`select patient_id from encounter where id = ${encounterId}`,
  );
  if (rows[0]?.patient_id !== patientId) {
    throw fieldError('encounterId', 'not_found', "is not one of this patient's encounters");
  }
}

/** Not after the latest calendar date anywhere on Earth now (UTC+14). */
export function checkDateNotFuture(now: Date, path: string, value: string): void {
  const today = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  if (value.slice(0, 10) > today)
    throw fieldError(path, 'not_in_future', 'must not be in the future');
}

/** The row's access, version and status checks before entered-in-error. */
export async function openForError<
  R extends { id: string; patientId: string; version: number; status: string },
>(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  kind: RecordKind,
  row: R | null,
  id: string,
  expectedVersion: number,
): Promise<R> {
  if (!row) throw notFound(kind, id);
  await platform.access.requireAccess(tx, principal, 'clinical.write', [row.patientId]);
  if (row.version !== expectedVersion) throw versionMismatch(kind, row.id, row.version);
  if (row.status === 'entered_in_error') {
    throw new AppError(
      'immunization.invalid_transition',
      `${kind} ${row.id} was already entered in error`,
      {
        errors: [
          {
            path: 'status',
            rule: 'not_from_entered_in_error',
            message: 'already entered in error',
          },
        ],
      },
    );
  }
  return row;
}

export async function auditRecord(
  platform: Platform,
  tx: DbOrTx,
  kind: RecordKind,
  row: { id: string; patientId: string; version: number },
  action: string,
  facts: Record<string, unknown> = {},
): Promise<void> {
  await platform.audit.record(tx, {
    action: `${kind}.${action}`,
    patientId: row.patientId,
    entityType: kind,
    entityId: row.id,
    details: { version: row.version, ...facts },
  });
}

/** How one kind of record is listed: its rows after a cursor key, their view, its key. */
export interface RecordListing<Row extends { id: string }, Item> {
  kind: RecordKind;
  tag: 'im1' | 'pr1';
  rows(
    tx: DbOrTx,
    o: { patientId: string; includeEnteredInError: boolean; after?: RecordKey; limit: number },
  ): Promise<Row[]>;
  view(tx: DbOrTx, rows: Row[]): Promise<Item[]>;
  keyOf(row: Row): RecordKey;
}

/**
 * A patient's records of one kind, newest first and cursor paginated (one row more than
 * the page tells whether another follows); the read is audited with the count only.
 */
export async function listRecords<Row extends { id: string }, Item>(
  platform: Platform,
  principal: Who,
  patientId: string,
  q: { limit: number; cursor?: string | undefined; includeEnteredInError: boolean },
  listing: RecordListing<Row, Item>,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeRecordCursor(listing.tag, q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    await requirePatient(tx, patientId);
    const rows = await listing.rows(tx, {
      patientId,
      includeEnteredInError: q.includeEnteredInError,
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items = await listing.view(tx, page);
    await platform.audit.record(tx, {
      action: `${listing.kind}.list`,
      patientId,
      entityType: listing.kind,
      details: { resultCount: items.length },
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > q.limit && last ? encodeRecordCursor(listing.tag, listing.keyOf(last)) : null,
    };
  });
}
