// The bulk import path: loads generated (or otherwise parsed) registrations straight into
// the patient tables in batches, for the demo seed, `meridian seed patients` and the
// benchmarks. It skips what registration does per patient (the duplicate check, access
// checks, a `patient.created` audit row each): the import is audited as one
// `patient.bulk_import` event with the count. A history row (version 1, `created`) per
// patient and coverage is optional (`history`), because it doubles the volume written.
import { inArray, sql, type SQL } from 'drizzle-orm';
import { mrnFromSequence } from '@meridian/contracts';
import type { AuditRecorder } from '../../../platform/audit/audit.service.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { toCoverage } from '../coverage/coverage-mapper.js';
import {
  coverage,
  insurancePlan,
  patient,
  patientHistory,
  patientIdentifier,
  payer,
  type CoverageRow,
  type PatientRow,
} from '../patients.tables.js';
import { historySnapshot, toPatient } from '../record/patient-mapper.js';
import { identifierValueKey, recordColumns } from '../record/record-input.js';
import { insertRowsSql } from '../../../platform/bulk-insert.js';
import type { GeneratedCoverage, GeneratedRecord } from './generated.types.js';

/** A payer to attach generated coverages to, with its plans (as seedDemoPayers answers). */
export interface LoadPayer {
  id: string;
  planIds: readonly string[];
}

export interface LoadOptions {
  /** Encrypts SSNs at rest (platform.encryptor). */
  encryptor: Encryptor;
  /** Rows per INSERT statement (default 2000). */
  batchSize?: number;
  /**
   * Batches in flight at once, each on its own pool connection (default 1). Above 1 the
   * load is not one transaction: pass a pool-backed db, not a transaction.
   */
  concurrency?: number;
  onProgress?: (loaded: number) => void;
  /** Home facility of every record. */
  facilityId?: string;
  /** Attach the records' generated coverages to these payers; none when left out. */
  payers?: readonly LoadPayer[];
  /** Write history version 1 of each patient and coverage (default false). */
  history?: boolean;
  /** Records one `patient.bulk_import` audit event (success or failure, with the count). */
  audit?: AuditRecorder;
  actorUserId?: string | null;
  now?: Date;
}

export interface LoadResult {
  count: number;
  /** Patient ids in the order of the records given (a generator's key order). */
  ids: string[];
  mrns: string[];
  coverages: number;
  /** Identifiers already held by another record (same type, authority and value): skipped. */
  identifiersSkipped: number;
}

interface Batch {
  patients: Record<string, unknown>[];
  identifiers: Record<string, unknown>[];
  coverages: Record<string, unknown>[];
  history: Record<string, unknown>[];
}

interface PayerInfo {
  payers: Map<string, { id: string; name: string; payerId: string }>;
  plans: Map<string, { id: string; name: string; type: string }>;
}

async function payerInfo(db: DbOrTx, payers: readonly LoadPayer[]): Promise<PayerInfo> {
  const ids = payers.map((p) => p.id);
  // In turn: `db` is the caller's transaction (one connection, one query at a time).
  const payerRows = await db
    .select({ id: payer.id, name: payer.name, payerId: payer.payerId })
    .from(payer)
    .where(inArray(payer.id, ids));
  const planRows = await db
    .select({ id: insurancePlan.id, name: insurancePlan.name, type: insurancePlan.type })
    .from(insurancePlan)
    .where(inArray(insurancePlan.payerId, ids));
  return {
    payers: new Map(payerRows.map((p) => [p.id, p])),
    plans: new Map(planRows.map((p) => [p.id, p])),
  };
}

/** A block of MRN sequence values, one round trip per batch. */
async function nextMrns(db: DbOrTx, count: number): Promise<string[]> {
  const { rows } = await db.execute<{ n: number }>(
    sql`select nextval('patient_mrn_seq') as n from generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => mrnFromSequence(r.n));
}

function coverageRow(
  c: GeneratedCoverage,
  patientId: string,
  payers: readonly LoadPayer[],
  stamp: { now: Date; actor: string | null },
): CoverageRow {
  const target = payers[c.payerIndex % payers.length];
  if (!target) throw new Error('no payer to attach a coverage to');
  const planId =
    target.planIds.length > 0
      ? (target.planIds[c.payerIndex % target.planIds.length] ?? null)
      : null;
  return {
    id: newId(),
    patientId,
    payerId: target.id,
    planId,
    memberId: c.memberId,
    groupNumber: c.groupNumber ?? null,
    subscriberRelationship: c.subscriberRelationship,
    subscriber: c.subscriber ?? null,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: null,
    priority: c.priority,
    status: 'active',
    statusReason: null,
    version: 1,
    createdAt: stamp.now,
    updatedAt: stamp.now,
    createdBy: stamp.actor,
    updatedBy: stamp.actor,
  };
}

function historyRow(
  row: {
    patientId: string;
    entityType: 'patient' | 'coverage';
    entityId: string;
    snapshot: unknown;
  },
  now: Date,
  actor: string | null,
) {
  return { id: newId(), ...row, version: 1, action: 'created', recordedAt: now, recordedBy: actor };
}

interface BuildContext {
  opts: LoadOptions;
  now: Date;
  actor: string | null;
  info: PayerInfo | null;
}

function addRecord(batch: Batch, record: GeneratedRecord, mrn: string, ctx: BuildContext): string {
  const { input } = record;
  const { opts, now, actor } = ctx;
  const id = newId();
  const row: PatientRow = {
    ...recordColumns({ ...input, homeFacilityId: opts.facilityId ?? input.homeFacilityId }),
    id,
    mrn,
    version: 1,
    status: 'active',
    mergedIntoId: null,
    mergedAt: null,
    ssnEncrypted: input.ssn ? opts.encryptor.encrypt(input.ssn) : null,
    ssnLast4: input.ssn ? input.ssn.slice(-4) : null,
    createdAt: now,
    updatedAt: now,
    createdBy: actor,
    updatedBy: actor,
  } as PatientRow;
  batch.patients.push(row);
  for (const ident of input.identifiers) {
    batch.identifiers.push({
      id: newId(),
      patientId: id,
      ...ident,
      valueKey: identifierValueKey(ident.value),
      createdAt: now,
    });
  }
  if (opts.history) {
    const snapshot = historySnapshot(
      toPatient(row, {
        identifiers: input.identifiers,
        mrnAliases: [],
        primaryCarePractitioner: null,
        hasPhoto: false,
      }),
    );
    batch.history.push(
      historyRow({ patientId: id, entityType: 'patient', entityId: id, snapshot }, now, actor),
    );
  }
  if (opts.payers && opts.payers.length > 0) {
    for (const c of record.coverages) {
      const cov = coverageRow(c, id, opts.payers, { now, actor });
      batch.coverages.push(cov);
      const payerRow = ctx.info?.payers.get(cov.payerId);
      if (opts.history && payerRow) {
        const plan = cov.planId ? (ctx.info?.plans.get(cov.planId) ?? null) : null;
        const snapshot = toCoverage({ row: cov, payer: payerRow, plan, cardSides: [] });
        batch.history.push(
          historyRow(
            { patientId: id, entityType: 'coverage', entityId: cov.id, snapshot },
            now,
            actor,
          ),
        );
      }
    }
  }
  return id;
}

/** One statement: every table's rows of the batch commit together or not at all. */
function batchSql(batch: Batch): SQL {
  const parts: SQL[] = [sql`p as (${insertRowsSql(patient, batch.patients)} returning 1)`];
  if (batch.identifiers.length > 0) {
    parts.push(
      sql`i as (${insertRowsSql(patientIdentifier, batch.identifiers, { onConflictDoNothing: true })} returning 1)`,
    );
  }
  if (batch.coverages.length > 0)
    parts.push(sql`c as (${insertRowsSql(coverage, batch.coverages)} returning 1)`);
  if (batch.history.length > 0)
    parts.push(sql`h as (${insertRowsSql(patientHistory, batch.history)} returning 1)`);
  const counts = [
    sql`(select count(*) from p)::int as patients`,
    batch.identifiers.length > 0
      ? sql`(select count(*) from i)::int as identifiers`
      : sql`0 as identifiers`,
  ];
  return sql`with ${sql.join(parts, sql`, `)} select ${sql.join(counts, sql`, `)}`;
}

async function writeBatch(db: DbOrTx, batch: Batch): Promise<{ identifiersSkipped: number }> {
  const { rows } = await db.execute<{ patients: number; identifiers: number }>(batchSql(batch));
  return { identifiersSkipped: batch.identifiers.length - (rows[0]?.identifiers ?? 0) };
}

/**
 * Inserts the records in batches of `batchSize`, each batch one statement (its patients,
 * identifiers, coverages and history together), up to `concurrency` batches at once.
 */
export async function loadRecords(
  db: DbOrTx,
  records: Iterable<GeneratedRecord>,
  opts: LoadOptions,
): Promise<LoadResult> {
  const batchSize = opts.batchSize ?? 2000;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const ctx: BuildContext = {
    opts,
    now: opts.now ?? new Date(),
    actor: opts.actorUserId ?? null,
    info: opts.history && opts.payers?.length ? await payerInfo(db, opts.payers) : null,
  };
  const result: LoadResult = { count: 0, ids: [], mrns: [], coverages: 0, identifiersSkipped: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const iterator = records[Symbol.iterator]();
  let done = false;
  try {
    while (!done && failure === null) {
      const chunk: GeneratedRecord[] = [];
      for (let next = iterator.next(); ; next = iterator.next()) {
        if (next.done) {
          done = true;
          break;
        }
        chunk.push(next.value);
        if (chunk.length === batchSize) break;
      }
      if (chunk.length === 0) break;
      const mrns = await nextMrns(db, chunk.length);
      const batch: Batch = { patients: [], identifiers: [], coverages: [], history: [] };
      const offset = result.ids.length;
      chunk.forEach((record, i) => {
        const mrn = mrns[i] ?? '';
        result.ids[offset + i] = addRecord(batch, record, mrn, ctx);
        result.mrns[offset + i] = mrn;
      });
      const write = writeBatch(db, batch).then(
        ({ identifiersSkipped }) => {
          result.count += batch.patients.length;
          result.coverages += batch.coverages.length;
          result.identifiersSkipped += identifiersSkipped;
          opts.onProgress?.(result.count);
        },
        (err: unknown) => {
          failure ??= err;
        },
      );
      const tracked = write.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== null) {
      throw failure instanceof Error ? failure : new Error('a batch failed', { cause: failure });
    }
  } catch (err) {
    // Inside an aborted transaction this cannot be written; the caller rolls back anyway.
    await auditImport(db, opts, ctx, result, 'failure').catch(() => undefined);
    throw err;
  }
  await auditImport(db, opts, ctx, result, 'success');
  return result;
}

async function auditImport(
  db: DbOrTx,
  opts: LoadOptions,
  ctx: BuildContext,
  result: LoadResult,
  outcome: 'success' | 'failure',
): Promise<void> {
  if (!opts.audit) return;
  await opts.audit.record(db, {
    action: 'patient.bulk_import',
    outcome,
    actorUserId: ctx.actor,
    entityType: 'patient',
    facilityId: opts.facilityId ?? null,
    details: {
      count: result.count,
      coverages: result.coverages,
      identifiersSkipped: result.identifiersSkipped,
      history: opts.history === true,
    },
  });
}
