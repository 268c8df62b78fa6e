import type { z } from 'zod';
import type { setSpo2ScaleInput, Spo2ScaleSetting } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { openPatient, openPatientForWrite } from './vitals-access.js';
import * as repo from './vitals.repository.js';
import './vitals.errors.js';

export type SetSpo2ScaleBody = z.output<typeof setSpo2ScaleInput>;

async function viewSetting(tx: DbOrTx, patientId: string): Promise<Spo2ScaleSetting> {
  const changes = await repo.findScaleChanges(tx, patientId);
  const names = await repo.userNames(
    tx,
    changes.map((c) => c.changedBy),
  );
  const current = changes[0];
  return {
    patientId,
    scale: current?.scale ?? 1,
    version: current?.version ?? 0,
    history: changes.map((c) => ({
      scale: c.scale,
      reason: c.reason,
      changedBy: c.changedBy,
      changedByName: c.changedBy ? (names.get(c.changedBy) ?? null) : null,
      changedAt: c.changedAt.toISOString(),
      version: c.version,
    })),
  };
}

/** GET /api/v1/patients/:id/spo2-scale: the current scale (1 unless set) and its history. */
export async function getSpo2Scale(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
): Promise<Spo2ScaleSetting> {
  return platform.db.transaction(async (tx) => {
    await openPatient(platform, tx, principal, patientId, 'clinical.read');
    const answer = await viewSetting(tx, patientId);
    await platform.audit.record(tx, {
      action: 'vitals.spo2_scale_read',
      patientId,
      entityType: 'spo2_scale',
    });
    return answer;
  });
}

/**
 * PUT /api/v1/patients/:id/spo2-scale (If-Match: the version read, "0" when never set):
 * a clinician sets scale 2 (hypercapnic respiratory failure with a prescribed 88-92 %
 * target) or back to 1. Each change is a new history row; sets recorded from then on are
 * scored on it (earlier sets keep the scale they were scored on).
 */
export async function setSpo2Scale(
  platform: Platform,
  principal: Principal | null,
  patientId: string,
  expectedVersion: number,
  input: SetSpo2ScaleBody,
): Promise<Spo2ScaleSetting> {
  return platform.db.transaction(async (tx) => {
    await openPatientForWrite(platform, tx, principal, patientId);
    const current = await repo.findCurrentScale(tx, patientId);
    if (current.version !== expectedVersion) {
      throw versionMismatch('spo2 scale of patient', patientId, current.version);
    }
    const version = current.version + 1;
    // spo2_scale_change_one_per_version refuses a concurrent change of the same version.
    await repo.insertScaleChange(tx, {
      id: newId(),
      patientId,
      scale: input.scale,
      reason: input.reason,
      changedBy: principal?.userId ?? null,
      changedAt: platform.clock.now(),
      version,
    });
    await platform.audit.record(tx, {
      action: 'vitals.spo2_scale_changed',
      patientId,
      entityType: 'spo2_scale',
      details: { fromScale: current.scale, toScale: input.scale, version },
    });
    return viewSetting(tx, patientId);
  });
}
