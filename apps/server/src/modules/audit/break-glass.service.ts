import {
  breakGlassDurationMinutes,
  type BreakGlassBody,
  type BreakGlassGrant,
  type BreakGlassGrantPage,
  type BreakGlassGrantQuery,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeGrantCursor, encodeGrantCursor } from './audit-query.js';
import { findGrants, insertGrant, type GrantRow } from './break-glass.repository.js';

export interface BreakGlassService {
  /** Opens a restricted record to the staff member for breakGlassDurationMinutes. */
  breakGlass(principal: Principal, body: BreakGlassBody): Promise<BreakGlassGrant>;
  /** Grants for the privacy officer's review, newest first. */
  listGrants(principal: Principal, query: BreakGlassGrantQuery): Promise<BreakGlassGrantPage>;
}

function toGrant(row: GrantRow, now: Date): BreakGlassGrant {
  return {
    ...row,
    grantedAt: row.grantedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    isActive: row.expiresAt.getTime() > now.getTime(),
  };
}

export function createBreakGlassService(platform: Platform): BreakGlassService {
  const { db, audit, clock } = platform;
  return {
    async breakGlass(principal, body) {
      // Break-the-glass is a clinician's emergency access; portal accounts never have it.
      if (principal.kind !== 'staff') {
        throw new AppError('access.forbidden', 'only staff can break the glass');
      }
      const now = clock.now();
      const row: GrantRow = {
        id: newId(),
        userId: principal.userId,
        userEmail: principal.email,
        userDisplayName: principal.displayName,
        patientId: body.patientId,
        reason: body.reason,
        grantedAt: now,
        expiresAt: new Date(now.getTime() + breakGlassDurationMinutes * 60_000),
      };
      await db.transaction(async (tx) => {
        await insertGrant(tx, row);
        // The reason stays in the grant row (free text may name clinical facts); the audit
        // row points to it by id.
        await audit.record(tx, {
          action: 'access.break_glass',
          actorUserId: principal.userId,
          patientId: row.patientId,
          entityType: 'break_glass_grant',
          entityId: row.id,
          details: { durationMinutes: breakGlassDurationMinutes },
        });
      });
      return toGrant(row, now);
    },

    async listGrants(principal, query) {
      const after = query.cursor === undefined ? undefined : decodeGrantCursor(query.cursor);
      const now = clock.now();
      return db.transaction(async (tx) => {
        const rows = await findGrants(
          tx,
          { isActive: query.active, userId: query.userId, patientId: query.patientId },
          { now, after, limit: query.limit + 1 },
        );
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        const filters = (['active', 'userId', 'patientId'] as const).filter(
          (name) => query[name] !== undefined,
        );
        // Reasons are free text about patients: reviewing them is itself audited.
        await audit.record(tx, {
          action: 'access.break_glass_reviewed',
          actorUserId: principal.userId,
          patientId: query.patientId ?? null,
          details: { filters, isNextPage: after !== undefined, resultCount: items.length },
        });
        return {
          items: items.map((r) => toGrant(r, now)),
          nextCursor:
            rows.length > query.limit && last ? encodeGrantCursor(last.grantedAt, last.id) : null,
        };
      });
    },
  };
}
