import type { HistoryEntry } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { patient } from '../patients.tables.js';
import { eq } from 'drizzle-orm';
import { diffSnapshots } from './diff.js';
import { listHistory, type HistoryCursor, type HistoryRow } from './history.repository.js';

// ---- Cursor: the last entry shown, opaque to clients, strictly checked on the way in ----

const cursorPattern =
  /^h:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeHistoryCursor(c: HistoryCursor): string {
  return Buffer.from(`h:${c.recordedAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeHistoryCursor(cursor: string): HistoryCursor {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node's base64url decoder skips characters it does not know: only a cursor that
  // re-encodes to itself is one we issued.
  const match =
    Buffer.from(text, 'utf8').toString('base64url') === cursor ? cursorPattern.exec(text) : null;
  const recordedAt = match?.[1] ? new Date(match[1]) : null;
  if (!match?.[2] || !recordedAt || Number.isNaN(recordedAt.getTime())) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { recordedAt, id: match[2] };
}

function toEntry(row: HistoryRow): HistoryEntry {
  return {
    entityType: row.entityType,
    entityId: row.entityId,
    version: row.version,
    action: row.action,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy,
    changes: diffSnapshots(row.previousSnapshot, row.snapshot),
  };
}

/**
 * A page of the patient's history, newest first, each entry with what it changed. An
 * audited read: the audit row commits before the page is handed back.
 */
export function getPatientHistory(
  platform: Platform,
  principal: Principal,
  id: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
  const { db, access, audit } = platform;
  const after = query.cursor === undefined ? null : decodeHistoryCursor(query.cursor);
  return db.transaction(async (tx) => {
    await access.requireAccess(tx, principal, 'patient.read', [id]);
    const [exists] = await tx.select({ id: patient.id }).from(patient).where(eq(patient.id, id));
    if (!exists) throw notFound('patient', id);
    // One extra row says whether another page follows.
    const rows = await listHistory(tx, id, { limit: query.limit + 1, after });
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    await audit.record(tx, {
      action: 'patient.history.read',
      patientId: id,
      entityType: 'patient',
      entityId: id,
      details: { entries: shown.length },
    });
    return {
      items: shown.map(toEntry),
      nextCursor:
        rows.length > query.limit && last
          ? encodeHistoryCursor({ recordedAt: last.recordedAt, id: last.id })
          : null,
    };
  });
}
