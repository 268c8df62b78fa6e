// The decision-support check of a draft (preview) and signing it. Every alert shown is
// recorded (medication_alert, one row per prescription and finding) so override rates can
// be counted; signing needs an override reason for each alert, stored and audited.
import { eq, sql } from 'drizzle-orm';
import type {
  CheckResult,
  DoseUnit,
  FrequencyCode,
  MedicationAlert,
  Prescription,
} from '@meridian/contracts';
import type { Principal } from '../../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../../platform/db.js';
import { AppError } from '../../../../platform/errors.js';
import { newId } from '../../../../platform/ids.js';
import type { Platform } from '../../../../platform/platform.js';
import { prescription, type PrescriptionRow } from '../medications.tables.js';
import {
  allergiesInForce,
  candidateIngredients,
  knowledgeAndBirthDate,
  otherActiveDrugs,
} from './cds.repository.js';
import { evaluatePrescription } from './decision-support.js';
import { lockPrescription, requireStatus, viewPrescription } from './prescription-support.js';
import { requireOwnDraft } from './write-prescription.js';

type Who = Principal | null;

function ageAt(birthDate: string | null, now: Date): number | null {
  if (!birthDate) return null;
  const [y = 0, m = 1, d = 1] = birthDate.split('-').map(Number);
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

/** Runs decision support for a stored draft (five small queries). */
export async function runChecks(
  platform: Platform,
  tx: DbOrTx,
  row: PrescriptionRow,
): Promise<CheckResult> {
  const except = [row.id, ...(row.replacesId ? [row.replacesId] : [])];
  const [ingredients, others, allergies, k] = [
    await candidateIngredients(tx, row.productRxcui),
    await otherActiveDrugs(tx, row.patientId, except),
    await allergiesInForce(tx, row.patientId),
    await knowledgeAndBirthDate(tx, row.patientId),
  ];
  const result = evaluatePrescription({
    candidate: {
      productRxcui: row.productRxcui,
      productName: row.productDisplay,
      ingredients: ingredients.length > 0 ? ingredients : null,
      route: row.route ?? '',
      doseValue: row.doseValue ?? 0,
      doseUnit: (row.doseUnit ?? 'mg') as DoseUnit,
      frequency: (row.frequency ?? 'once') as FrequencyCode,
      isPrn: row.isPrn,
      prnMaxDosesPerDay: row.prnMaxDosesPerDay,
    },
    others,
    allergies,
    knowledge: k.knowledge,
    ageYears: ageAt(k.birthDate, platform.clock.now()),
  });
  return { prescriptionId: row.id, ...result };
}

/** Upserts the alerts as shown to the principal now (first shown kept). */
async function recordShown(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  row: PrescriptionRow,
  alerts: MedicationAlert[],
): Promise<void> {
  const now = platform.clock.now();
  for (const a of alerts) {
    await tx.execute(sql`
      insert into medication_alert (id, prescription_id, patient_id, alert_key, rule_id, kind,
        severity, reason, source, first_shown_at, last_shown_at, shown_count, shown_to)
      values (${newId()}, ${row.id}, ${row.patientId}, ${a.key}, ${a.ruleId}, ${a.kind},
        ${a.severity}, ${a.reason}, ${a.source}, ${now}, ${now}, 1, ${principal?.userId ?? null})
      on conflict (prescription_id, alert_key) do update
        set last_shown_at = excluded.last_shown_at, shown_count = medication_alert.shown_count + 1,
            severity = excluded.severity, reason = excluded.reason`);
  }
}

/** POST /api/v1/prescriptions/:id/check: the alerts signing would raise, recorded as shown. */
export async function checkPrescription(
  platform: Platform,
  principal: Who,
  id: string,
): Promise<CheckResult> {
  return platform.db.transaction(async (tx) => {
    const row = await lockPrescription(platform, tx, principal, id, {
      permission: 'prescription.write',
    });
    requireStatus(row, ['draft'], 'be checked (only drafts are)');
    const result = await runChecks(platform, tx, row);
    await recordShown(platform, tx, principal, row, result.alerts);
    await platform.audit.record(tx, {
      action: 'prescription.checked',
      patientId: row.patientId,
      entityType: 'prescription',
      entityId: row.id,
      details: { ruleIds: result.alerts.map((a) => a.ruleId) },
    });
    return result;
  });
}

type SignAnswer = { signed: Prescription } | { refused: MedicationAlert[] };

/**
 * POST /api/v1/prescriptions/:id/sign: runs the checks again; every alert needs an override
 * reason (keyed by the alert's key), else 409 medication.alerts_need_override with the
 * alerts — the alerts shown are committed first, so the refusal is counted. Signing a
 * revision stops (modify) or completes (renew) the prescription it replaces.
 */
export async function signPrescription(
  platform: Platform,
  principal: Who,
  id: string,
  overrides: { key: string; reason: string }[],
): Promise<Prescription> {
  const answer = await platform.db.transaction(async (tx): Promise<SignAnswer> => {
    const row = await lockPrescription(platform, tx, principal, id, {
      permission: 'prescription.write',
    });
    requireStatus(row, ['draft'], 'be signed');
    requireOwnDraft(row, principal);
    const { alerts } = await runChecks(platform, tx, row);
    const reasons = new Map(overrides.map((o) => [o.key, o.reason]));
    const unknown = overrides.findIndex((o) => !alerts.some((a) => a.key === o.key));
    if (unknown >= 0) {
      throw new AppError('validation.failed', `overrides.${unknown}.key names no current alert`, {
        errors: [
          { path: `overrides.${unknown}.key`, rule: 'current_alert', message: 'no such alert' },
        ],
      });
    }
    await recordShown(platform, tx, principal, row, alerts);
    const missing = alerts.filter((a) => !reasons.has(a.key));
    if (missing.length > 0) {
      await platform.audit.record(tx, {
        action: 'prescription.sign_refused',
        outcome: 'failure',
        patientId: row.patientId,
        entityType: 'prescription',
        entityId: row.id,
        details: { needOverride: missing.map((a) => a.ruleId) },
      });
      return { refused: alerts };
    }
    await overrideAlerts(platform, tx, principal, row, alerts, reasons);
    return { signed: await activate(platform, tx, principal, row, alerts.length) };
  });
  if ('refused' in answer) {
    throw new AppError(
      'medication.alerts_need_override',
      `prescription ${id} has ${answer.refused.length} alert(s) that need an override reason`,
      { alerts: answer.refused },
    );
  }
  return answer.signed;
}

async function overrideAlerts(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  row: PrescriptionRow,
  alerts: MedicationAlert[],
  reasons: Map<string, string>,
): Promise<void> {
  const now = platform.clock.now();
  for (const a of alerts) {
    const reason = reasons.get(a.key) ?? '';
    await tx.execute(sql`
      update medication_alert set override_reason = ${reason}, overridden_at = ${now},
             overridden_by = ${principal?.userId ?? null}
       where prescription_id = ${row.id} and alert_key = ${a.key}`);
    // The reason is clinical free text: the audit row keeps the rule, the table the reason.
    await platform.audit.record(tx, {
      action: 'prescription.alert_overridden',
      patientId: row.patientId,
      entityType: 'prescription',
      entityId: row.id,
      details: { ruleId: a.ruleId, alertKey: a.key, severity: a.severity },
    });
  }
}

async function activate(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  row: PrescriptionRow,
  alertCount: number,
): Promise<Prescription> {
  const now = platform.clock.now();
  const startsAt = row.startsAt ?? now;
  const endsAt = row.durationDays
    ? new Date(startsAt.getTime() + row.durationDays * 86_400_000)
    : null;
  const [signed] = await tx
    .update(prescription)
    .set({
      status: 'active',
      signedAt: now,
      signedBy: principal?.userId ?? null,
      startsAt,
      endsAt,
      updatedBy: principal?.userId ?? null,
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(prescription.id, row.id))
    .returning();
  if (!signed) throw new Error('prescription update returned nothing');
  if (row.replacesId) await retireReplaced(platform, tx, principal, row, now);
  await platform.audit.record(tx, {
    action: 'prescription.signed',
    patientId: row.patientId,
    entityType: 'prescription',
    entityId: row.id,
    details: { alertCount, ...(row.replacesId ? { replacesId: row.replacesId } : {}) },
  });
  return viewPrescription(signed);
}

async function retireReplaced(
  platform: Platform,
  tx: DbOrTx,
  principal: Who,
  row: PrescriptionRow,
  now: Date,
): Promise<void> {
  const old = await lockPrescription(platform, tx, principal, row.replacesId ?? '', {
    permission: 'prescription.write',
  });
  requireStatus(old, ['active'], row.revision === 'renew' ? 'be renewed' : 'be modified');
  const to = row.revision === 'renew' ? 'completed' : 'stopped';
  await tx
    .update(prescription)
    .set({
      status: to,
      statusReason: `${row.revision === 'renew' ? 'renewed' : 'modified'} by ${row.id}`,
      stoppedAt: to === 'stopped' ? now : null,
      updatedBy: principal?.userId ?? null,
      version: old.version + 1,
      updatedAt: now,
    })
    .where(eq(prescription.id, old.id));
  await platform.audit.record(tx, {
    action: to === 'stopped' ? 'prescription.stopped' : 'prescription.completed',
    patientId: old.patientId,
    entityType: 'prescription',
    entityId: old.id,
    details: { replacedBy: row.id },
  });
}
