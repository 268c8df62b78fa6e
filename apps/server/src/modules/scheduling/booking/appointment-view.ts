import type { Appointment, Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import { patientSummaries } from '../../patients/index.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import * as repo from './appointment.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Appointments as the API shows them: with practitioner and type names, reserved resources
 * and the patient's summary (restricted records without a grant show id and MRN only, via
 * the patients module's patientSummaries). Does not audit: callers record one read event
 * listing the patient ids shown. Two round trips of lookups, whatever the number of rows.
 */
export async function toAppointments(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  permission: Permission,
  rows: readonly AppointmentRow[],
): Promise<Appointment[]> {
  if (rows.length === 0) return [];
  const patientIds = rows.flatMap((r) => (r.patientId ? [r.patientId] : []));
  const { names, types, resources } = await repo.appointmentLabels(tx, {
    practitionerIds: [...new Set(rows.map((r) => r.practitionerId))],
    typeIds: [...new Set(rows.map((r) => r.appointmentTypeId))],
    appointmentIds: rows.map((r) => r.id),
  });
  const patients = await patientSummaries(platform, tx, principal, permission, patientIds);
  return rows.map((r) => {
    const type = types.get(r.appointmentTypeId);
    return {
      id: r.id,
      patientId: r.patientId,
      patient: r.patientId ? (patients.get(r.patientId) ?? null) : null,
      practitionerId: r.practitionerId,
      practitionerName: names.get(r.practitionerId) ?? '',
      facilityId: r.facilityId,
      departmentId: r.departmentId,
      appointmentTypeId: r.appointmentTypeId,
      appointmentTypeName: type?.name ?? '',
      color: type?.color ?? '',
      modality: r.modality,
      seriesId: r.seriesId,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      status: r.status,
      reason: r.reason,
      note: r.note,
      resourceIds: resources.get(r.id) ?? [],
      isOverbooked: r.isOverbooked,
      overbookReason: r.overbookReason,
      bookedAt: r.bookedAt.toISOString(),
      confirmedAt: iso(r.confirmedAt),
      arrivedAt: iso(r.arrivedAt),
      inRoomAt: iso(r.inRoomAt),
      completedAt: iso(r.completedAt),
      cancelledAt: iso(r.cancelledAt),
      noShowAt: iso(r.noShowAt),
      cancelReason: r.cancelReason,
      version: r.version,
    };
  });
}
