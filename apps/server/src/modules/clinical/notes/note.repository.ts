import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { NoteKind, NoteStatus } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import { userAccount } from '../../../platform/auth/auth.tables.js';
import {
  clinicalNote,
  clinicalNoteAddendum,
  clinicalNoteRetraction,
  type AddendumRow,
  type NewNoteRow,
  type NoteRow,
  type RetractionRow,
} from './notes.tables.js';

export async function findNote(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<NoteRow | null> {
  const q = db.select().from(clinicalNote).where(eq(clinicalNote.id, id));
  // Tricky: FOR UPDATE on a signed note is fine: locking fires no UPDATE trigger.
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertNote(db: DbOrTx, row: NewNoteRow): Promise<NoteRow> {
  const [inserted] = await db.insert(clinicalNote).values(row).returning();
  if (!inserted) throw new Error('note insert returned nothing');
  return inserted;
}

/** Updates a draft and bumps its version; the trigger refuses any other note. */
export async function updateNote(
  db: DbOrTx,
  id: string,
  changes: Partial<
    Pick<
      NoteRow,
      | 'title'
      | 'sections'
      | 'encounterId'
      | 'status'
      | 'signedAt'
      | 'signedBy'
      | 'discardedAt'
      | 'updatedAt'
    >
  >,
): Promise<NoteRow> {
  const [row] = await db
    .update(clinicalNote)
    .set({ ...changes, version: sql`${clinicalNote.version} + 1` })
    .where(eq(clinicalNote.id, id))
    .returning();
  if (!row) throw new Error(`note ${id} vanished while locked`);
  return row;
}

export async function insertAddendum(db: DbOrTx, row: AddendumRow): Promise<void> {
  await db.insert(clinicalNoteAddendum).values(row);
}

export async function findAddenda(db: DbOrTx, noteId: string): Promise<AddendumRow[]> {
  return db
    .select()
    .from(clinicalNoteAddendum)
    .where(eq(clinicalNoteAddendum.noteId, noteId))
    .orderBy(asc(clinicalNoteAddendum.signedAt), asc(clinicalNoteAddendum.id));
}

export async function insertRetraction(db: DbOrTx, row: RetractionRow): Promise<void> {
  await db.insert(clinicalNoteRetraction).values(row);
}

export async function findRetraction(db: DbOrTx, noteId: string): Promise<RetractionRow | null> {
  const [row] = await db
    .select()
    .from(clinicalNoteRetraction)
    .where(eq(clinicalNoteRetraction.noteId, noteId));
  return row ?? null;
}

/** Staff display names by user id (authors and signers are staff, not PHI). */
export async function userNames(
  db: DbOrTx,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName })
    .from(userAccount)
    .where(inArray(userAccount.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface NoteSearch {
  patientId: string;
  /** Raw search words; parsed by websearch_to_tsquery, never interpolated. */
  q?: string;
  kinds?: readonly NoteKind[];
  statuses: readonly NoteStatus[];
  authorId?: string;
  from?: Date;
  to?: Date;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** One list row: the summary columns, the derived status, and the search's headline. */
export interface NoteListRow {
  id: string;
  patientId: string;
  encounterId: string | null;
  kind: NoteKind;
  title: string;
  status: NoteStatus;
  authorUserId: string | null;
  authorDisplay: string | null;
  signedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  addendumCount: number;
  /** ts_headline's fragments, matches between \u0001 and \u0002; null without q. */
  headline: string | null;
}

// Note and addendum text refuse control characters (contracts' multiLine), so these two
// cannot occur in the text and mark the matches unambiguously.
export const matchStart = '\u0001';
export const matchStop = '\u0002';
const headlineOptions =
  `StartSel=${matchStart}, StopSel=${matchStop}, MaxFragments=2, MaxWords=24, ` +
  `MinWords=10, FragmentDelimiter=" … "`;

const derivedStatus = sql`case when r.note_id is not null then 'entered_in_error' else n.status end`;

function searchFilters(s: NoteSearch): SQL[] {
  const where: SQL[] = [sql`n.patient_id = ${s.patientId}`];
  where.push(
    sql`${derivedStatus} in (${sql.join(
      s.statuses.map((v) => sql`${v}`),
      sql`, `,
    )})`,
  );
  if (s.kinds?.length) {
    where.push(
      sql`n.kind in (${sql.join(
        s.kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
  }
  if (s.authorId) where.push(sql`n.author_user_id = ${s.authorId}`);
  if (s.from) where.push(sql`n.created_at >= ${s.from.toISOString()}`);
  if (s.to) where.push(sql`n.created_at < ${s.to.toISOString()}`);
  if (s.after) {
    where.push(
      sql`(n.created_at, n.id) < (${s.after.createdAt.toISOString()}::timestamptz, ${s.after.id}::uuid)`,
    );
  }
  if (s.q !== undefined) {
    // Either the note (title, sections) or one of its addenda matches; both GIN-indexed.
    where.push(sql`(n.search_vector @@ query.q or exists (
      select 1 from clinical_note_addendum a where a.note_id = n.id and a.search_vector @@ query.q))`);
  }
  return where;
}

/**
 * A patient's notes newest first, filtered, with headlines for a search. The headline is
 * computed on the page only (the outer query), over title, sections and addenda.
 */
export async function searchNotes(db: DbOrTx, s: NoteSearch): Promise<NoteListRow[]> {
  const query =
    s.q === undefined ? sql`null::tsquery` : sql`websearch_to_tsquery('english', ${s.q})`;
  const headline =
    s.q === undefined
      ? sql`null::text`
      : sql`ts_headline('english', concat_ws(E'\n', p.title,
          (select string_agg(value, E'\n') from jsonb_each_text(p.sections)),
          (select string_agg(a.text, E'\n' order by a.signed_at)
             from clinical_note_addendum a where a.note_id = p.id)),
          query.q, ${headlineOptions})`;
  const result = await db.execute<Record<string, unknown>>(sql`
    with query as (select ${query} as q),
    page as (
      select n.id, n.patient_id, n.encounter_id, n.kind, n.title, n.sections,
             ${derivedStatus} as status, n.author_user_id, n.author_display, n.signed_at,
             n.created_at, n.updated_at, n.version
        from clinical_note n
        left join clinical_note_retraction r on r.note_id = n.id
        cross join query
       where ${sql.join(searchFilters(s), sql` and `)}
       order by n.created_at desc, n.id desc
       limit ${s.limit}
    )
    select p.id, p.patient_id, p.encounter_id, p.kind, p.title, p.status, p.author_user_id,
           p.author_display, p.signed_at, p.created_at, p.updated_at, p.version,
           (select count(*) from clinical_note_addendum a where a.note_id = p.id)::int
             as addendum_count,
           ${headline} as headline
      from page p cross join query
     order by p.created_at desc, p.id desc`);
  return result.rows.map(toListRow);
}

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

function toListRow(r: Record<string, unknown>): NoteListRow {
  return {
    id: r.id as string,
    patientId: r.patient_id as string,
    encounterId: (r.encounter_id as string | null) ?? null,
    kind: r.kind as NoteKind,
    title: r.title as string,
    status: r.status as NoteStatus,
    authorUserId: (r.author_user_id as string | null) ?? null,
    authorDisplay: (r.author_display as string | null) ?? null,
    signedAt: r.signed_at === null ? null : asDate(r.signed_at),
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
    version: Number(r.version),
    addendumCount: Number(r.addendum_count),
    headline: (r.headline as string | null) ?? null,
  };
}
