import type { z } from 'zod';
import type {
  PatientSummary,
  WaitlistEntry,
  waitlistEntryInput,
  waitlistQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { findPatientStanding, patientSummaries } from '../../patients/index.js';
import { holdDeclinedReason, releaseHold } from './release-hold.js';
import { decodeWaitlistCursor, encodeWaitlistCursor } from './waitlist-cursor.js';
import * as repo from './waitlist.repository.js';
import { localDateOf } from './waitlist-rules.js';

export type WaitlistEntryInput = z.output<typeof waitlistEntryInput>;
export type WaitlistQuery = z.output<typeof waitlistQuery>;

/** The waitlist as staff keep it: entries added, listed in arrival order, and cancelled. */
export interface WaitlistService {
  addEntry(principal: Principal | null, input: WaitlistEntryInput): Promise<WaitlistEntry>;
  listEntries(
    principal: Principal | null,
    query: WaitlistQuery,
  ): Promise<{ items: WaitlistEntry[]; nextCursor: string | null }>;
  cancelEntry(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
  ): Promise<WaitlistEntry>;
}

function fieldError(path: string, rule: string, message: string): AppError {
  return new AppError('validation.failed', `${path} ${message}`, {
    errors: [{ path, rule, message }],
  });
}

function toEntry(r: repo.WaitlistEntryRecord, patient: PatientSummary | null): WaitlistEntry {
  const e = r.entry;
  return {
    id: e.id,
    patientId: e.patientId,
    patient,
    facilityId: e.facilityId,
    appointmentTypeId: e.appointmentTypeId,
    practitionerId: e.practitionerId,
    specialty: e.specialty,
    earliestDate: e.earliestDate,
    latestDate: e.latestDate,
    currentAppointmentId: e.currentAppointmentId,
    status: e.status,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
    version: e.version,
    appointmentTypeName: r.appointmentTypeName,
    practitionerName: r.practitionerName,
    offerExpiresAt: r.offerExpiresAt?.toISOString() ?? null,
    bookedAppointmentId: e.bookedAppointmentId,
  };
}

export function createWaitlistService(platform: Platform): WaitlistService {
  const { db, audit, clock, access } = platform;

  async function answer(
    tx: DbOrTx,
    principal: Principal | null,
    entry: repo.WaitlistEntryRow,
  ): Promise<WaitlistEntry> {
    const [record] = await repo.listEntryRecords(tx, {
      facilityId: entry.facilityId,
      statuses: [entry.status],
      ids: [entry.id],
    });
    if (!record) throw new Error(`waitlist entry ${entry.id} vanished`);
    const summaries = await patientSummaries(platform, tx, principal, 'appointment.book', [
      entry.patientId,
    ]);
    return toEntry(record, summaries.get(entry.patientId) ?? null);
  }

  /** The references an entry names: they must exist, be active and belong together. */
  async function checkReferences(tx: DbOrTx, input: WaitlistEntryInput): Promise<void> {
    const refs = await repo.findEntryReferences(tx, {
      facilityId: input.facilityId,
      appointmentTypeId: input.appointmentTypeId,
      practitionerId: input.practitionerId ?? null,
    });
    if (refs.facilityTimeZone === null) {
      throw fieldError('facilityId', 'exists', 'names no facility');
    }
    if (refs.typeActive === null) {
      throw fieldError('appointmentTypeId', 'exists', 'names no appointment type');
    }
    if (!refs.typeActive) throw fieldError('appointmentTypeId', 'active', 'is inactive');
    if (input.practitionerId !== undefined && refs.practitionerActive !== true) {
      throw fieldError('practitionerId', 'active', 'names no active practitioner');
    }
    const today = localDateOf(clock.now(), refs.facilityTimeZone);
    if (input.latestDate < today) throw fieldError('latestDate', 'future', 'is in the past');
    if (input.currentAppointmentId !== undefined) {
      const current = await repo.findAppointment(tx, input.currentAppointmentId);
      if (
        !current ||
        current.patientId !== input.patientId ||
        !['booked', 'confirmed'].includes(current.status)
      ) {
        throw fieldError(
          'currentAppointmentId',
          'patient_booked',
          "is not one of the patient's booked appointments",
        );
      }
    }
  }

  return {
    addEntry(principal, input) {
      return db.transaction(async (tx) => {
        await access.requireAccess(tx, principal, 'appointment.book', [input.patientId]);
        const standing = await findPatientStanding(tx, input.patientId, { lock: true });
        if (!standing) {
          throw new AppError('resource.not_found', `patient ${input.patientId} was not found`);
        }
        if (standing.status === 'merged') {
          throw new AppError('patient.merged', `patient ${input.patientId} was merged`, {
            mergedIntoId: standing.mergedIntoId,
          });
        }
        if (standing.deceased) {
          throw new AppError(
            'scheduling.patient_deceased',
            `patient ${input.patientId} is deceased`,
          );
        }
        await checkReferences(tx, input);
        const duplicate = await repo.findOpenDuplicate(tx, {
          patientId: input.patientId,
          facilityId: input.facilityId,
          appointmentTypeId: input.appointmentTypeId,
          practitionerId: input.practitionerId ?? null,
          specialty: input.specialty ?? null,
        });
        if (duplicate) {
          throw new AppError(
            'resource.conflict',
            `patient ${input.patientId} is already waiting for this (entry ${duplicate})`,
            { entryId: duplicate },
          );
        }
        const now = clock.now();
        const row = await repo.insertEntry(tx, {
          id: newId(),
          patientId: input.patientId,
          facilityId: input.facilityId,
          appointmentTypeId: input.appointmentTypeId,
          practitionerId: input.practitionerId ?? null,
          specialty: input.specialty ?? null,
          earliestDate: input.earliestDate,
          latestDate: input.latestDate,
          currentAppointmentId: input.currentAppointmentId ?? null,
          status: 'waiting',
          note: input.note ?? null,
          createdBy: principal?.userId ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        const out = await answer(tx, principal, row);
        await audit.record(tx, {
          action: 'waitlist.entry_created',
          patientId: row.patientId,
          entityType: 'waitlist_entry',
          entityId: row.id,
          facilityId: row.facilityId,
        });
        return out;
      });
    },

    listEntries(principal, query) {
      const after = query.cursor ? decodeWaitlistCursor(query.cursor) : undefined;
      return db.transaction(async (tx) => {
        const rows = await repo.listEntryRecords(
          tx,
          {
            facilityId: query.facilityId,
            statuses: query.status ? [query.status] : ['waiting', 'offered'],
            practitionerId: query.practitionerId,
            specialty: query.specialty,
            after,
          },
          query.limit + 1,
        );
        const records = rows.slice(0, query.limit);
        const patientIds = [...new Set(records.map((r) => r.entry.patientId))];
        const summaries = await patientSummaries(
          platform,
          tx,
          principal,
          'appointment.read',
          patientIds,
        );
        // Committed before the answer leaves: reads fail closed.
        await audit.record(tx, {
          action: 'waitlist.read',
          entityType: 'waitlist_entry',
          facilityId: query.facilityId,
          details: { patientIds, entryIds: records.map((r) => r.entry.id) },
        });
        const last = records.at(-1);
        return {
          items: records.map((r) => toEntry(r, summaries.get(r.entry.patientId) ?? null)),
          nextCursor:
            rows.length > query.limit && last
              ? encodeWaitlistCursor({ createdAt: last.createdAtExact, id: last.entry.id })
              : null,
        };
      });
    },

    cancelEntry(principal, id, expectedVersion) {
      return db.transaction(async (tx) => {
        const entry = await repo.findEntry(tx, id, { lock: true });
        if (!entry) throw new AppError('resource.not_found', `waitlist entry ${id} was not found`);
        await access.requireAccess(tx, principal, 'appointment.book', [entry.patientId]);
        if (entry.version !== expectedVersion)
          throw versionMismatch('waitlist entry', id, entry.version);
        if (entry.status !== 'waiting' && entry.status !== 'offered') {
          throw new AppError(
            'resource.conflict',
            `waitlist entry ${id} is ${entry.status} and can no longer be cancelled`,
          );
        }
        const now = clock.now();
        // An offer out for this entry is withdrawn; a hold nobody else may take goes back.
        for (const offer of await repo.openOffersOfEntry(tx, id)) {
          await repo.setOfferStatus(tx, offer.id, 'declined', now);
          const held = await repo.findAppointment(tx, offer.heldAppointmentId, { lock: true });
          if (held?.status === 'held' && (await repo.countOpenOffers(tx, held.id)) === 0) {
            await releaseHold(tx, platform, held, holdDeclinedReason);
          }
        }
        const row = await repo.updateEntry(tx, id, { status: 'cancelled' }, now);
        const out = await answer(tx, principal, row);
        await audit.record(tx, {
          action: 'waitlist.entry_cancelled',
          patientId: row.patientId,
          entityType: 'waitlist_entry',
          entityId: row.id,
          facilityId: row.facilityId,
        });
        return out;
      });
    },
  };
}
