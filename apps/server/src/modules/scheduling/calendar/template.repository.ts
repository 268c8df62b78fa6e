import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { TemplateBlock } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import {
  scheduleTemplate,
  scheduleTemplateBlock,
  type ScheduleTemplateBlockRow,
  type ScheduleTemplateRow,
} from '../scheduling.tables.js';

export async function listByPractitioner(
  db: DbOrTx,
  practitionerId: string,
): Promise<ScheduleTemplateRow[]> {
  return db
    .select()
    .from(scheduleTemplate)
    .where(eq(scheduleTemplate.practitionerId, practitionerId))
    .orderBy(asc(scheduleTemplate.effectiveFrom), asc(scheduleTemplate.id));
}

export async function findById(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ScheduleTemplateRow | null> {
  const query = db.select().from(scheduleTemplate).where(eq(scheduleTemplate.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

/** The blocks of each template, by weekday and start. */
export async function blocksOf(
  db: DbOrTx,
  templateIds: readonly string[],
): Promise<Map<string, ScheduleTemplateBlockRow[]>> {
  const byTemplate = new Map<string, ScheduleTemplateBlockRow[]>(templateIds.map((id) => [id, []]));
  if (templateIds.length === 0) return byTemplate;
  const rows = await db
    .select()
    .from(scheduleTemplateBlock)
    .where(inArray(scheduleTemplateBlock.templateId, [...templateIds]))
    .orderBy(asc(scheduleTemplateBlock.weekday), asc(scheduleTemplateBlock.startMinute));
  for (const r of rows) byTemplate.get(r.templateId)?.push(r);
  return byTemplate;
}

export async function insert(db: DbOrTx, row: ScheduleTemplateRow): Promise<void> {
  await db.insert(scheduleTemplate).values(row);
}

export async function update(
  db: DbOrTx,
  id: string,
  fields: Partial<Omit<ScheduleTemplateRow, 'id' | 'createdAt' | 'practitionerId'>>,
): Promise<void> {
  await db.update(scheduleTemplate).set(fields).where(eq(scheduleTemplate.id, id));
}

export async function remove(db: DbOrTx, id: string): Promise<void> {
  // Blocks go with the template (on delete cascade).
  await db.delete(scheduleTemplate).where(eq(scheduleTemplate.id, id));
}

/** Replaces the template's blocks, copying its practitioner and dates onto each. */
export async function replaceBlocks(
  db: DbOrTx,
  t: Pick<ScheduleTemplateRow, 'id' | 'practitionerId' | 'effectiveFrom' | 'effectiveUntil'>,
  blocks: readonly TemplateBlock[],
): Promise<void> {
  await db.delete(scheduleTemplateBlock).where(eq(scheduleTemplateBlock.templateId, t.id));
  await db.insert(scheduleTemplateBlock).values(
    blocks.map((b) => ({
      id: newId(),
      templateId: t.id,
      practitionerId: t.practitionerId,
      weekday: b.weekday,
      startMinute: b.startMinute,
      endMinute: b.endMinute,
      effective: { from: t.effectiveFrom, until: t.effectiveUntil },
    })),
  );
}

/**
 * A block of another template of the practitioner that overlaps one of `blocks` on the
 * same weekday in overlapping dates: its template and the index of the block it meets.
 */
export async function findOverlap(
  db: DbOrTx,
  o: {
    practitionerId: string;
    exceptTemplateId: string | null;
    effectiveFrom: string;
    effectiveUntil: string | null;
    blocks: readonly TemplateBlock[];
  },
): Promise<{ templateId: string; index: number } | null> {
  const wanted = JSON.stringify(o.blocks.map((b, i) => ({ i, ...b })));
  const { rows } = await db.execute<{ template_id: string; i: number }>(sql`
    select b.template_id, x.i
      from json_to_recordset(${wanted}::json)
           as x(i int, "weekday" int, "startMinute" int, "endMinute" int)
      join schedule_template_block b
        on b.weekday = x.weekday
       and int4range(b.start_minute, b.end_minute) && int4range(x."startMinute", x."endMinute")
     where b.practitioner_id = ${o.practitionerId}
       and b.template_id is distinct from ${o.exceptTemplateId}::uuid
       and b.effective && daterange(${o.effectiveFrom}::date, ${o.effectiveUntil}::date, '[]')
     order by x.i
     limit 1`);
  const row = rows[0];
  return row ? { templateId: row.template_id, index: row.i } : null;
}
