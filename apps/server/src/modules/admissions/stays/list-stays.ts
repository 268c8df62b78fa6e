import type { z } from 'zod';
import type { Stay, StayDetail, stayQuery } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { viewStayDetail, viewStays } from './stay-view.js';
import * as repo from './stay.repository.js';

export type StayQuery = z.output<typeof stayQuery>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset cursor: the last row's (created_at, id). */
export function encodeStayCursor(key: { createdAt: Date; id: string }): string {
  return Buffer.from(`st1:${key.createdAt.getTime()}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeStayCursor(cursor: string): { createdAt: Date; id: string } {
  const [tag, msText = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ms = Number(msText);
  if (
    tag !== 'st1' ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeStayCursor({ createdAt: new Date(ms), id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { createdAt: new Date(ms), id };
}

/**
 * GET /api/v1/admissions: newest first. One patient's stays need access to that patient
 * (denials audited, like opening the record); other lists leave out the stays of patients
 * the reader may not open (restricted records without break-the-glass), since a stay's
 * reason and diagnosis are clinical. One audit row names the patients shown.
 */
export async function listStays(
  platform: Platform,
  principal: Principal | null,
  q: StayQuery,
): Promise<{ items: Stay[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeStayCursor(q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    if (q.patientId) {
      await platform.access.requireAccess(tx, principal, 'admission.read', [q.patientId]);
    }
    const rows = await repo.listStays(tx, {
      ...(q.patientId ? { patientId: q.patientId } : {}),
      ...(q.facilityId ? { facilityId: q.facilityId } : {}),
      ...(q.wardId ? { wardId: q.wardId } : {}),
      ...(q.status ? { statuses: q.status } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const visible = await platform.access.filterAccessible(
      tx,
      principal,
      'admission.read',
      page.map((r) => r.patientId),
    );
    const shown = page.filter((r) => visible.has(r.patientId));
    const items = await viewStays(tx, shown);
    // Committed with the transaction, before the answer leaves: reads fail closed.
    await platform.audit.record(tx, {
      action: 'admission.list',
      entityType: 'inpatient_stay',
      ...(q.patientId ? { patientId: q.patientId } : {}),
      details: {
        patientIds: [...new Set(shown.map((r) => r.patientId))],
        resultCount: items.length,
      },
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > q.limit && last ? encodeStayCursor(last) : null };
  });
}

/** GET /api/v1/admissions/:id: the stay with its movements, audited as a read. */
export async function getStay(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<StayDetail> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findStay(tx, id);
    if (!row) throw notFound('stay', id);
    await platform.access.requireAccess(tx, principal, 'admission.read', [row.patientId]);
    const answer = await viewStayDetail(tx, row);
    await platform.audit.record(tx, {
      action: 'admission.read',
      patientId: row.patientId,
      entityType: 'inpatient_stay',
      entityId: row.id,
      facilityId: row.facilityId,
    });
    return answer;
  });
}
