import type { z } from 'zod';
import type { Appointment, appointmentListQuery } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { toAppointments } from './appointment-view.js';
import * as repo from './appointment.repository.js';

export type AppointmentListQuery = z.output<typeof appointmentListQuery>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The keyset cursor: the last row's (starts_at, id). */
export function encodeAppointmentCursor(key: { startsAt: Date; id: string }): string {
  return Buffer.from(`ap1:${key.startsAt.getTime()}:${key.id}`, 'utf8').toString('base64url');
}

/** 400 naming query.cursor for anything this server did not issue. */
export function decodeAppointmentCursor(cursor: string): { startsAt: Date; id: string } {
  const [tag, msText = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const ms = Number(msText);
  if (
    tag !== 'ap1' ||
    !Number.isSafeInteger(ms) ||
    !uuidPattern.test(id) ||
    encodeAppointmentCursor({ startsAt: new Date(ms), id }) !== cursor
  ) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { startsAt: new Date(ms), id };
}

/**
 * GET /api/v1/appointments: those starting in [from, to) (a calendar's day or week),
 * filtered, in start order; one audit row naming the patients shown. The practitioner's
 * day view walks appointment_practitioner_starts; the lookups of the view are batched.
 */
export async function listAppointments(
  platform: Platform,
  principal: Principal | null,
  q: AppointmentListQuery,
): Promise<{ items: Appointment[]; nextCursor: string | null }> {
  const practitionerIds = [
    ...new Set([...(q.practitionerId ? [q.practitionerId] : []), ...(q.practitionerIds ?? [])]),
  ];
  const after = q.cursor ? decodeAppointmentCursor(q.cursor) : undefined;
  return platform.db.transaction(async (tx) => {
    const rows = await repo.listAppointments(tx, {
      ...(practitionerIds.length ? { practitionerIds } : {}),
      ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      ...(q.facilityId ? { facilityId: q.facilityId } : {}),
      ...(q.patientId ? { patientId: q.patientId } : {}),
      ...(q.status ? { statuses: q.status } : {}),
      ...(after ? { after } : {}),
      from: new Date(q.from),
      to: new Date(q.to),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items = await toAppointments(platform, tx, principal, 'appointment.read', page);
    const patientIds = [...new Set(page.flatMap((r) => (r.patientId ? [r.patientId] : [])))];
    // Committed with the transaction, before the answer leaves: reads fail closed.
    await platform.audit.record(tx, {
      action: 'appointment.list',
      entityType: 'appointment',
      ...(q.patientId ? { patientId: q.patientId } : {}),
      details: { patientIds, resultCount: items.length },
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeAppointmentCursor(last) : null,
    };
  });
}

/** GET /api/v1/appointments/:id, audited as a read of the patient's appointment. */
export async function getAppointment(
  platform: Platform,
  principal: Principal | null,
  id: string,
): Promise<Appointment> {
  return platform.db.transaction(async (tx) => {
    const row = await repo.findAppointment(tx, id);
    if (!row) throw notFound('appointment', id);
    const [answer] = await toAppointments(platform, tx, principal, 'appointment.read', [row]);
    if (!answer) throw notFound('appointment', id);
    await platform.audit.record(tx, {
      action: 'appointment.read',
      patientId: row.patientId,
      entityType: 'appointment',
      entityId: row.id,
    });
    return answer;
  });
}
