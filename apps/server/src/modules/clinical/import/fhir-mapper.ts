// The contract between the importer and each clinical area: a mapper turns one resource
// type into rows of its area's tables. The importer validates and maps every entry of a
// patient first (parse: pure, no database), and only when all of them pass opens the
// patient's transaction and calls each mapper's write, in `order`, with the rows of that
// type. Areas add their mapper to fhir-mappers.ts (one line); nothing else here changes.
import type { z } from 'zod';
import type { FhirImportIssue } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import type { BundleEntry, SourceIdentity } from './bundle-reader.js';

export interface ParseContext {
  entry: BundleEntry;
  /** The entry's source identity (fullUrl), checked present before parse is called. */
  source: SourceIdentity;
  /**
   * Validates `resource` against the mapper's schema; null (and the issues recorded against
   * this entry, paths under the resource type) when it fails.
   */
  validate<S extends z.ZodType>(schema: S, resource: unknown): z.output<S> | null;
  /**
   * The bundle entry a reference points at, or null (and an issue at `path`, rule
   * `reference.unresolved`) when it resolves to nothing or to another type than `types`.
   * Pass `optional: true` to accept a relative or absolute reference that is not in the
   * bundle (a warning instead); a urn:uuid reference must always resolve (FHIR R4 Bundle).
   */
  reference(
    reference: string,
    path: string,
    opts?: { types?: readonly string[]; optional?: boolean },
  ): BundleEntry | null;
  /** Records a failure of this entry: `path` under the resource type (`period.end`). */
  fail(path: string, rule: string, message: string): void;
  /** Records what was dropped from this entry while it still imports. */
  warn(path: string, rule: string, message: string): void;
}

export interface WriteContext {
  patientId: string;
  /** Home facility of registered patients; imported encounters are outside ones (null). */
  facilityId: string | null;
  actorUserId: string | null;
  now: Date;
  /**
   * Our id of an entry written earlier in this patient's import (an encounter, for a
   * mapper whose rows point at it). Throws when the entry was not written: a mapper that
   * runs earlier must own that type (see `order`).
   */
  idOf(entry: BundleEntry): string;
  /**
   * Records what was dropped or merged while writing an entry (found only against the
   * database: a code our reference tables lack, a duplicate of a record already held).
   * Reported only if the patient's import commits. `path` is under the resource type.
   */
  warn(entry: BundleEntry, path: string, rule: string, message: string): void;
}

/** What a write did for one entry: our row's id, and whether it is new. */
export interface WrittenEntry {
  entry: BundleEntry;
  id: string;
  inserted: boolean;
}

/** Rows of one parsed entry, with the entry they came from. */
export interface Parsed<Row> {
  entry: BundleEntry;
  source: SourceIdentity;
  row: Row;
}

export interface FhirMapper<Row> {
  resourceType: string;
  /**
   * Lower writes first. Encounter is 10 (most resources point at one); resources that
   * point at others come after them (DiagnosticReport after Observation).
   */
  order: number;
  /** Pure: the entry's rows, or null after recording issues through `ctx`. */
  parse(resource: Record<string, unknown>, ctx: ParseContext): Row | null;
  /**
   * Writes the rows in bulk (one or a few statements, never one per row), idempotently:
   * rows already imported (same source) are left alone and answered `inserted: false`.
   * Answers one WrittenEntry per parsed entry.
   */
  write(tx: DbOrTx, rows: readonly Parsed<Row>[], ctx: WriteContext): Promise<WrittenEntry[]>;
}

/** A mapper with its row type erased, as the registry holds them. */
export interface AnyFhirMapper {
  resourceType: string;
  order: number;
  parse(resource: Record<string, unknown>, ctx: ParseContext): unknown;
  write(tx: DbOrTx, rows: readonly Parsed<unknown>[], ctx: WriteContext): Promise<WrittenEntry[]>;
}

export function defineFhirMapper<Row>(mapper: FhirMapper<Row>): AnyFhirMapper {
  return {
    resourceType: mapper.resourceType,
    order: mapper.order,
    parse: (resource, ctx) => mapper.parse(resource, ctx),
    // Tricky: the importer hands each mapper only the rows its own parse returned.
    write: (tx, rows, ctx) => mapper.write(tx, rows as readonly Parsed<Row>[], ctx),
  };
}

/** An entry that cannot be written (found while writing): its patient's import rolls back. */
export class EntryWriteError extends Error {
  override name = 'EntryWriteError';
  constructor(readonly issues: Omit<FhirImportIssue, 'file'>[]) {
    super(issues.map((i) => `${i.path}: ${i.rule}`).join('; '));
  }
}
