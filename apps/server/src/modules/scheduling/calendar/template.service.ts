import type { z } from 'zod';
import type { ScheduleTemplate, scheduleTemplateInput } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import type { ScheduleTemplateRow } from '../scheduling.tables.js';
import {
  findFacility,
  openFacility,
  requireFacilityScope,
} from '../../../platform/auth/facility-scope.js';
import * as practitioners from './practitioner.repository.js';
import * as repo from './template.repository.js';
import { firstSelfOverlap, localDate } from './template-rules.js';
import './calendar.errors.js';

export type TemplateInput = z.output<typeof scheduleTemplateInput>;

/** A practitioner's weekly working hours at a location, for a period of dates. */
export interface TemplateService {
  listTemplates(practitionerId: string): Promise<ScheduleTemplate[]>;
  createTemplate(
    principal: Principal | null,
    practitionerId: string,
    input: TemplateInput,
  ): Promise<ScheduleTemplate>;
  updateTemplate(
    principal: Principal | null,
    id: string,
    expectedVersion: number,
    input: TemplateInput,
  ): Promise<ScheduleTemplate>;
  /** Only before it takes effect; a template in use is end-dated instead (effectiveUntil). */
  deleteTemplate(principal: Principal | null, id: string, expectedVersion: number): Promise<void>;
}

async function toTemplates(db: DbOrTx, rows: ScheduleTemplateRow[]): Promise<ScheduleTemplate[]> {
  const blocks = await repo.blocksOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map(({ createdAt: _c, updatedAt: _u, ...t }) => ({
    ...t,
    blocks: (blocks.get(t.id) ?? []).map(({ weekday, startMinute, endMinute }) => ({
      weekday,
      startMinute,
      endMinute,
    })),
  }));
}

/** Blocks must not overlap each other, nor another template's of the practitioner. */
async function checkBlocks(
  tx: DbOrTx,
  practitionerId: string,
  exceptTemplateId: string | null,
  input: TemplateInput,
): Promise<void> {
  const self = firstSelfOverlap(input.blocks);
  if (self !== null) {
    throw fieldError(`blocks.${self}`, 'overlap', 'overlaps another block of this template');
  }
  const clash = await repo.findOverlap(tx, { practitionerId, exceptTemplateId, ...input });
  if (clash) {
    throw new AppError(
      'scheduling.template_overlap',
      `block ${clash.index} overlaps template ${clash.templateId} of practitioner ${practitionerId}`,
      {
        conflictingTemplateId: clash.templateId,
        errors: [
          {
            path: `blocks.${clash.index}`,
            rule: 'conflict',
            message: 'overlaps the hours of another template on this weekday',
          },
        ],
      },
    );
  }
}

export function createTemplateService(platform: Platform): TemplateService {
  const { db, audit, clock } = platform;

  async function requireTemplate(tx: DbOrTx, id: string): Promise<ScheduleTemplate> {
    const row = await repo.findById(tx, id);
    if (!row) throw notFound('template', id);
    const [template] = await toTemplates(tx, [row]);
    return template!;
  }

  async function openForChange(
    tx: DbOrTx,
    principal: Principal | null,
    id: string,
    expectedVersion: number,
  ): Promise<ScheduleTemplateRow> {
    const current = await repo.findById(tx, id, { lock: true });
    if (!current) throw notFound('template', id);
    requireFacilityScope(principal, current.facilityId);
    if (current.version !== expectedVersion) {
      throw versionMismatch('template', id, current.version);
    }
    return current;
  }

  return {
    async listTemplates(practitionerId) {
      if (!(await practitioners.findById(db, practitionerId))) {
        throw notFound('practitioner', practitionerId);
      }
      return toTemplates(db, await repo.listByPractitioner(db, practitionerId));
    },

    createTemplate(principal, practitionerId, input) {
      return db.transaction(async (tx) => {
        // Locked: templates of one practitioner are written one at a time, so the overlap
        // check sees the other writer's blocks (the constraint would refuse them anyway).
        if (!(await practitioners.findById(tx, practitionerId, { lock: true }))) {
          throw notFound('practitioner', practitionerId);
        }
        await openFacility(tx, principal, input.facilityId);
        await checkBlocks(tx, practitionerId, null, input);
        const now = clock.now();
        const { blocks, ...fields } = input;
        const row = {
          id: newId(),
          practitionerId,
          ...fields,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insert(tx, row);
        await repo.replaceBlocks(tx, row, blocks);
        const template = await requireTemplate(tx, row.id);
        await audit.record(tx, {
          action: 'schedule.template.create',
          entityType: 'schedule_template',
          entityId: row.id,
          facilityId: input.facilityId,
          details: { practitionerId },
        });
        return template;
      });
    },

    updateTemplate(principal, id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await openForChange(tx, principal, id, expectedVersion);
        await practitioners.findById(tx, current.practitionerId, { lock: true });
        await openFacility(tx, principal, input.facilityId);
        await checkBlocks(tx, current.practitionerId, id, input);
        const { blocks, ...fields } = input;
        await repo.update(tx, id, {
          ...fields,
          version: current.version + 1,
          updatedAt: clock.now(),
        });
        await repo.replaceBlocks(tx, { ...current, ...fields }, blocks);
        const template = await requireTemplate(tx, id);
        await audit.record(tx, {
          action: 'schedule.template.update',
          entityType: 'schedule_template',
          entityId: id,
          facilityId: input.facilityId,
          details: { practitionerId: current.practitionerId, version: template.version },
        });
        return template;
      });
    },

    deleteTemplate(principal, id, expectedVersion) {
      return db.transaction(async (tx) => {
        const current = await openForChange(tx, principal, id, expectedVersion);
        const facility = await findFacility(tx, current.facilityId);
        const today = localDate(clock.now(), facility?.timeZone ?? 'UTC');
        if (current.effectiveFrom <= today) {
          throw new AppError(
            'resource.conflict',
            `template ${id} took effect on ${current.effectiveFrom}; end it with effectiveUntil instead`,
            {
              errors: [
                {
                  path: 'effectiveFrom',
                  rule: 'in_effect',
                  message: 'already in effect: set effectiveUntil instead of deleting',
                },
              ],
            },
          );
        }
        await repo.remove(tx, id);
        await audit.record(tx, {
          action: 'schedule.template.delete',
          entityType: 'schedule_template',
          entityId: id,
          facilityId: current.facilityId,
          details: { practitionerId: current.practitionerId },
        });
      });
    },
  };
}
