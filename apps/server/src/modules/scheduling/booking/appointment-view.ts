import type { Appointment, PatientSummary, Permission } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import type { Platform } from '../../../platform/platform.js';
import type { AppointmentRow } from '../scheduling.tables.js';
import * as repo from './appointment.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Appointments as the API shows them: with practitioner and type names, reserved resources
 * and the patient's summary (restricted records without a grant show id and MRN only, as
 * the access service's filterAccessible decides). Does not audit: callers record one read
 * event listing the patient ids shown. Two round trips of lookups (the labels with the
 * patients, then the access check), whatever the number of rows.
 */
export async function toAppointments(
  platform: Platform,
  tx: DbOrTx,
  principal: Principal | null,
  permission: Permission,
  rows: readonly AppointmentRow[],
): Promise<Appointment[]> {
  if (rows.length === 0) return [];
  const patientIds = [...new Set(rows.flatMap((r) => (r.patientId ? [r.patientId] : [])))];
  const { names, types, resources, patients } = await repo.appointmentLabels(tx, {
    practitionerIds: [...new Set(rows.map((r) => r.practitionerId))],
    typeIds: [...new Set(rows.map((r) => r.appointmentTypeId))],
    appointmentIds: rows.map((r) => r.id),
    patientIds,
  });
  // Restricted records without a grant show id and MRN only.
  const visible = patientIds.length
    ? await platform.access.filterAccessible(tx, principal, permission, patientIds)
    : new Set<string>();
  const summaryOf = (id: string | null) =>
    id === null ? null : (patients.get(id)?.summary(visible.has(id)) ?? null);
  return rows.map((r) => {
    const type = types.get(r.appointmentTypeId);
    return appointmentView(r, {
      patient: summaryOf(r.patientId),
      practitionerName: names.get(r.practitionerId) ?? '',
      typeName: type?.name ?? '',
      color: type?.color ?? '',
      resourceIds: resources.get(r.id) ?? [],
    });
  });
}

/** What an appointment's view adds to its row. */
export interface AppointmentLabelsOfOne {
  patient: PatientSummary | null;
  practitionerName: string;
  typeName: string;
  color: string;
  /** In resource id order. */
  resourceIds: string[];
}

/** One appointment as the API shows it, from its row and the labels in hand. */
export function appointmentView(r: AppointmentRow, labels: AppointmentLabelsOfOne): Appointment {
  return {
    id: r.id,
    patientId: r.patientId,
    patient: labels.patient,
    practitionerId: r.practitionerId,
    practitionerName: labels.practitionerName,
    facilityId: r.facilityId,
    departmentId: r.departmentId,
    appointmentTypeId: r.appointmentTypeId,
    appointmentTypeName: labels.typeName,
    color: labels.color,
    modality: r.modality,
    seriesId: r.seriesId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    status: r.status,
    reason: r.reason,
    note: r.note,
    resourceIds: labels.resourceIds,
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
}
