import { eq } from 'drizzle-orm';
import { allowedBedActions, nextBedState, type BedAction } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { rowOf, runNamed } from '../../../platform/named-statement.js';
import { bed, type BedRow } from '../admissions.tables.js';

export interface BedChange {
  bedId: string;
  action: BedAction;
  at: Date;
  actorUserId: string | null;
  /** reserve and occupy: the stay taking the bed. release and vacate: the stay leaving it. */
  stayId?: string | null;
  /** block: why (required) and when the bed should be back. */
  reason?: string | null;
  blockedUntil?: Date | null;
  /** If-Match from staff acting on the bed directly. */
  expectedVersion?: number;
  /**
   * Undoing a discharge (a correction): `occupy` may also take back a bed that is dirty or
   * being cleaned, since the patient never really left it. The caller has checked that
   * nobody lay in it since.
   */
  isUndoOfVacate?: boolean;
}

const spoken = (action: BedAction) => action.replaceAll('_', ' ');

function refused(row: BedRow, action: BedAction): AppError {
  const taken = row.state === 'occupied' || row.state === 'reserved' || row.state === 'dirty';
  const allowed = allowedBedActions(row.state).map(spoken).join(', ');
  return new AppError(
    taken && (action === 'occupy' || action === 'reserve')
      ? 'admission.bed_unavailable'
      : 'admission.bed_invalid_transition',
    `bed ${row.code} is ${row.state}: it cannot ${spoken(action)} (from ${row.state} it can: ${allowed})`,
    { bedId: row.id, state: row.state, action },
  );
}

// The bed's new state and its history row in one statement; no row when the bed left the
// state it was read in (the caller holds its lock, so only within this transaction).
const changeSql = `
with changed as (
  update bed set state = $3, state_since = $4, stay_id = $5, blocked_reason = $6,
                 blocked_until = $7, version = version + 1, updated_at = $4
   where id = $1 and state = $2
  returning *
), history as (
  insert into bed_state_change (id, bed_id, ward_id, facility_id, action, from_state, to_state,
                                occurred_at, stay_id, reason, actor_user_id)
  select $8, c.id, c.ward_id, c.facility_id, $9, $2, $3, $4, $10, $11, $12 from changed c
)
select * from changed`;

/**
 * The one way a bed changes state (the machine is contracts' nextBedState). Locks the bed
 * (unless the caller hands over the row it locked), refuses what the machine forbids, checks
 * who holds it, writes the change and its history row in `tx`. Occupying a reserved bed is
 * allowed only for the stay it is reserved for; releasing or vacating only by the stay that
 * holds it.
 */
export async function changeBedState(
  tx: DbOrTx,
  change: BedChange,
  /** The bed as the caller already read it FOR UPDATE in `tx` (saves reading it again). */
  locked?: BedRow,
): Promise<BedRow> {
  const row =
    locked?.id === change.bedId
      ? locked
      : (await tx.select().from(bed).where(eq(bed.id, change.bedId)).for('update'))[0];
  if (!row) throw notFound('bed', change.bedId);
  if (change.expectedVersion !== undefined && change.expectedVersion !== row.version) {
    throw new AppError('resource.version_mismatch', `bed ${row.id} has changed`, {
      currentVersion: row.version,
    });
  }
  const to =
    change.isUndoOfVacate &&
    change.action === 'occupy' &&
    (row.state === 'dirty' || row.state === 'cleaning')
      ? 'occupied'
      : nextBedState(row.state, change.action);
  if (!to) throw refused(row, change.action);
  if (!row.isActive && (to === 'reserved' || to === 'occupied')) {
    throw new AppError('admission.bed_unavailable', `bed ${row.code} is out of service`, {
      bedId: row.id,
    });
  }
  const stayId = change.stayId ?? null;
  const holderMustBe = change.action === 'release' || change.action === 'vacate';
  if (holderMustBe && row.stayId !== stayId) throw refused(row, change.action);
  if (change.action === 'occupy' && row.state === 'reserved' && row.stayId !== stayId) {
    throw new AppError(
      'admission.bed_unavailable',
      `bed ${row.code} is reserved for another patient`,
      {
        bedId: row.id,
        state: row.state,
      },
    );
  }
  if (change.action === 'block' && !change.reason) {
    throw new AppError('validation.failed', 'blocking a bed needs a reason', {
      errors: [{ path: 'reason', rule: 'required', message: 'give the reason the bed is blocked' }],
    });
  }
  const holds = to === 'reserved' || to === 'occupied';
  if (holds && !stayId) throw new Error(`${change.action} needs the stay taking the bed`);
  const [raw] = await runNamed(tx, 'admissions_change_bed_state', changeSql, [
    row.id,
    row.state,
    to,
    change.at,
    holds ? stayId : null,
    to === 'blocked' ? (change.reason ?? null) : null,
    to === 'blocked' ? (change.blockedUntil ?? null) : null,
    newId(),
    change.action,
    stayId ?? row.stayId,
    change.reason ?? null,
    change.actorUserId,
  ]);
  if (!raw) throw refused(row, change.action);
  return rowOf(bed, raw);
}
