import type { Readable } from 'node:stream';
import {
  auditExportRowCap,
  type AuditEventPage,
  type AuditExportQuery,
  type AuditIntegrity,
  type AuditQuery,
} from '@meridian/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Principal } from '../../platform/auth/principal.js';
import { verifyAuditChain, type ChainReport } from '../../platform/audit/audit-verify.js';
import {
  decodeSeqCursor,
  encodeSeqCursor,
  filterNamesUsed,
  resolveAuditFilters,
  type AuditFilters,
} from './audit-query.js';
import { auditEventsCsv } from './audit-csv.js';
import { countEventsUpTo, findEvents, headSeq } from './audit-event.repository.js';

export interface AuditExport {
  filename: string;
  rowCount: number;
  /** More rows matched than the cap; the file holds the newest `rowCount`. */
  isTruncated: boolean;
  csv: Readable;
}

export interface AuditLogService {
  searchEvents(principal: Principal, query: AuditQuery): Promise<AuditEventPage>;
  exportEvents(principal: Principal, query: AuditExportQuery): Promise<AuditExport>;
  checkIntegrity(principal: Principal): Promise<AuditIntegrity>;
}

export function createAuditLogService(
  platform: Platform,
  opts: { exportRowCap?: number; exportBatchSize?: number } = {},
): AuditLogService {
  const { db, audit, clock } = platform;
  const rowCap = opts.exportRowCap ?? auditExportRowCap;
  // Rows fetched per query while streaming an export.
  const batchSize = opts.exportBatchSize ?? 1000;
  let runningCheck: Promise<ChainReport> | null = null;

  async function* exportedEvents(filters: AuditFilters, maxSeq: number, total: number) {
    let beforeSeq: number | undefined;
    let sent = 0;
    while (sent < total) {
      const limit = Math.min(batchSize, total - sent);
      const batch = await findEvents(db, filters, { maxSeq, beforeSeq, limit });
      if (batch.length === 0) return;
      yield* batch;
      sent += batch.length;
      beforeSeq = batch[batch.length - 1]?.seq;
    }
  }

  return {
    async searchEvents(principal, query) {
      const filters = resolveAuditFilters(query);
      const beforeSeq = query.cursor === undefined ? undefined : decodeSeqCursor(query.cursor);
      return db.transaction(async (tx) => {
        const rows = await findEvents(tx, filters, { beforeSeq, limit: query.limit + 1 });
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        // The search is recorded before its results leave (fail closed).
        await audit.record(tx, {
          action: 'audit.searched',
          actorUserId: principal.userId,
          patientId: query.patientId ?? null,
          details: {
            filters: filterNamesUsed(query),
            isNextPage: query.cursor !== undefined,
            resultCount: items.length,
          },
        });
        return {
          items,
          nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      });
    },

    async exportEvents(principal, query) {
      const filters = resolveAuditFilters(query);
      // Rows at or below today's head seq never change (append-only, seq assigned under a
      // lock until commit), so bounding every batch by it gives one consistent snapshot
      // without holding a transaction open while the client downloads.
      const maxSeq = await headSeq(db);
      const matched = await countEventsUpTo(db, filters, maxSeq, rowCap + 1);
      const rowCount = Math.min(matched, rowCap);
      const isTruncated = matched > rowCap;
      await db.transaction((tx) =>
        audit.record(tx, {
          action: 'audit.exported',
          actorUserId: principal.userId,
          patientId: query.patientId ?? null,
          details: { filters: filterNamesUsed(query), rowCount, isTruncated, rowCap },
        }),
      );
      const day = clock.now().toISOString().slice(0, 10);
      return {
        filename: `audit-events-${day}.csv`,
        rowCount,
        isTruncated,
        csv: auditEventsCsv(exportedEvents(filters, maxSeq, rowCount)),
      };
    },

    async checkIntegrity(principal) {
      // Verification walks the whole chain (in batches): concurrent requests share one run
      // rather than each reading every row again.
      runningCheck ??= verifyAuditChain(platform.database.pool).finally(() => {
        runningCheck = null;
      });
      const report = await runningCheck;
      const checkedAt = clock.now().toISOString();
      await db.transaction((tx) =>
        audit.record(tx, {
          action: 'audit.integrity_checked',
          actorUserId: principal.userId,
          details: {
            status: report.status,
            checkedEvents: report.checkedEvents,
            firstBrokenSeq: report.firstBrokenSeq,
          },
        }),
      );
      return {
        status: report.status,
        checkedEvents: report.checkedEvents,
        firstBrokenSeq: report.firstBrokenSeq,
        reason: report.reason,
        checkedAt,
      };
    },
  };
}
