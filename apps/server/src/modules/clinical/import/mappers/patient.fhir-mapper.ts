// FHIR R4 Patient (US Core flavoured, as Synthea writes it) -> a registration as the patients
// module accepts it (createPatientBody), plus the identifiers that find the patient again.
// Pure. What cannot be kept without failing the patient (a phone that is no number, a test
// SSN from the 9xx range, an address without a street) is dropped with a warning.
import { z } from 'zod';
import {
  createPatientBody,
  normalizePhone,
  normalizeSsn,
  isValidPostalCode,
  type CreatePatient,
  type CreatePatientInput,
} from '@meridian/contracts';
import type { ParseContext } from '../fhir-mapper.js';
import { fhirCodeableConcept, fhirCoding, fhirIdentifier, fhirPeriod } from '../fhir-types.js';
import { formatPath } from '../import-issues.js';

const extension = z.object({
  url: z.string(),
  valueCode: z.string().optional(),
  valueCoding: fhirCoding.optional(),
  get extension() {
    return z.array(extension).optional();
  },
});
type Extension = z.infer<typeof extension>;

const humanName = z.object({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
  period: fhirPeriod.optional(),
});
type HumanName = z.infer<typeof humanName>;

export const fhirPatient = z.object({
  extension: z.array(extension).optional(),
  identifier: z.array(fhirIdentifier).optional(),
  name: z.array(humanName).optional(),
  telecom: z
    .array(
      z.object({
        system: z.string().optional(),
        value: z.string().optional(),
        use: z.string().optional(),
        rank: z.number().optional(),
      }),
    )
    .optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: z.string().optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: z.string().optional(),
  address: z
    .array(
      z.object({
        use: z.string().optional(),
        line: z.array(z.string()).optional(),
        city: z.string().optional(),
        district: z.string().optional(),
        state: z.string().optional(),
        postalCode: z.string().optional(),
        country: z.string().optional(),
        period: fhirPeriod.optional(),
      }),
    )
    .optional(),
  maritalStatus: fhirCodeableConcept.optional(),
  communication: z
    .array(z.object({ language: fhirCodeableConcept, preferred: z.boolean().optional() }))
    .optional(),
});
export type FhirPatient = z.output<typeof fhirPatient>;

/** An identifier that finds the patient again on the next import (type external_mrn/other). */
export interface MatchKey {
  type: 'external_mrn' | 'other';
  assigningAuthority: string;
  value: string;
}

export interface PatientImport {
  input: CreatePatient;
  matchKeys: MatchKey[];
}

const usCore = 'http://hl7.org/fhir/us/core/StructureDefinition/';
// OMB categories (urn:oid:2.16.840.1.113883.6.238, CDC Race & Ethnicity) and HL7 nulls.
const raceByCode: Readonly<Record<string, NonNullable<CreatePatientInput['race']>[number]>> = {
  '1002-5': 'american_indian_or_alaska_native',
  '2028-9': 'asian',
  '2054-5': 'black_or_african_american',
  '2076-8': 'native_hawaiian_or_other_pacific_islander',
  '2106-3': 'white',
  '2131-1': 'other',
  ASKU: 'asked_but_declined',
  UNK: 'unknown',
};
const ethnicityByCode: Readonly<Record<string, NonNullable<CreatePatientInput['ethnicity']>>> = {
  '2135-2': 'hispanic_or_latino',
  '2186-5': 'not_hispanic_or_latino',
  ASKU: 'asked_but_declined',
  UNK: 'unknown',
};
// http://terminology.hl7.org/CodeSystem/v3-MaritalStatus
const maritalByCode: Readonly<Record<string, NonNullable<CreatePatientInput['maritalStatus']>>> = {
  S: 'single',
  U: 'single',
  M: 'married',
  T: 'domestic_partner',
  L: 'separated',
  D: 'divorced',
  W: 'widowed',
  UNK: 'unknown',
};
// http://terminology.hl7.org/CodeSystem/v2-0203 identifier types.
const identifierTypeByV2: Readonly<
  Record<string, 'external_mrn' | 'drivers_license' | 'passport' | 'medicare' | 'medicaid'>
> = { MR: 'external_mrn', DL: 'drivers_license', PPN: 'passport', MC: 'medicare', MA: 'medicaid' };
const ssnSystem = 'http://hl7.org/fhir/sid/us-ssn';

function ombCodes(extensions: Extension[] | undefined, name: string): string[] {
  const ext = extensions?.find((e) => e.url === `${usCore}${name}`);
  return (ext?.extension ?? [])
    .filter((e) => e.url === 'ombCategory')
    .flatMap((e) => (e.valueCoding?.code ? [e.valueCoding.code] : []));
}

function sexOf(p: FhirPatient): CreatePatientInput['sexAtBirth'] {
  const birthSex = p.extension?.find((e) => e.url === `${usCore}us-core-birthsex`)?.valueCode;
  if (birthSex === 'M') return 'male';
  if (birthSex === 'F') return 'female';
  return p.gender === 'male' || p.gender === 'female' ? p.gender : 'unknown';
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

function officialName(names: HumanName[]): HumanName | undefined {
  const current = names.filter((n) => n.use !== 'old' && n.use !== 'maiden');
  return (
    current.find((n) => n.use === 'official') ??
    current.find((n) => n.use === 'usual') ??
    current[0]
  );
}

function namesOf(
  p: FhirPatient,
): Pick<CreatePatientInput, 'name' | 'previousNames' | 'preferredName'> {
  const names = p.name ?? [];
  const official = officialName(names);
  const [given, ...middle] = official?.given ?? [];
  const previousNames = names
    .filter((n) => (n.use === 'maiden' || n.use === 'old') && nonEmpty(n.family))
    .slice(0, 10)
    .map((n) => ({
      kind: n.use === 'maiden' ? ('maiden' as const) : ('previous' as const),
      family: n.family!.trim(),
      ...(nonEmpty(n.given?.[0]) ? { given: n.given![0]!.trim() } : {}),
      ...(n.period?.end ? { until: n.period.end.toISOString().slice(0, 10) } : {}),
    }));
  const nickname = nonEmpty(names.find((n) => n.use === 'nickname')?.given?.[0]);
  return {
    // Missing parts fail registration's own rules (name.given, name.family required).
    name: {
      given: given ?? '',
      family: official?.family ?? '',
      ...(middle.length > 0 ? { middle: middle.join(' ') } : {}),
      ...(nonEmpty(official?.prefix?.[0]) ? { prefix: official!.prefix![0] } : {}),
      ...(nonEmpty(official?.suffix?.[0]) ? { suffix: official!.suffix![0] } : {}),
    },
    previousNames,
    ...(nickname ? { preferredName: nickname } : {}),
  };
}

function contactsOf(
  p: FhirPatient,
  ctx: ParseContext,
): Pick<CreatePatientInput, 'phones' | 'email'> {
  const phones: NonNullable<CreatePatientInput['phones']> = [];
  let email: string | undefined;
  let preferredTaken = false;
  (p.telecom ?? []).forEach((t, i) => {
    const value = nonEmpty(t.value);
    if (!value) return;
    if (t.system === 'email') {
      if (!email && z.email().safeParse(value).success) email = value;
      else if (!email)
        ctx.warn(`telecom[${i}].value`, 'email.invalid', 'not an e-mail address: dropped');
      return;
    }
    if (t.system !== 'phone' && t.system !== 'sms') return;
    if (normalizePhone(value) === null) {
      ctx.warn(`telecom[${i}].value`, 'phone.invalid', 'not a valid phone number: dropped');
      return;
    }
    if (phones.length === 6) {
      ctx.warn(`telecom[${i}]`, 'phone.too_many', 'more than 6 phones: dropped');
      return;
    }
    const kind =
      t.system === 'sms' || t.use === 'mobile'
        ? 'mobile'
        : t.use === 'home' || t.use === 'work'
          ? t.use
          : 'other';
    const preferred = t.rank === 1 && !preferredTaken;
    preferredTaken ||= preferred;
    phones.push({ kind, number: value, preferred });
  });
  return { phones, ...(email ? { email } : {}) };
}

const countryAliases: Readonly<Record<string, string>> = {
  USA: 'US',
  'UNITED STATES': 'US',
  'UNITED STATES OF AMERICA': 'US',
};

function addressesOf(p: FhirPatient, ctx: ParseContext): CreatePatientInput['addresses'] {
  const out: NonNullable<CreatePatientInput['addresses']> = [];
  (p.address ?? []).forEach((a, i) => {
    const line1 = nonEmpty(a.line?.[0]);
    const city = nonEmpty(a.city);
    if (!line1 || !city) {
      ctx.warn(`address[${i}]`, 'address.incomplete', 'needs a street line and a city: dropped');
      return;
    }
    const rawCountry = nonEmpty(a.country)?.toUpperCase() ?? 'US';
    const country = countryAliases[rawCountry] ?? rawCountry;
    if (!/^[A-Z]{2}$/.test(country)) {
      ctx.warn(
        `address[${i}].country`,
        'address.country',
        'not an ISO 3166-1 alpha-2 code: address dropped',
      );
      return;
    }
    let postalCode = nonEmpty(a.postalCode);
    if (postalCode && !isValidPostalCode(postalCode, country)) {
      ctx.warn(
        `address[${i}].postalCode`,
        'address.postal_code',
        `not a postal code of ${country}: dropped`,
      );
      postalCode = undefined;
    }
    const until = a.period?.end?.toISOString().slice(0, 10);
    if (a.use === 'old' && !until) {
      ctx.warn(
        `address[${i}]`,
        'address.old_without_end',
        'an old address needs period.end: dropped',
      );
      return;
    }
    const use =
      a.use === 'work'
        ? 'work'
        : a.use === 'temp'
          ? 'temporary'
          : a.use === 'billing'
            ? 'mailing'
            : 'home';
    out.push({
      use,
      line1,
      ...(nonEmpty(a.line?.slice(1).join(', ')) ? { line2: a.line!.slice(1).join(', ') } : {}),
      city,
      ...(nonEmpty(a.district) ? { district: a.district } : {}),
      ...(nonEmpty(a.state) ? { state: a.state } : {}),
      ...(postalCode ? { postalCode } : {}),
      country,
      ...(a.period?.start ? { since: a.period.start.toISOString().slice(0, 10) } : {}),
      ...(until ? { until } : {}),
    });
  });
  return out.slice(0, 20);
}

function identifiersOf(
  p: FhirPatient,
  ctx: ParseContext,
): { identifiers: NonNullable<CreatePatientInput['identifiers']>; ssn?: string } {
  const identifiers: NonNullable<CreatePatientInput['identifiers']> = [];
  const slots = new Set<string>();
  let ssn: string | undefined;
  (p.identifier ?? []).forEach((id, i) => {
    const system = nonEmpty(id.system);
    const value = nonEmpty(id.value);
    if (!system || !value) return;
    const v2 = id.type?.coding?.find((c) => c.system?.endsWith('v2-0203'))?.code;
    if (system === ssnSystem || v2 === 'SS') {
      if (normalizeSsn(value) === null) {
        ctx.warn(`identifier[${i}].value`, 'ssn.invalid', 'not an issuable SSN: dropped');
      } else ssn ??= value;
      return;
    }
    const type = (v2 && identifierTypeByV2[v2]) || 'other';
    if (system.length > 100 || value.length > 64) {
      ctx.warn(
        `identifier[${i}]`,
        'identifier.too_long',
        'system over 100 or value over 64 characters: dropped',
      );
      return;
    }
    const slot = `${type}|${system.toLowerCase()}`;
    if (slots.has(slot)) {
      ctx.warn(
        `identifier[${i}]`,
        'identifier.repeated',
        'a second identifier of this type and system: dropped',
      );
      return;
    }
    slots.add(slot);
    identifiers.push({ type, assigningAuthority: system, value });
  });
  return { identifiers: identifiers.slice(0, 19), ...(ssn ? { ssn } : {}) };
}

function languageOf(p: FhirPatient): string | undefined {
  const comm = p.communication?.find((c) => c.preferred) ?? p.communication?.[0];
  const code = comm?.language.coding?.find((c) => c.system === 'urn:ietf:bcp:47')?.code;
  return code && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code) ? code : undefined;
}

// Our registration's field -> where it came from in the FHIR Patient (issue paths).
const fhirPathOf: Readonly<Record<string, string>> = {
  name: 'name',
  previousNames: 'name',
  preferredName: 'name',
  phones: 'telecom',
  email: 'telecom',
  addresses: 'address',
  identifiers: 'identifier',
  deceasedDate: 'deceasedDateTime',
  ssn: 'identifier',
  sexAtBirth: 'gender',
  race: 'extension',
  ethnicity: 'extension',
};

/**
 * The registration of a FHIR Patient, checked by registration's own schema, and its match
 * keys: identifiers of type external_mrn/other; when it has none, its source identity.
 */
export function mapPatient(p: FhirPatient, ctx: ParseContext): PatientImport | null {
  // Registration needs these; say so in FHIR's terms before its own schema would.
  const official = officialName(p.name ?? []);
  const missing = [
    !p.birthDate && (['birthDate', 'is required to register the patient'] as const),
    !nonEmpty(official?.family) && (['name.family', 'is required (official name)'] as const),
    !nonEmpty(official?.given?.[0]) && (['name.given', 'is required (official name)'] as const),
  ].filter((m) => m !== false);
  for (const [path, message] of missing) ctx.fail(path, 'required', message);
  if (missing.length > 0) return null;
  const { identifiers, ssn } = identifiersOf(p, ctx);
  const race = [
    ...new Set(ombCodes(p.extension, 'us-core-race').flatMap((c) => raceByCode[c] ?? [])),
  ];
  const ethnicity = ombCodes(p.extension, 'us-core-ethnicity')
    .map((c) => ethnicityByCode[c])
    .find((e) => e !== undefined);
  const marital = p.maritalStatus?.coding?.map((c) => maritalByCode[c.code ?? '']).find(Boolean);
  const deceasedDate = p.deceasedDateTime?.slice(0, 10);
  const matchKeys: MatchKey[] = identifiers.flatMap((i) =>
    i.type === 'external_mrn' || i.type === 'other'
      ? [{ type: i.type, assigningAuthority: i.assigningAuthority, value: i.value }]
      : [],
  );
  if (matchKeys.length === 0) {
    // Tricky: without an identifier the record's source identity is what finds it again.
    const key: MatchKey = {
      type: 'other',
      assigningAuthority: ctx.source.system,
      value: ctx.source.id,
    };
    if (key.assigningAuthority.length <= 100 && key.value.length <= 64) {
      matchKeys.push(key);
      identifiers.push(key);
    }
  }
  const language = languageOf(p);
  const input: CreatePatientInput = {
    ...namesOf(p),
    birthDate: p.birthDate ?? '',
    sexAtBirth: sexOf(p),
    ...(language ? { language } : {}),
    ...(marital ? { maritalStatus: marital } : {}),
    race,
    ...(ethnicity ? { ethnicity } : {}),
    ...contactsOf(p, ctx),
    addresses: addressesOf(p, ctx),
    deceased: p.deceasedBoolean === true || deceasedDate !== undefined,
    ...(deceasedDate ? { deceasedDate } : {}),
    ...(ssn ? { ssn } : {}),
    identifiers,
  };
  const parsed = createPatientBody.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, ...rest] = issue.path;
      const fhir = fhirPathOf[String(field)] ?? String(field);
      ctx.fail(
        fhir,
        `registration.${issue.code === 'custom' ? 'rule' : issue.code}`,
        `${formatPath([String(field), ...rest])} ${issue.message}`,
      );
    }
    return null;
  }
  if (matchKeys.length === 0) {
    ctx.fail(
      'identifier',
      'identifier.required',
      'needs an identifier with a system, or a fullUrl that identifies it',
    );
    return null;
  }
  const { duplicateOverride: _ignored, ...registration } = parsed.data;
  return { input: registration, matchKeys };
}
