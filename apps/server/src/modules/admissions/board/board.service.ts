import type { z } from 'zod';
import type {
  BedBoard,
  BoardBed,
  BoardOccupant,
  BoardWard,
  boardQuery,
  housekeepingList,
} from '@meridian/contracts';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { Principal } from '../../../platform/auth/principal.js';
import type { Platform } from '../../../platform/platform.js';
import { findBoardRows, findHousekeepingRows, type BoardRow } from './board.repository.js';

export type BoardQueryInput = z.output<typeof boardQuery>;
export type HousekeepingList = z.infer<typeof housekeepingList>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Refuses a facility outside the user's facilities (principal.facilityIds: the active
 * facilities they may work in), audited as a denial and committed on its own.
 */
export async function requireFacility(
  platform: Platform,
  principal: Principal | null,
  facilityId: string,
  what: string,
): Promise<void> {
  try {
    requireFacilityScope(principal, facilityId);
  } catch (refusal) {
    // A look at another facility's beds is audited as a denial (the board shows patients).
    await platform.audit.record(platform.db, {
      action: 'access.denied',
      outcome: 'denied',
      facilityId,
      details: { reason: 'facility_scope', facilityId, what },
    });
    throw refusal;
  }
}

function toOccupant(r: BoardRow, isVisible: boolean): BoardOccupant | null {
  if (!r.stay_id || !r.stay_status || !r.level_of_care) return null;
  return {
    stayId: r.stay_id,
    patientId: r.patient_id,
    restricted: !isVisible,
    mrn: isVisible ? r.mrn : null,
    displayName: isVisible && r.family_name ? `${r.family_name}, ${r.given_name ?? ''}` : null,
    ageYears: isVisible ? r.age_years : null,
    sexAtBirth: isVisible ? r.sex_at_birth : null,
    attendingName: r.attending_name,
    admittedAt: iso(r.admitted_at),
    dayOfStay: r.admitted_at ? r.day_of_stay : null,
    levelOfCare: r.level_of_care,
    isolation: r.isolation ?? [],
    status: r.stay_status,
    dischargeExpectedAt: iso(r.discharge_expected_at),
    leaveExpectedReturnAt: iso(r.leave_expected_return_at),
    expectedAt: iso(r.expected_at),
    news2:
      r.news2_at && r.news2_alert !== null
        ? {
            total: r.news2_total,
            band: r.news2_band,
            isAlert: r.news2_alert,
            at: r.news2_at.toISOString(),
          }
        : null,
  };
}

function toBed(r: BoardRow & { bed_id: string }, visible: ReadonlySet<string>): BoardBed {
  return {
    id: r.bed_id,
    wardId: r.ward_id,
    roomId: r.room_id,
    code: r.bed_code,
    isolationCapable: r.isolation_capable,
    telemetry: r.telemetry,
    bariatric: r.bariatric,
    isActive: r.is_active,
    state: r.state,
    stateSince: r.state_since.toISOString(),
    blockedReason: r.blocked_reason,
    blockedUntil: iso(r.blocked_until),
    version: r.version,
    roomCode: r.room_code,
    roomSexRestriction: r.room_sex_restriction,
    occupant: toOccupant(r, r.patient_id !== null && visible.has(r.patient_id)),
  };
}

/**
 * GET /api/v1/bed-board: the facility's active wards and beds with their holders, in one
 * statement. Restricted patients the user has not broken the glass for show without name,
 * MRN, age or sex. One audit row per view names every patient on it, committed before the
 * board is returned (reads fail closed).
 */
export async function viewBoard(
  platform: Platform,
  principal: Principal | null,
  q: BoardQueryInput,
): Promise<BedBoard> {
  await requireFacility(platform, principal, q.facilityId, 'bed_board');
  const now = platform.clock.now();
  const rows = await findBoardRows(platform.database.pool, {
    facilityId: q.facilityId,
    now,
    wardIds: q.wardId,
    states: q.state,
    attributes: q.attribute,
  });
  const patientIds = [...new Set(rows.flatMap((r) => (r.patient_id ? [r.patient_id] : [])))];
  const visible = await platform.db.transaction(async (tx) => {
    const shown = await platform.access.filterAccessible(
      tx,
      principal,
      'admission.read',
      patientIds,
    );
    await platform.audit.record(tx, {
      action: 'bed_board.viewed',
      entityType: 'facility',
      entityId: q.facilityId,
      facilityId: q.facilityId,
      details: {
        patientIds,
        bedCount: rows.filter((r) => r.bed_id).length,
        occupantCount: patientIds.length,
        restrictedCount: patientIds.length - shown.size,
      },
    });
    return shown;
  });
  const wards: BoardWard[] = [];
  for (const r of rows) {
    let w = wards.at(-1);
    if (w?.id !== r.ward_id) {
      w = { id: r.ward_id, code: r.ward_code, name: r.ward_name, kind: r.ward_kind, beds: [] };
      wards.push(w);
    }
    if (r.bed_id !== null) w.beds.push(toBed({ ...r, bed_id: r.bed_id }, visible));
  }
  return { facilityId: q.facilityId, generatedAt: now.toISOString(), wards };
}

/**
 * GET /api/v1/bed-board/housekeeping: dirty beds, then beds being cleaned, longest waiting
 * first, with the precautions of the patient who left. No patient identity at all.
 */
export async function listHousekeeping(
  platform: Platform,
  principal: Principal | null,
  facilityId: string,
): Promise<HousekeepingList> {
  await requireFacility(platform, principal, facilityId, 'housekeeping');
  const nowMs = platform.clock.now().getTime();
  const rows = await findHousekeepingRows(platform.database.pool, facilityId);
  return {
    items: rows.map((r) => ({
      bedId: r.bed_id,
      wardId: r.ward_id,
      wardName: r.ward_name,
      roomCode: r.room_code,
      bedCode: r.bed_code,
      state: r.state,
      since: r.state_since.toISOString(),
      waitingMinutes: Math.max(0, Math.floor((nowMs - r.state_since.getTime()) / 60_000)),
      isolationCapable: r.isolation_capable,
      lastIsolation: r.last_isolation ?? [],
      version: r.version,
    })),
  };
}
