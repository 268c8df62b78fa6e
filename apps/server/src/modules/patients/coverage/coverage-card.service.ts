import type { Coverage } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { notFound } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { recordHistory } from '../history/history.repository.js';
import type { UploadedImage } from '../image-upload.js';
import { toCoverage } from './coverage-mapper.js';
import * as repo from './coverage.repository.js';
import { openCoverageForChange, openPatient } from './coverage-rules.js';

export type CardSide = 'front' | 'back';

/** Insurance card images: one per side of a coverage, replaced whole. */
export interface CoverageCardService {
  /**
   * Stores (or replaces) one side at the coverage's version (If-Match). The card is part of
   * the coverage, so the version moves on and the history keeps a row (`card_updated`);
   * the image bytes themselves are not copied into the history.
   */
  putCard(
    principal: Principal | null,
    ref: { patientId: string; coverageId: string; side: CardSide },
    expectedVersion: number,
    image: UploadedImage,
  ): Promise<Coverage>;
  getCard(
    principal: Principal | null,
    ref: { patientId: string; coverageId: string; side: CardSide },
  ): Promise<{ contentType: string; bytes: Buffer }>;
}

export function createCoverageCardService(platform: Platform): CoverageCardService {
  const { db, audit, clock } = platform;

  return {
    putCard(principal, { patientId, coverageId, side }, expectedVersion, image) {
      return db.transaction(async (tx) => {
        await openCoverageForChange(platform, tx, principal, {
          patientId,
          coverageId,
          expectedVersion,
        });
        const now = clock.now();
        await repo.upsertCard(tx, { coverageId, side, ...image, now });
        const row = await repo.updateCoverage(
          tx,
          coverageId,
          { updatedBy: principal?.userId ?? null },
          now,
        );
        const answer = toCoverage(await repo.findCoverageRecord(tx, coverageId));
        await recordHistory(tx, {
          patientId,
          entityType: 'coverage',
          entityId: coverageId,
          version: row.version,
          action: 'card_updated',
          snapshot: answer,
          recordedAt: now,
          recordedBy: principal?.userId ?? null,
        });
        await audit.record(tx, {
          action: 'coverage.card_updated',
          patientId,
          entityType: 'coverage',
          entityId: coverageId,
          details: { coverageId, side, contentType: image.contentType, bytes: image.bytes.length },
        });
        return answer;
      });
    },

    getCard(principal, { patientId, coverageId, side }) {
      return db.transaction(async (tx) => {
        await openPatient(platform, tx, principal, 'patient.read', patientId);
        if (!(await repo.findCoverage(tx, patientId, coverageId))) {
          throw notFound('coverage', coverageId);
        }
        const card = await repo.findCard(tx, coverageId, side);
        if (!card) throw notFound(`${side} card image of coverage`, coverageId);
        await audit.record(tx, {
          action: 'coverage.card_read',
          patientId,
          entityType: 'coverage',
          entityId: coverageId,
          details: { coverageId, side },
        });
        return card;
      });
    },
  };
}
