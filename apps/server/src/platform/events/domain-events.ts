import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../db-columns.js';
import type { DbOrTx } from '../db.js';
import { newId } from '../ids.js';

/** Migration 0070's append-only domain_event. */
export const domainEvent = pgTable('domain_event', {
  id: uuid('id').primaryKey(),
  topic: text('topic').notNull(),
  aggregateType: text('aggregate_type').notNull(),
  aggregateId: uuid('aggregate_id').notNull(),
  patientId: uuid('patient_id'),
  facilityId: uuid('facility_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  occurredAt: timestamptz('occurred_at').notNull(),
  // clock_timestamp() in the database: when the row was written, whatever the clock said.
  recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
});

/** One fact for later consumers (HL7 ADT, FHIR, reporting). Ids and codes only, never PHI. */
export interface DomainEvent {
  /** `<module>.<fact>`, e.g. `admission.admitted`. */
  topic: string;
  aggregateType: string;
  aggregateId: string;
  patientId?: string | null;
  facilityId?: string | null;
  payload?: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Writes `event` in `tx`: it exists exactly when the change it describes commits. Returns
 * its id.
 */
export async function recordDomainEvent(tx: DbOrTx, event: DomainEvent): Promise<string> {
  const id = newId();
  await tx.insert(domainEvent).values({
    id,
    topic: event.topic,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    patientId: event.patientId ?? null,
    facilityId: event.facilityId ?? null,
    payload: event.payload ?? {},
    occurredAt: event.occurredAt,
  });
  return id;
}
