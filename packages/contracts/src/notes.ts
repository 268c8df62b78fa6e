import { z } from 'zod';
import { instant, multiLine, page, singleLine, uuid } from './common.js';

// ---- Templates ----
//
// Templates are code constants, not rows: the server and the web both need a kind's
// sections (keys, order) to validate and to render, and a template change is a reviewed
// change like any rule. A note stores its sections by key, so a key is never renamed or
// removed once notes use it; new sections may be added.

export const noteKinds = ['progress_soap', 'history_physical', 'discharge_summary'] as const;
export const noteKind = z.enum(noteKinds);
export type NoteKind = z.infer<typeof noteKind>;

export interface NoteTemplateSection {
  key: string;
  /** English label; the web shows its own catalogue's (notes:sections.<key>). */
  label: string;
}

export interface NoteTemplate {
  kind: NoteKind;
  /** The title a new note starts with (the author may change it). */
  defaultTitle: string;
  sections: readonly NoteTemplateSection[];
}

export const noteTemplates: Readonly<Record<NoteKind, NoteTemplate>> = {
  progress_soap: {
    kind: 'progress_soap',
    defaultTitle: 'Progress note',
    sections: [
      { key: 'subjective', label: 'Subjective' },
      { key: 'objective', label: 'Objective' },
      { key: 'assessment', label: 'Assessment' },
      { key: 'plan', label: 'Plan' },
    ],
  },
  history_physical: {
    kind: 'history_physical',
    defaultTitle: 'History and physical',
    sections: [
      { key: 'chief_complaint', label: 'Chief complaint' },
      { key: 'hpi', label: 'History of present illness' },
      { key: 'past_history', label: 'Past medical and surgical history' },
      { key: 'medications', label: 'Medications' },
      { key: 'allergies', label: 'Allergies' },
      { key: 'social_family_history', label: 'Social and family history' },
      { key: 'review_of_systems', label: 'Review of systems' },
      { key: 'examination', label: 'Physical examination' },
      { key: 'assessment', label: 'Assessment' },
      { key: 'plan', label: 'Plan' },
    ],
  },
  discharge_summary: {
    kind: 'discharge_summary',
    defaultTitle: 'Discharge summary',
    sections: [
      { key: 'admission_reason', label: 'Reason for admission' },
      { key: 'hospital_course', label: 'Hospital course' },
      { key: 'diagnoses', label: 'Diagnoses' },
      { key: 'discharge_medications', label: 'Discharge medications' },
      { key: 'follow_up', label: 'Follow-up' },
      { key: 'instructions', label: 'Patient instructions' },
    ],
  },
};

export const noteTemplateList = z.object({
  items: z.array(
    z.object({
      kind: noteKind,
      defaultTitle: z.string(),
      sections: z.array(z.object({ key: z.string(), label: z.string() })),
    }),
  ),
});

/** Section keys of `sections` that the kind's template does not have. */
export function unknownSectionKeys(kind: NoteKind, sections: Record<string, string>): string[] {
  const known = new Set(noteTemplates[kind].sections.map((s) => s.key));
  return Object.keys(sections).filter((k) => !known.has(k));
}

/** A note with no words in any section cannot be signed. */
export function isNoteEmpty(sections: Record<string, string>): boolean {
  return Object.values(sections).every((text) => text.trim() === '');
}

// ---- Inputs ----

/** One section's text: up to 20,000 characters, line breaks allowed. */
export const noteSectionText = multiLine(20_000);
/** Section key -> text; keys are checked against the kind's template. */
export const noteSections = z
  .record(z.string().regex(/^[a-z][a-z_]{0,39}$/), noteSectionText)
  .refine((s) => Object.keys(s).length <= 20, { message: 'at most 20 sections' });

/** POST /api/v1/patients/:id/notes: a draft from a template, by the signed-in author. */
export const noteCreateInput = z.strictObject({
  kind: noteKind,
  encounterId: uuid.nullable().default(null),
  /** Defaults to the template's title. */
  title: singleLine(200).optional(),
  sections: noteSections.default({}),
});
export type NoteCreateInput = z.input<typeof noteCreateInput>;

/**
 * PATCH /api/v1/notes/:id (drafts only, by their author, If-Match required): only the
 * fields sent change; `sections` replaces the sections sent, keeping the others.
 */
export const notePatch = z
  .strictObject({
    title: singleLine(200).optional(),
    encounterId: uuid.nullable().optional(),
    sections: noteSections.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'send at least one of title, encounterId, sections',
  });
export type NotePatch = z.input<typeof notePatch>;

export const addendumInput = z.strictObject({ text: multiLine(20_000).trim().min(1) });
export type AddendumInput = z.input<typeof addendumInput>;

export const enteredInErrorInput = z.strictObject({ reason: singleLine(500) });
export type EnteredInErrorInput = z.input<typeof enteredInErrorInput>;

// ---- Views ----

/**
 * What the reader sees: `entered_in_error` is a signed note retracted (its text kept);
 * `discarded` is a draft its author threw away (kept, shown only when asked for).
 */
export const noteStatuses = ['draft', 'signed', 'entered_in_error', 'discarded'] as const;
export const noteStatus = z.enum(noteStatuses);
export type NoteStatus = z.infer<typeof noteStatus>;

const person = z.object({ id: uuid.nullable(), name: z.string() });

export const noteAddendum = z.object({
  id: uuid,
  author: person,
  text: z.string(),
  signedAt: instant,
});
export type NoteAddendum = z.infer<typeof noteAddendum>;

export const noteRetraction = z.object({
  reason: z.string(),
  by: person,
  at: instant,
});

/** A search hit's snippet: the text around the matches, matches marked. */
export const noteSnippet = z.array(z.object({ text: z.string(), isMatch: z.boolean() }));
export type NoteSnippet = z.infer<typeof noteSnippet>;

export const noteSummary = z.object({
  id: uuid,
  patientId: uuid,
  encounterId: uuid.nullable(),
  kind: noteKind,
  title: z.string(),
  status: noteStatus,
  author: person,
  signedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  addendumCount: z.number().int(),
  version: z.number().int(),
  /** With a search (q) only. */
  snippet: noteSnippet.nullable(),
});
export type NoteSummary = z.infer<typeof noteSummary>;

export const note = noteSummary.omit({ snippet: true }).extend({
  sections: z.record(z.string(), z.string()),
  /** Signed by (the author) — null for drafts and imported notes. */
  signedBy: person.nullable(),
  discardedAt: instant.nullable(),
  enteredInError: noteRetraction.nullable(),
  addenda: z.array(noteAddendum),
  sourceSystem: z.string().nullable(),
  sourceId: z.string().nullable(),
});
export type Note = z.infer<typeof note>;

/**
 * GET /api/v1/patients/:id/notes: newest first. `q` searches titles, sections and addenda
 * (English stemming: "pains" finds "pain"; quotes for phrases, - to exclude). Without
 * `status`, discarded drafts are left out. Dates are the note's creation day, inclusive.
 */
export const noteQuery = z
  .strictObject({
    q: z.string().trim().max(200).optional(),
    kind: z
      .union([noteKind, z.array(noteKind)])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    status: z
      .union([noteStatus, z.array(noteStatus)])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    authorId: uuid.optional(),
    /** Created at or after this instant. */
    from: instant.optional(),
    /** Created before this instant. */
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'to must be after from',
    path: ['to'],
  });
export type NoteQuery = z.input<typeof noteQuery>;
export const notePage = page(noteSummary);
export type NotePage = z.infer<typeof notePage>;

/** The default statuses a list shows. */
export const listedNoteStatuses: readonly NoteStatus[] = ['draft', 'signed', 'entered_in_error'];
