import type { z } from 'zod';
import type { ReminderRule, reminderRuleInput } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError, fieldError, notFound } from '../../../platform/errors.js';
import { versionMismatch } from '../../../platform/http/preconditions.js';
import { newId } from '../../../platform/ids.js';
import type { Platform } from '../../../platform/platform.js';
import * as repo from './reminder.repository.js';
import './reminder.errors.js';

export type ReminderRuleInput = z.output<typeof reminderRuleInput>;

/**
 * Reminder rules: how many hours before a visit a reminder goes out, for one appointment
 * type or (type null) for every type without rules of its own. Practice-manager settings:
 * no patient data, but changes are audited like every other setting.
 */
export interface ReminderRuleService {
  listRules(): Promise<ReminderRule[]>;
  createRule(input: ReminderRuleInput): Promise<ReminderRule>;
  replaceRule(id: string, expectedVersion: number, input: ReminderRuleInput): Promise<ReminderRule>;
}

function toReminderRule(row: repo.ReminderRuleRow): ReminderRule {
  return {
    id: row.id,
    appointmentTypeId: row.appointmentTypeId,
    hoursBefore: row.hoursBefore,
    isActive: row.isActive,
    version: row.version,
  };
}

/** Refuses an unknown type and a second rule for the same type and lead time. */
async function checkRuleInput(
  tx: DbOrTx,
  input: ReminderRuleInput,
  selfId: string | null,
): Promise<void> {
  if (input.appointmentTypeId && !(await repo.appointmentTypeExists(tx, input.appointmentTypeId))) {
    throw fieldError('appointmentTypeId', 'not_found', 'no such appointment type');
  }
  const same = await repo.findRuleByKey(tx, input.appointmentTypeId, input.hoursBefore);
  if (same && same.id !== selfId) {
    throw new AppError(
      'scheduling.rule_exists',
      `reminder rule ${same.id} already sends ${input.hoursBefore} h before for this type`,
      {
        errors: [
          { path: 'hoursBefore', rule: 'conflict', message: 'a rule for this already exists' },
        ],
      },
    );
  }
}

export function createReminderRuleService(platform: Platform): ReminderRuleService {
  const { db, audit, clock } = platform;

  return {
    async listRules() {
      return (await repo.listRules(db)).map(toReminderRule);
    },

    createRule(input) {
      return db.transaction(async (tx) => {
        await checkRuleInput(tx, input, null);
        const now = clock.now();
        const row = await repo.insertRule(tx, {
          id: newId(),
          ...input,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        await audit.record(tx, {
          action: 'reminder_rule.created',
          entityType: 'reminder_rule',
          entityId: row.id,
          details: { appointmentTypeId: row.appointmentTypeId },
        });
        return toReminderRule(row);
      });
    },

    replaceRule(id, expectedVersion, input) {
      return db.transaction(async (tx) => {
        const current = await repo.findRuleById(tx, id, { lock: true });
        if (!current) throw notFound('reminder rule', id);
        if (current.version !== expectedVersion) {
          throw versionMismatch('reminder rule', id, current.version);
        }
        await checkRuleInput(tx, input, id);
        const row = await repo.updateRule(tx, id, { ...input, updatedAt: clock.now() });
        await audit.record(tx, {
          action: 'reminder_rule.updated',
          entityType: 'reminder_rule',
          entityId: row.id,
          details: { appointmentTypeId: row.appointmentTypeId },
        });
        return toReminderRule(row);
      });
    },
  };
}
