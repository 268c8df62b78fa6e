// Reading prescriptions (a patient's list, one with its versions and alerts) and the
// override rates per rule. Reads of patient data are audited before the answer leaves.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AlertKind,
  overrideRate,
  Prescription,
  PrescriptionDetail,
  PrescriptionStatus,
  medicationListQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import { fieldError, notFound } from '../../../../platform/errors.js';
import type { Platform } from '../../../../platform/platform.js';
import { prescription } from '../medications.tables.js';
import { viewPrescription } from './prescription-support.js';

type Who = Principal | null;
export type MedicationListQuery = z.output<typeof medicationListQuery>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeCursor(r: { createdAt: Date; id: string }): string {
  return Buffer.from(`rx1:${r.createdAt.getTime()}:${r.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [tag, ms = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const at = new Date(Number(ms));
  if (tag !== 'rx1' || !uuidPattern.test(id) || encodeCursor({ createdAt: at, id }) !== cursor) {
    throw fieldError('query.cursor', 'invalid_cursor', 'is not a cursor this server issued');
  }
  return { createdAt: at, id };
}

/** GET /api/v1/patients/:patientId/prescriptions: newest first, by status if asked. */
export async function listPrescriptions(
  platform: Platform,
  principal: Who,
  patientId: string,
  q: MedicationListQuery,
): Promise<{ items: Prescription[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  return platform.db.transaction(async (tx) => {
    await platform.access.requireAccess(tx, principal, 'clinical.read', [patientId]);
    const rows = await tx
      .select()
      .from(prescription)
      .where(
        and(
          eq(prescription.patientId, patientId),
          q.status ? inArray(prescription.status, q.status) : undefined,
          after
            ? or(
                lt(prescription.createdAt, after.createdAt),
                and(eq(prescription.createdAt, after.createdAt), lt(prescription.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(prescription.createdAt), desc(prescription.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    await platform.audit.record(tx, {
      action: 'prescription.list',
      patientId,
      entityType: 'prescription',
      details: { resultCount: page.length },
    });
    const last = page.at(-1);
    return {
      items: page.map(viewPrescription),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    };
  });
}

/** GET /api/v1/prescriptions/:id: with every version and the alerts shown for it. */
export async function getPrescription(
  platform: Platform,
  principal: Who,
  id: string,
): Promise<PrescriptionDetail> {
  return platform.db.transaction(async (tx) => {
    const [row] = await tx.select().from(prescription).where(eq(prescription.id, id));
    if (!row) throw notFound('prescription', id);
    await platform.access.requireAccess(tx, principal, 'clinical.read', [row.patientId]);
    const history = await tx.execute<{
      version: number;
      recorded_at: Date;
      recorded_by: string | null;
      s: Record<string, unknown>;
    }>(sql`select version, recorded_at, recorded_by, snapshot as s from medication_history
            where entity_type = 'prescription' and entity_id = ${id} order by version`);
    const alerts = await tx.execute<{
      alert_key: string;
      rule_id: string;
      kind: PrescriptionDetail['alerts'][number]['kind'];
      severity: PrescriptionDetail['alerts'][number]['severity'];
      reason: string;
      source: string;
      override_reason: string | null;
      overridden_at: Date | null;
    }>(sql`select alert_key, rule_id, kind, severity, reason, source, override_reason, overridden_at
             from medication_alert where prescription_id = ${id} order by first_shown_at, alert_key`);
    await platform.audit.record(tx, {
      action: 'prescription.read',
      patientId: row.patientId,
      entityType: 'prescription',
      entityId: id,
    });
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      ...viewPrescription(row),
      history: history.rows.map((h) => ({
        version: h.version,
        status: h.s['status'] as PrescriptionStatus,
        recordedAt: new Date(h.recorded_at).toISOString(),
        recordedBy: h.recorded_by,
        doseValue: numOrNull(h.s['dose_value']),
        doseUnit: str(h.s['dose_unit']),
        frequency: str(h.s['frequency']),
        instructions: str(h.s['instructions']),
        statusReason: str(h.s['status_reason']),
      })),
      alerts: alerts.rows.map((a) => ({
        key: a.alert_key,
        ruleId: a.rule_id,
        kind: a.kind,
        severity: a.severity,
        reason: a.reason,
        management: null,
        source: a.source,
        factors: [],
        overrideReason: a.override_reason,
        overriddenAt: a.overridden_at ? new Date(a.overridden_at).toISOString() : null,
      })),
    };
  });
}

/**
 * GET /api/v1/medication-alerts/override-rates?from=&to=: per rule, how many alerts were
 * shown (first shown in the local-date range, UTC) and how many were overridden.
 */
export async function overrideRates(
  platform: Platform,
  q: { from: string; to: string },
): Promise<z.output<typeof overrideRate>[]> {
  if (q.to < q.from) throw fieldError('query.to', 'not_before_from', 'must not be before from');
  const { rows } = await platform.db.execute<{
    rule_id: string;
    kind: AlertKind;
    shown: number;
    overridden: number;
  }>(sql`
    select rule_id, kind, count(*)::int as shown,
           count(*) filter (where overridden_at is not null)::int as overridden
      from medication_alert
     where first_shown_at >= ${q.from}::date and first_shown_at < ${q.to}::date + 1
     group by rule_id, kind order by shown desc, rule_id`);
  return rows.map((r) => ({
    ruleId: r.rule_id,
    kind: r.kind,
    shown: r.shown,
    overridden: r.overridden,
    rate: r.shown === 0 ? 0 : r.overridden / r.shown,
  }));
}
