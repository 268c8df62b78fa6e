// Loads generated visits in batches: one multi-row INSERT per table per batch (appointments,
// then their resources and events), so a million visits cost a few hundred round trips. No
// per-row audit: the caller records one event for the whole load.
import type { DbOrTx } from '../../../platform/db.js';
// Tricky: the patients generator's bulk insert is imported directly (see generate-appointments).
import { insertRowsSql } from '../../../platform/bulk-insert.js';
import { periodLiteral } from '../period-column.js';
import { appointment, appointmentEvent, appointmentResource } from '../scheduling.tables.js';
import type { GeneratedVisit } from './generate-appointments.js';

export interface LoadAppointmentsOptions {
  /** Appointments per INSERT (default 2000); their events and resources go with them. */
  batchSize?: number;
  onProgress?: (loaded: number) => void;
}

export interface LoadAppointmentsResult {
  appointments: number;
  events: number;
}

async function insertBatch(db: DbOrTx, batch: readonly GeneratedVisit[]): Promise<number> {
  // json_to_recordset reads ranges as text: write the tstzrange literals ourselves.
  const appointments = batch.map((v) => ({
    ...v.appointment,
    blockedPeriod: periodLiteral(v.appointment.blockedPeriod),
  }));
  const resources = batch.flatMap((v) =>
    v.resources.map((r) => ({ ...r, period: periodLiteral(r.period) })),
  );
  const events = batch.flatMap((v) => v.events.map((e) => ({ ...e })));
  await db.execute(insertRowsSql(appointment, appointments));
  if (resources.length) await db.execute(insertRowsSql(appointmentResource, resources));
  await db.execute(insertRowsSql(appointmentEvent, events));
  return events.length;
}

export async function loadAppointments(
  db: DbOrTx,
  visits: Iterable<GeneratedVisit>,
  opts: LoadAppointmentsOptions = {},
): Promise<LoadAppointmentsResult> {
  const batchSize = opts.batchSize ?? 2000;
  let batch: GeneratedVisit[] = [];
  let appointments = 0;
  let events = 0;
  for (const visit of visits) {
    batch.push(visit);
    if (batch.length < batchSize) continue;
    events += await insertBatch(db, batch);
    appointments += batch.length;
    opts.onProgress?.(appointments);
    batch = [];
  }
  if (batch.length) {
    events += await insertBatch(db, batch);
    appointments += batch.length;
    opts.onProgress?.(appointments);
  }
  return { appointments, events };
}
