// GET /api/v1/encounters/:id/entries: what was recorded during one encounter, read from every
// clinical area's table by encounter_id (each has its index: 0410-0450, 0480) in one query.
// The encounters module reads the other areas' tables here, as the chart summary does, so
// the drawer needs one request, not one per area.
import { sql } from 'drizzle-orm';
import {
  encounterEntriesLimit,
  formatLabOrderNumber,
  type EncounterEntries,
  type EncounterEntry,
  type EncounterEntryKind,
} from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';

type EntryRow = {
  kind: EncounterEntryKind;
  id: string;
  at: Date;
  display: string | null;
  code: string | null;
  status: string;
  news2_total: number | null;
  counts: Partial<Record<EncounterEntryKind, number>>;
};

/**
 * The newest entries (at most encounterEntriesLimit) and the count of each kind. A lab order
 * is named by its tests' short names and coded by its order number; a prescription's time is
 * its signing, else its start (an imported one's authoredOn), else its creation.
 */
export async function selectEncounterEntries(
  tx: DbOrTx,
  encounterId: string,
): Promise<EncounterEntries> {
  const { rows } = await tx.execute<EntryRow>(sql`
    with entry as (
      select 'vitals' as kind, v.id, v.taken_at as at, null::text as display, null::text as code,
             v.status, v.news2_total::int as news2_total
        from vital_set v where v.encounter_id = ${encounterId}
      union all
      select 'problem', p.id, p.recorded_at, p.display, coalesce(p.icd10cm_code, p.snomed_code),
             case when p.verification_status = 'entered_in_error' then 'entered_in_error'
                  else p.clinical_status end, null
        from problem p where p.encounter_id = ${encounterId}
      union all
      select 'allergy', a.id, a.recorded_at, a.substance_display, a.substance_code,
             case when a.verification_status = 'entered_in_error' then 'entered_in_error'
                  else a.clinical_status end, null
        from allergy_intolerance a where a.encounter_id = ${encounterId}
      union all
      select 'prescription', r.id, coalesce(r.signed_at, r.starts_at, r.created_at), r.product_display,
             r.product_rxcui, r.status, null
        from prescription r where r.encounter_id = ${encounterId}
      union all
      select 'home_medication', h.id, h.reported_at, h.display, h.product_rxcui, h.status, null
        from home_medication h where h.encounter_id = ${encounterId}
      union all
      select 'note', n.id, coalesce(n.signed_at, n.created_at), n.title, null, n.status, null
        from clinical_note n where n.encounter_id = ${encounterId}
      union all
      select 'lab_order', o.id, o.ordered_at,
             (select string_agg(t.short_name, ', ' order by i.position)
                from lab_order_item i join lab_test t on t.code = i.test_code
               where i.order_id = o.id),
             o.order_number::text, o.status, null
        from lab_order o where o.encounter_id = ${encounterId}
      union all
      select 'immunization', m.id, m.occurrence_date::timestamp at time zone 'UTC',
             m.vaccine_display, m.vaccine_code, m.status, null
        from immunization m where m.encounter_id = ${encounterId}
      union all
      select 'procedure', c.id, c.performed_start, c.display, c.code, c.status, null
        from clinical_procedure c where c.encounter_id = ${encounterId}
    ),
    counted as (
      select coalesce(json_object_agg(kind, n), '{}'::json) as counts
        from (select kind, count(*)::int as n from entry group by kind) k
    )
    select e.*, c.counts
      from counted c left join lateral (
        select * from entry order by at desc, id desc limit ${encounterEntriesLimit}
      ) e on true`);
  const counts = rows[0]?.counts ?? {};
  const items = rows.filter((r) => r.id !== null).map(toEntry);
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  return { items, counts, total };
}

function toEntry(r: EntryRow): EncounterEntry {
  return {
    kind: r.kind,
    id: r.id,
    at: new Date(r.at).toISOString(),
    display: r.display,
    code: r.kind === 'lab_order' && r.code ? formatLabOrderNumber(BigInt(r.code)) : r.code,
    status: r.status,
    news2Total: r.news2_total,
  };
}
