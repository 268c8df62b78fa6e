import { z } from 'zod';
import { email, instant, isoDate, page, singleLine, uuid } from './common.js';
import {
  ageOn,
  isValidMrn,
  isValidPostalCode,
  maxAgeYears,
  normalizePhone,
  normalizeSsn,
} from './patient-rules.js';

// ---- Value types ----

/** The latest calendar date anywhere on Earth now (UTC+14), so no time zone sees "future". */
function latestDateOnEarth(): string {
  return new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
}

/** A date of birth: a real calendar date, not in the future, at most 125 years ago. */
export const birthDate = isoDate
  .refine((d) => d <= latestDateOnEarth(), { message: 'must not be in the future' })
  .refine((d) => ageOn(d, latestDateOnEarth()) <= maxAgeYears, {
    message: `must be within the last ${maxAgeYears} years`,
  });

/** A past or present date (deaths, address moves, coverage is not limited). */
export const pastDate = isoDate.refine((d) => d <= latestDateOnEarth(), {
  message: 'must not be in the future',
});

/** A phone number in any common format; stored and answered in E.164 (+12025550123). */
export const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .transform((s, ctx) => {
    const e164 = normalizePhone(s);
    if (e164 === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid phone number' });
      return z.NEVER;
    }
    return e164;
  });

/** A US SSN with or without hyphens; answered never, stored encrypted as 9 digits. */
export const ssnInput = z
  .string()
  .trim()
  .max(11)
  .transform((s, ctx) => {
    const digits = normalizeSsn(s);
    if (digits === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid SSN (AAA-GG-SSSS)' });
      return z.NEVER;
    }
    return digits;
  });

export const mrn = z
  .string()
  .trim()
  .refine(isValidMrn, { message: 'must be an MRN with a valid check digit' });

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code' });

// ---- Enumerations (codes; labels live in the web catalogue) ----

export const sexAtBirth = z.enum(['female', 'male', 'intersex', 'unknown']);
export type SexAtBirth = z.infer<typeof sexAtBirth>;

export const maritalStatus = z.enum([
  'single',
  'married',
  'domestic_partner',
  'separated',
  'divorced',
  'widowed',
  'unknown',
]);

/** US Core race: the OMB categories, plus "asked but declined" and "unknown". */
export const race = z.enum([
  'american_indian_or_alaska_native',
  'asian',
  'black_or_african_american',
  'native_hawaiian_or_other_pacific_islander',
  'white',
  'other',
  'asked_but_declined',
  'unknown',
]);
/** US Core ethnicity (OMB). */
export const ethnicity = z.enum([
  'hispanic_or_latino',
  'not_hispanic_or_latino',
  'asked_but_declined',
  'unknown',
]);

export const phoneKind = z.enum(['mobile', 'home', 'work', 'other']);
export const addressUse = z.enum(['home', 'work', 'mailing', 'temporary']);
export const contactMethod = z.enum(['phone', 'sms', 'email', 'mail']);
export const contactRole = z.enum(['emergency', 'next_of_kin', 'guarantor']);
export const relationship = z.enum([
  'spouse',
  'partner',
  'parent',
  'child',
  'sibling',
  'guardian',
  'grandparent',
  'friend',
  'employer',
  'other',
]);
export const previousNameKind = z.enum(['maiden', 'previous', 'alias']);
/** External identifiers; the hospital's own MRN is the `mrn` field, not one of these. */
export const identifierType = z.enum([
  'external_mrn',
  'drivers_license',
  'passport',
  'state_id',
  'medicare',
  'medicaid',
  'other',
]);
export const patientStatus = z.enum(['active', 'inactive', 'merged']);

// ---- Parts of the record ----

export const personName = z.strictObject({
  prefix: singleLine(40).optional(),
  given: singleLine(100),
  middle: singleLine(100).optional(),
  family: singleLine(100),
  suffix: singleLine(40).optional(),
});
export type PersonName = z.infer<typeof personName>;

export const previousName = z.strictObject({
  kind: previousNameKind,
  given: singleLine(100).optional(),
  middle: singleLine(100).optional(),
  family: singleLine(100),
  /** The last day the name was in use, when known. */
  until: pastDate.optional(),
});

export const patientPhone = z.strictObject({
  kind: phoneKind,
  number: phoneNumber,
  preferred: z.boolean().default(false),
});

/**
 * An address and the period it was in use. The current addresses have no `until`; when an
 * update drops a current address, the server keeps it as history with `until` = today.
 */
export const patientAddress = z
  .strictObject({
    use: addressUse,
    line1: singleLine(200),
    line2: singleLine(200).optional(),
    city: singleLine(100),
    district: singleLine(100).optional(),
    state: singleLine(100).optional(),
    postalCode: singleLine(20).optional(),
    country: countryCode.default('US'),
    since: pastDate.optional(),
    until: isoDate.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.postalCode !== undefined && !isValidPostalCode(a.postalCode, a.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: `must be a valid postal code for ${a.country}`,
      });
    }
    if (a.since !== undefined && a.until !== undefined && a.until < a.since) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before since' });
    }
  });
export type PatientAddress = z.infer<typeof patientAddress>;

export const patientContact = z.strictObject({
  roles: z
    .array(contactRole)
    .min(1)
    .max(3)
    .refine((r) => new Set(r).size === r.length, { message: 'must not repeat a role' }),
  name: singleLine(200),
  relationship,
  phone: phoneNumber.optional(),
  email: email.optional(),
  address: singleLine(400).optional(),
});

export const patientIdentifier = z.strictObject({
  type: identifierType,
  /** Who issued it: another hospital, a state (for licences), a country (passports). */
  assigningAuthority: singleLine(100),
  value: singleLine(64),
});

export const privacyFlags = z.strictObject({
  vip: z.boolean().default(false),
  employee: z.boolean().default(false),
  confidential: z.boolean().default(false),
});

// ---- The writable record (create and full update) ----

const patientFields = z.strictObject({
  name: personName,
  preferredName: singleLine(100).optional(),
  previousNames: z.array(previousName).max(10).default([]),
  birthDate,
  sexAtBirth,
  genderIdentity: singleLine(100).optional(),
  pronouns: singleLine(40).optional(),
  /** BCP 47 language tag, e.g. en, es, vi, zh-Hans. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a BCP 47 language tag' })
    .optional(),
  interpreterNeeded: z.boolean().default(false),
  maritalStatus: maritalStatus.optional(),
  race: z
    .array(race)
    .max(8)
    .refine((r) => new Set(r).size === r.length, { message: 'must not repeat a category' })
    .default([]),
  ethnicity: ethnicity.optional(),
  phones: z.array(patientPhone).max(6).default([]),
  email: email.optional(),
  addresses: z.array(patientAddress).max(20).default([]),
  preferredContact: contactMethod.optional(),
  consentSms: z.boolean().default(false),
  consentEmail: z.boolean().default(false),
  contacts: z.array(patientContact).max(10).default([]),
  primaryCarePractitionerId: uuid.optional(),
  /** The facility that registered the patient; defaults to the session's facility. */
  homeFacilityId: uuid.optional(),
  deceased: z.boolean().default(false),
  deceasedDate: pastDate.optional(),
  flags: privacyFlags.default({ vip: false, employee: false, confidential: false }),
  /** Omitted on update: unchanged. `null` on update: removed. */
  ssn: ssnInput.nullable().optional(),
  identifiers: z.array(patientIdentifier).max(20).default([]),
});

type PatientFields = z.output<typeof patientFields>;

/** Rules across fields, shared by create and update. */
function checkRecord(p: PatientFields, ctx: z.RefinementCtx): void {
  if (p.deceasedDate !== undefined && !p.deceased) {
    ctx.addIssue({ code: 'custom', path: ['deceasedDate'], message: 'needs deceased to be true' });
  }
  if (p.deceasedDate !== undefined && p.deceasedDate < p.birthDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['deceasedDate'],
      message: 'must not be before the date of birth',
    });
  }
  if (p.phones.filter((ph) => ph.preferred).length > 1) {
    ctx.addIssue({ code: 'custom', path: ['phones'], message: 'only one phone can be preferred' });
  }
  if (p.contacts.filter((c) => c.roles.includes('guarantor')).length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['contacts'],
      message: 'only one contact can be the guarantor',
    });
  }
  if (p.preferredContact === 'sms' && !p.consentSms) {
    ctx.addIssue({ code: 'custom', path: ['consentSms'], message: 'SMS needs consent' });
  }
  if (p.preferredContact === 'email' && (!p.consentEmail || p.email === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['preferredContact'],
      message: 'email needs an address and consent',
    });
  }
  if ((p.preferredContact === 'sms' || p.preferredContact === 'phone') && p.phones.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['preferredContact'], message: 'needs a phone' });
  }
  const seen = new Set<string>();
  p.identifiers.forEach((id, i) => {
    const key = `${id.type}|${id.assigningAuthority.toLowerCase()}`;
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers', i],
        message: 'only one identifier per type and assigning authority',
      });
    }
    seen.add(key);
  });
}

export const duplicateOverride = z.strictObject({
  /** Why this is a different person, e.g. "twin of MRN 10000014". Audited. */
  reason: singleLine(500),
  /** The candidates the registrar looked at and ruled out. */
  candidateIds: z.array(uuid).max(20).default([]),
});

export const createPatientBody = patientFields
  .extend({ duplicateOverride: duplicateOverride.optional() })
  .superRefine(checkRecord);
export type CreatePatientInput = z.input<typeof createPatientBody>;
export type CreatePatient = z.output<typeof createPatientBody>;

/** The whole writable record, sent with If-Match; what is left out is cleared (but `ssn`). */
export const updatePatientBody = patientFields.superRefine(checkRecord);
export type UpdatePatientInput = z.input<typeof updatePatientBody>;
export type UpdatePatient = z.output<typeof updatePatientBody>;

// ---- The record as answered ----

export const patientPhoneOut = z.object({
  kind: phoneKind,
  number: z.string(),
  preferred: z.boolean(),
});
export const patientAddressOut = z.object({
  use: addressUse,
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  district: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string(),
  since: z.string().optional(),
  until: z.string().optional(),
});
export const patientContactOut = z.object({
  roles: z.array(contactRole),
  name: z.string(),
  relationship,
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
});
export const personNameOut = z.object({
  prefix: z.string().optional(),
  given: z.string(),
  middle: z.string().optional(),
  family: z.string(),
  suffix: z.string().optional(),
});
export const previousNameOut = z.object({
  kind: previousNameKind,
  given: z.string().optional(),
  middle: z.string().optional(),
  family: z.string(),
  until: z.string().optional(),
});
export const patientIdentifierOut = z.object({
  type: identifierType,
  assigningAuthority: z.string(),
  value: z.string(),
});

export const patient = z.object({
  id: uuid,
  mrn: z.string(),
  version: z.number().int(),
  status: patientStatus,
  mergedIntoId: uuid.nullable(),
  name: personNameOut,
  preferredName: z.string().nullable(),
  previousNames: z.array(previousNameOut),
  birthDate: z.string(),
  sexAtBirth,
  genderIdentity: z.string().nullable(),
  pronouns: z.string().nullable(),
  language: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  maritalStatus: maritalStatus.nullable(),
  race: z.array(race),
  ethnicity: ethnicity.nullable(),
  phones: z.array(patientPhoneOut),
  email: z.string().nullable(),
  addresses: z.array(patientAddressOut),
  preferredContact: contactMethod.nullable(),
  consentSms: z.boolean(),
  consentEmail: z.boolean(),
  contacts: z.array(patientContactOut),
  primaryCarePractitioner: z.object({ id: uuid, displayName: z.string() }).nullable(),
  homeFacilityId: uuid.nullable(),
  deceased: z.boolean(),
  deceasedDate: z.string().nullable(),
  flags: z.object({ vip: z.boolean(), employee: z.boolean(), confidential: z.boolean() }),
  /** Any privacy flag set: opening the record needs break-the-glass. */
  restricted: z.boolean(),
  /** Masked (***-**-1234); the full number only through GET /patients/{id}/ssn. */
  ssnMasked: z.string().nullable(),
  identifiers: z.array(patientIdentifierOut),
  /** MRNs of records merged into this one; each still finds it. */
  mrnAliases: z.array(z.string()),
  hasPhoto: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
});
export type Patient = z.infer<typeof patient>;

export const patientSsn = z.object({ ssn: z.string() });

/** Who may be chosen as a patient's primary care practitioner: active staff physicians. */
export const practitionerList = z.object({
  items: z.array(z.object({ id: uuid, displayName: z.string() })),
});
export type PractitionerList = z.infer<typeof practitionerList>;

// ---- Search ----

export const patientSearchQuery = z.strictObject({
  /** Name fragments in any order, "family, given", a date of birth, an MRN, a phone, SSN last 4. */
  q: z.string().trim().max(200).optional(),
  sex: sexAtBirth.optional(),
  ageMin: z.coerce.number().int().min(0).max(maxAgeYears).optional(),
  ageMax: z.coerce.number().int().min(0).max(maxAgeYears).optional(),
  facilityId: uuid.optional(),
  /** Default: active records only; `false`: inactive only; merged records are never listed. */
  active: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(512).optional(),
});
export type PatientSearchQuery = z.infer<typeof patientSearchQuery>;

/** How a search hit matched, so the list can say why it is there. */
export const searchMatchKind = z.enum([
  'mrn',
  'mrn_alias',
  'name',
  'name_fuzzy',
  'birth_date',
  'phone',
  'ssn_last4',
  'identifier',
  'filter',
]);

/** A search hit. A restricted record shows only its id, MRN and that it is restricted. */
export const patientSummary = z.object({
  id: uuid,
  mrn: z.string(),
  restricted: z.boolean(),
  status: patientStatus,
  name: personNameOut.nullable(),
  preferredName: z.string().nullable(),
  birthDate: z.string().nullable(),
  sexAtBirth: sexAtBirth.nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  deceased: z.boolean().nullable(),
  matchedBy: z.array(searchMatchKind),
  score: z.number(),
});
export type PatientSummary = z.infer<typeof patientSummary>;
export const patientSearchPage = page(patientSummary);

/** GET /api/v1/patients/by-mrn/{mrn}: an MRN, spaces and hyphens allowed. */
export const mrnLookupParams = z.strictObject({ mrn: z.string().trim().min(1).max(40) });
/** The record an MRN names; `retired` when the MRN is a merged record's, now an alias. */
export const patientByMrn = patientSummary.extend({ retired: z.boolean() });
export type PatientByMrn = z.infer<typeof patientByMrn>;

// ---- Duplicate check ----

/** What the registrar has typed so far; every field is optional. */
export const matchPatientBody = z.strictObject({
  name: z
    .strictObject({
      given: singleLine(100).optional(),
      middle: singleLine(100).optional(),
      family: singleLine(100).optional(),
    })
    .optional(),
  birthDate: isoDate.optional(),
  sexAtBirth: sexAtBirth.optional(),
  phone: phoneNumber.optional(),
  /** The full SSN (never stored by a match) or only its last four digits. */
  ssn: ssnInput.optional(),
  ssnLast4: z
    .string()
    .regex(/^\d{4}$/, { message: 'must be 4 digits' })
    .optional(),
  email: email.optional(),
  address: z
    .strictObject({
      line1: singleLine(200).optional(),
      postalCode: singleLine(20).optional(),
    })
    .optional(),
  /** Leave this record out (when checking an existing patient's edits). */
  excludePatientId: uuid.optional(),
  limit: z.number().int().min(1).max(20).default(5),
});
export type MatchPatientInput = z.input<typeof matchPatientBody>;

/** The fields the scorer compares. */
export const matchField = z.enum([
  'name',
  'given',
  'family',
  'birth_date',
  'sex',
  'phone',
  'ssn',
  'email',
  'address',
]);

/**
 * One comparison's outcome: `rule` says which (e.g. exact, nickname, phonetic, typo,
 * swapped, transposed_day_month, one_digit_off, mismatch) and `weight` its log2 likelihood
 * ratio (positive: evidence for the same person).
 */
export const matchReason = z.object({
  field: matchField,
  rule: z.string(),
  weight: z.number(),
});

export const matchBand = z.enum(['likely', 'possible']);

export const matchCandidate = z.object({
  patient: patientSummary,
  score: z.number(),
  band: matchBand,
  reasons: z.array(matchReason),
});
export type MatchCandidate = z.infer<typeof matchCandidate>;

export const matchResult = z.object({
  candidates: z.array(matchCandidate),
  /** Scores at or above `likely` block registration without an override. */
  thresholds: z.object({ likely: z.number(), possible: z.number() }),
});
export type MatchResult = z.infer<typeof matchResult>;

// ---- History ----

export const historyEntity = z.enum(['patient', 'coverage']);

export const historyChange = z.object({
  /** Dotted path of the changed field, e.g. `name.family`, `phones`, `addresses`. */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const historyEntry = z.object({
  entityType: historyEntity,
  entityId: uuid,
  version: z.number().int(),
  action: z.string(),
  recordedAt: instant,
  recordedBy: z.object({ id: uuid, displayName: z.string() }).nullable(),
  changes: z.array(historyChange),
});
export type HistoryEntry = z.infer<typeof historyEntry>;
export const historyPage = page(historyEntry);

// ---- Merge ----

export const mergePatientsBody = z
  .strictObject({
    /** The record that stays. */
    survivorId: uuid,
    /** The duplicate, retired into the survivor; its MRN becomes an alias. */
    duplicateId: uuid,
    survivorVersion: z.number().int().min(1),
    duplicateVersion: z.number().int().min(1),
    reason: singleLine(500),
  })
  .superRefine((b, ctx) => {
    if (b.survivorId === b.duplicateId) {
      ctx.addIssue({
        code: 'custom',
        path: ['duplicateId'],
        message: 'must differ from survivorId: a record cannot be merged into itself',
      });
    }
  });
export type MergePatientsInput = z.input<typeof mergePatientsBody>;

export const mergePreviewBody = z
  .strictObject({ survivorId: uuid, duplicateId: uuid })
  .superRefine((b, ctx) => {
    if (b.survivorId === b.duplicateId) {
      ctx.addIssue({
        code: 'custom',
        path: ['duplicateId'],
        message: 'must differ from survivorId: a record cannot be merged into itself',
      });
    }
  });

/** A reason the merge cannot go ahead without losing data; fix it first. */
export const mergeConflict = z.object({
  /** The module whose rows conflict, e.g. `patients`, `scheduling`. */
  source: z.string(),
  /** The field or kind of row, e.g. `ssn`, `identifiers.drivers_license`. */
  field: z.string(),
  message: z.string(),
});

export const mergePreview = z.object({
  survivor: patient,
  duplicate: patient,
  conflicts: z.array(mergeConflict),
  /** What each module would move, e.g. { coverages: 2 }. */
  moves: z.record(z.string(), z.number().int()),
});

export const mergeResult = z.object({
  survivor: patient,
  retiredMrn: z.string(),
  moved: z.record(z.string(), z.number().int()),
});
