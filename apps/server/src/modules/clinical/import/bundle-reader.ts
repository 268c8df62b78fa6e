// Reading a FHIR R4 Bundle before anything is written: its shape, each entry's identity
// (where it came from, for idempotent loading), reference resolution inside the bundle, and
// the entries grouped by the patient they belong to. Pure: no database.
import { z } from 'zod';
import { fhirImportBundleTypes } from '@meridian/contracts';

/** One entry of the bundle, as read (the resource not yet validated by its mapper). */
export interface BundleEntry {
  index: number;
  fullUrl: string | null;
  /** Null when the entry has no resource or the resource has no resourceType. */
  resourceType: string | null;
  resource: Record<string, unknown> | null;
  /** Where the record came from: unique together in every clinical table. */
  source: SourceIdentity | null;
}

export interface SourceIdentity {
  system: string;
  id: string;
}

export interface BundleProblem {
  entry: number | null;
  path: string;
  rule: string;
  message: string;
}

const entryShape = z.object({
  fullUrl: z.string().min(1).optional(),
  resource: z.looseObject({ resourceType: z.string().min(1).optional() }).optional(),
});

const bundleShape = z.object({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z.array(z.unknown()).optional(),
});

const absoluteFullUrl =
  /^(https?:\/\/.+)\/([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const maxSourceLength = 200;

/**
 * Where an entry's record came from (migration 0400's source_system/source_id): the
 * fullUrl's base and `Type/id` for an absolute URL, `urn:uuid` (or `urn:oid`) and the
 * identifier for a URN. Null when the fullUrl says neither (then the entry has no stable
 * identity and cannot be imported idempotently).
 */
export function sourceIdentity(fullUrl: string | null): SourceIdentity | null {
  if (!fullUrl) return null;
  const urn = /^urn:(uuid|oid):(.+)$/i.exec(fullUrl);
  let identity: SourceIdentity | null = null;
  if (urn) identity = { system: `urn:${urn[1]!.toLowerCase()}`, id: urn[2]!.toLowerCase() };
  else {
    const abs = absoluteFullUrl.exec(fullUrl);
    if (abs) identity = { system: abs[1]!, id: `${abs[2]}/${abs[3]}` };
  }
  if (!identity) return null;
  if (identity.system.length > maxSourceLength || identity.id.length > maxSourceLength) return null;
  return identity;
}

export interface ReadBundle {
  type: string;
  entries: BundleEntry[];
  /** Problems with the bundle as a whole (entry null) or with an entry's envelope. */
  problems: BundleProblem[];
}

/** Checks the bundle's shape and reads its entries; `null` entries when it is not a Bundle. */
export function readBundle(input: unknown): ReadBundle | { problem: BundleProblem } {
  const parsed = bundleShape.safeParse(input);
  if (!parsed.success) {
    const isBundle =
      typeof input === 'object' &&
      input !== null &&
      (input as { resourceType?: unknown }).resourceType === 'Bundle';
    return {
      problem: isBundle
        ? { entry: null, path: 'Bundle.entry', rule: 'bundle.invalid', message: 'must be a list' }
        : {
            entry: null,
            path: 'Bundle.resourceType',
            rule: 'bundle.not_a_bundle',
            message: 'must be a FHIR Bundle (resourceType "Bundle")',
          },
    };
  }
  const { type } = parsed.data;
  if (!(fhirImportBundleTypes as readonly string[]).includes(type)) {
    return {
      problem: {
        entry: null,
        path: 'Bundle.type',
        rule: 'bundle.unsupported_type',
        message: `must be one of ${fhirImportBundleTypes.join(', ')}`,
      },
    };
  }
  const problems: BundleProblem[] = [];
  const entries = (parsed.data.entry ?? []).map((raw, index): BundleEntry => {
    const shape = entryShape.safeParse(raw);
    if (!shape.success) {
      problems.push({
        entry: index,
        path: `Bundle.entry[${index}]`,
        rule: 'entry.invalid',
        message: 'must be an object with a fullUrl string and a resource object',
      });
      return { index, fullUrl: null, resourceType: null, resource: null, source: null };
    }
    const fullUrl = shape.data.fullUrl ?? null;
    const resource = shape.data.resource ?? null;
    const resourceType = shape.data.resource?.resourceType ?? null;
    if (resource && !resourceType) {
      problems.push({
        entry: index,
        path: `Bundle.entry[${index}].resource.resourceType`,
        rule: 'required',
        message: 'is required',
      });
    }
    return { index, fullUrl, resourceType, resource, source: sourceIdentity(fullUrl) };
  });
  return { type, entries, problems };
}

/** Finds the entry a reference points at, inside the bundle. */
export class BundleIndex {
  private readonly byFullUrl = new Map<string, BundleEntry>();
  private readonly byTypeAndId = new Map<string, BundleEntry>();

  constructor(readonly entries: readonly BundleEntry[]) {
    for (const e of entries) {
      if (e.fullUrl) this.byFullUrl.set(e.fullUrl, e);
      const id = e.resource?.id;
      if (e.resourceType && typeof id === 'string') {
        this.byTypeAndId.set(`${e.resourceType}/${id}`, e);
      }
    }
  }

  /**
   * The entry `reference` points at, per FHIR R4 "Resolving references in Bundles"
   * (http://hl7.org/fhir/R4/bundle.html#references): a URN or absolute URL matches a
   * fullUrl; a relative `Type/id` is read against the referring entry's base when its
   * fullUrl is absolute, else matched by type and id. Contained (`#x`) references are not
   * bundle entries: null.
   */
  resolve(reference: string, from?: BundleEntry): BundleEntry | null {
    if (reference.startsWith('#')) return null;
    const direct = this.byFullUrl.get(reference);
    if (direct) return direct;
    if (/^(urn:|https?:\/\/)/i.test(reference)) return null;
    const relative = reference.replace(/\/_history\/[^/]+$/, '');
    const base = from?.fullUrl ? absoluteFullUrl.exec(from.fullUrl)?.[1] : undefined;
    if (base) {
      const viaBase = this.byFullUrl.get(`${base}/${relative}`);
      if (viaBase) return viaBase;
    }
    return this.byTypeAndId.get(relative) ?? null;
  }
}

/** The patient reference of a resource: `subject` or `patient` (where FHIR R4 puts it). */
export function patientReferenceOf(resource: Record<string, unknown> | null): string | null {
  if (!resource) return null;
  for (const key of ['subject', 'patient'] as const) {
    const ref = (resource[key] as { reference?: unknown } | undefined)?.reference;
    if (typeof ref === 'string' && ref.length > 0) return ref;
  }
  return null;
}

export interface PatientGroup {
  patient: BundleEntry;
  /** The patient's other entries, in bundle order. */
  entries: BundleEntry[];
}

export interface Grouping {
  groups: PatientGroup[];
  /** Entries that belong to no patient of the bundle (Organization, Practitioner, orphans). */
  ungrouped: BundleEntry[];
}

/**
 * Each entry with its patient: a Patient is its own group; another resource joins the
 * Patient its subject/patient reference resolves to. When the bundle has exactly one
 * Patient, an entry that names no resolvable patient joins it too (so a broken entry fails
 * its patient instead of vanishing), unless it is an unsupported type that names no patient
 * at all (an Organization). Otherwise it stays ungrouped.
 */
export function groupByPatient(index: BundleIndex, supportedTypes: ReadonlySet<string>): Grouping {
  const groups = new Map<BundleEntry, PatientGroup>();
  for (const e of index.entries) {
    if (e.resourceType === 'Patient') groups.set(e, { patient: e, entries: [] });
  }
  const only = groups.size === 1 ? [...groups.values()][0] : undefined;
  const ungrouped: BundleEntry[] = [];
  for (const e of index.entries) {
    if (e.resourceType === 'Patient') continue;
    const ref = patientReferenceOf(e.resource);
    const target = ref ? index.resolve(ref, e) : null;
    const group = target ? groups.get(target) : undefined;
    if (group) group.entries.push(e);
    else if (only && (ref !== null || !e.resourceType || supportedTypes.has(e.resourceType))) {
      only.entries.push(e);
    } else ungrouped.push(e);
  }
  return { groups: [...groups.values()], ungrouped };
}
