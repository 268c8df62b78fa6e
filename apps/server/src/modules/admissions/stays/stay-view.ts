import type { Stay, StayDetail, StayMovement } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import {
  formatStayNumber,
  type BedRow,
  type StayMovementRow,
  type StayRow,
} from '../admissions.tables.js';
import * as repo from './stay.repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The API's stay: the row plus the bed it holds now (reserved, occupied or held on leave). */
export function toStay(row: StayRow, held: BedRow | null): Stay {
  return {
    id: row.id,
    stayNumber: formatStayNumber(row.stayNumber),
    patientId: row.patientId,
    facilityId: row.facilityId,
    status: row.status,
    source: row.source,
    sourceDetail: row.sourceDetail,
    admittingPractitionerId: row.admittingPractitionerId,
    attendingPractitionerId: row.attendingPractitionerId,
    reason: row.reason,
    admittingDiagnosis: row.admittingDiagnosis,
    levelOfCare: row.levelOfCare,
    expectedLengthOfStayDays: row.expectedLosDays,
    isolation: row.isolation,
    bedId: held?.id ?? null,
    wardId: held?.wardId ?? null,
    expectedAt: iso(row.expectedAt),
    admittedAt: iso(row.admittedAt),
    dischargeExpectedAt: iso(row.dischargeExpectedAt),
    dischargedAt: iso(row.dischargedAt),
    disposition: row.disposition,
    dischargeDestination: row.dischargeDestination,
    dischargeSummary: row.dischargeSummary,
    leaveExpectedReturnAt: iso(row.leaveExpectedReturnAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    version: row.version,
  };
}

export function toMovement(row: StayMovementRow): StayMovement {
  return {
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurredAt.toISOString(),
    fromBedId: row.fromBedId,
    toBedId: row.toBedId,
    fromWardId: row.fromWardId,
    toWardId: row.toWardId,
    fromLevelOfCare: row.fromLevelOfCare,
    toLevelOfCare: row.toLevelOfCare,
    reason: row.reason,
    actorUserId: row.actorUserId,
  };
}

/** The stay as answered after a change, read in the change's transaction. */
export async function viewStay(tx: DbOrTx, row: StayRow): Promise<Stay> {
  return toStay(row, await repo.findHeldBed(tx, row.id));
}

export async function viewStays(tx: DbOrTx, rows: readonly StayRow[]): Promise<Stay[]> {
  const held = await repo.findHeldBeds(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toStay(r, held.get(r.id) ?? null));
}

export async function viewStayDetail(tx: DbOrTx, row: StayRow): Promise<StayDetail> {
  const stay = await viewStay(tx, row);
  const movements = await repo.listMovements(tx, row.id);
  return { ...stay, movements: movements.map(toMovement) };
}
