import type { DbOrTx } from '../db.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { currentContext } from '../request-context.js';
import { auditEvent } from './audit.tables.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One audited fact. Ids only: `details` must never carry names, dates of birth or text. */
export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  /** Defaults to the request's principal. */
  actorUserId?: string | null;
  patientId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  facilityId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  /**
   * Appends to the audit trail. Pass the use case's transaction so the audit row commits
   * or rolls back with the change it describes.
   */
  record(tx: DbOrTx, entry: AuditEntry): Promise<void>;
}

export function createAuditRecorder(clock: Clock): AuditRecorder {
  return {
    async record(tx, entry) {
      const ctx = currentContext();
      await tx.insert(auditEvent).values({
        id: newId(),
        seq: 0, // seq, prevHash and hash: sealed at commit
        occurredAt: clock.now(),
        actorUserId:
          entry.actorUserId === undefined ? (ctx?.principal?.userId ?? null) : entry.actorUserId,
        action: entry.action,
        outcome: entry.outcome ?? 'success',
        patientId: entry.patientId ?? null,
        entityType: entry.entityType ?? null,
        entityId: entry.entityId ?? null,
        facilityId: entry.facilityId ?? ctx?.principal?.currentFacilityId ?? null,
        requestId: ctx?.requestId ?? null,
        ip: ctx?.ip ?? null,
        userAgent: ctx?.userAgent?.slice(0, 400) ?? null,
        details: entry.details ?? {},
        prevHash: '',
        hash: '',
      });
    },
  };
}
