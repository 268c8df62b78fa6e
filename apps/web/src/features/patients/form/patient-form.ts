import type { z } from 'zod';
import type {
  CreatePatientInput,
  Patient,
  identifierType,
  patientAddressOut,
  phoneKind,
  previousNameKind,
} from '@meridian/contracts';

type PhoneKind = z.infer<typeof phoneKind>;
type IdentifierType = z.infer<typeof identifierType>;
type PreviousNameKind = z.infer<typeof previousNameKind>;
type AddressOut = z.infer<typeof patientAddressOut>;

export interface PhoneValues {
  kind: PhoneKind;
  number: string;
  preferred: boolean;
}

export interface AddressValues {
  use: AddressOut['use'];
  line1: string;
  line2: string;
  city: string;
  district: string;
  state: string;
  postalCode: string;
  country: string;
  since: string;
}

export interface ContactValues {
  roles: string[];
  name: string;
  relationship: string;
  phone: string;
  email: string;
  address: string;
}

export interface IdentifierValues {
  type: IdentifierType;
  assigningAuthority: string;
  value: string;
}

export interface PreviousNameValues {
  kind: PreviousNameKind;
  given: string;
  family: string;
  until: string;
}

/**
 * The registration and edit form. It mirrors the API body field for field, so the
 * contract's issue paths (`phones.0.number`) and the server's are the form's paths too.
 * Blank text means "not given" and is left out of the body.
 */
export interface PatientFormValues {
  name: { prefix: string; given: string; middle: string; family: string; suffix: string };
  preferredName: string;
  previousNames: PreviousNameValues[];
  birthDate: string;
  sexAtBirth: string;
  genderIdentity: string;
  pronouns: string;
  language: string;
  interpreterNeeded: boolean;
  maritalStatus: string;
  race: string[];
  ethnicity: string;
  phones: PhoneValues[];
  email: string;
  addresses: AddressValues[];
  preferredContact: string;
  consentSms: boolean;
  consentEmail: boolean;
  contacts: ContactValues[];
  /** A staff physician's id; blank for none. */
  primaryCarePractitionerId: string;
  deceased: boolean;
  deceasedDate: string;
  flags: { vip: boolean; employee: boolean; confidential: boolean };
  /** Typed SSN; blank on edit keeps the one on file. */
  ssn: string;
  /** Edit only: remove the SSN on file. */
  removeSsn: boolean;
  identifiers: IdentifierValues[];
}

/** What the form does not show but an update must send back unchanged. */
export interface KeptFields {
  /** Past addresses (with `until`): history the server keeps, not edited here. */
  pastAddresses: AddressOut[];
  homeFacilityId?: string;
}

export const emptyPhone = (): PhoneValues => ({ kind: 'mobile', number: '', preferred: false });
export const emptyAddress = (): AddressValues => ({
  use: 'home',
  line1: '',
  line2: '',
  city: '',
  district: '',
  state: '',
  postalCode: '',
  country: 'US',
  since: '',
});
export const emptyContact = (): ContactValues => ({
  roles: ['emergency'],
  name: '',
  relationship: '',
  phone: '',
  email: '',
  address: '',
});
export const emptyIdentifier = (): IdentifierValues => ({
  type: 'external_mrn',
  assigningAuthority: '',
  value: '',
});
export const emptyPreviousName = (): PreviousNameValues => ({
  kind: 'maiden',
  given: '',
  family: '',
  until: '',
});

export function emptyPatientForm(): PatientFormValues {
  return {
    name: { prefix: '', given: '', middle: '', family: '', suffix: '' },
    preferredName: '',
    previousNames: [],
    birthDate: '',
    sexAtBirth: '',
    genderIdentity: '',
    pronouns: '',
    language: '',
    interpreterNeeded: false,
    maritalStatus: '',
    race: [],
    ethnicity: '',
    phones: [{ ...emptyPhone(), preferred: true }],
    email: '',
    addresses: [emptyAddress()],
    preferredContact: '',
    consentSms: false,
    consentEmail: false,
    contacts: [],
    primaryCarePractitionerId: '',
    deceased: false,
    deceasedDate: '',
    flags: { vip: false, employee: false, confidential: false },
    ssn: '',
    removeSsn: false,
    identifiers: [],
  };
}

/** Drops blank strings (and what becomes empty) from objects, keeping array positions. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && v.trim() === '') continue;
    out[key] = compact(v);
  }
  return out;
}

const isBlankPhone = (p: PhoneValues) => p.number.trim() === '';
const isBlankAddress = (a: AddressValues) =>
  [a.line1, a.line2, a.city, a.district, a.state, a.postalCode, a.since].every(
    (v) => v.trim() === '',
  );

/**
 * The form rows the body keeps: a phone or address row left blank (the form offers one of
 * each to start with) is not sent. Index i of the body's list is row `rows[i]` of the form.
 */
export function sentRows(values: PatientFormValues): Record<'phones' | 'addresses', number[]> {
  const keep = <T>(list: T[], isBlank: (v: T) => boolean) =>
    list.flatMap((v, i) => (isBlank(v) ? [] : [i]));
  return {
    phones: keep(values.phones, isBlankPhone),
    addresses: keep(values.addresses, isBlankAddress),
  };
}

/** The form path of a body path: `phones.0.number` is the form's `phones.2.number` when the
 * first two phone rows were blank. */
export function formPathOf(values: PatientFormValues, bodyPath: string): string {
  const [list, index, ...rest] = bodyPath.split('.');
  if ((list !== 'phones' && list !== 'addresses') || index === undefined) return bodyPath;
  const row = sentRows(values)[list][Number(index)];
  return row === undefined ? bodyPath : [list, String(row), ...rest].join('.');
}

/**
 * The API body from the form. `mode` decides what a blank SSN means: nothing to store
 * (create) or "keep the one on file" (update).
 */
export function toPatientBody(
  values: PatientFormValues,
  mode: 'create' | 'update',
  kept: KeptFields = { pastAddresses: [] },
): CreatePatientInput {
  const { ssn, removeSsn, addresses, phones, ...rest } = values;
  const rows = sentRows(values);
  const body = compact({
    ...rest,
    phones: rows.phones.map((i) => phones[i]),
    ...(kept.homeFacilityId ? { homeFacilityId: kept.homeFacilityId } : {}),
  }) as Record<string, unknown>;
  // Current addresses first, so issue paths `addresses.N` point at the form's rows.
  const current = rows.addresses.map((i) => addresses[i]);
  body['addresses'] = [...(compact(current) as unknown[]), ...kept.pastAddresses];
  if (mode === 'update' && removeSsn) body['ssn'] = null;
  else if (ssn.trim() !== '') body['ssn'] = ssn.trim();
  return body as CreatePatientInput;
}

const text = (v: string | null | undefined): string => v ?? '';

/** The form filled from a record, for editing. */
export function patientToForm(p: Patient): { values: PatientFormValues; kept: KeptFields } {
  const current = p.addresses.filter((a) => a.until === undefined);
  const past = p.addresses.filter((a) => a.until !== undefined);
  const values: PatientFormValues = {
    name: {
      prefix: text(p.name.prefix),
      given: p.name.given,
      middle: text(p.name.middle),
      family: p.name.family,
      suffix: text(p.name.suffix),
    },
    preferredName: text(p.preferredName),
    previousNames: p.previousNames.map((n) => ({
      kind: n.kind,
      given: text(n.given),
      family: n.family,
      until: text(n.until),
    })),
    birthDate: p.birthDate,
    sexAtBirth: p.sexAtBirth,
    genderIdentity: text(p.genderIdentity),
    pronouns: text(p.pronouns),
    language: text(p.language),
    interpreterNeeded: p.interpreterNeeded,
    maritalStatus: text(p.maritalStatus),
    race: [...p.race],
    ethnicity: text(p.ethnicity),
    phones: p.phones.map((ph) => ({ ...ph })),
    email: text(p.email),
    addresses: current.map((a) => ({
      use: a.use,
      line1: a.line1,
      line2: text(a.line2),
      city: a.city,
      district: text(a.district),
      state: text(a.state),
      postalCode: text(a.postalCode),
      country: a.country,
      since: text(a.since),
    })),
    preferredContact: text(p.preferredContact),
    consentSms: p.consentSms,
    consentEmail: p.consentEmail,
    contacts: p.contacts.map((c) => ({
      roles: [...c.roles],
      name: c.name,
      relationship: c.relationship,
      phone: text(c.phone),
      email: text(c.email),
      address: text(c.address),
    })),
    primaryCarePractitionerId: p.primaryCarePractitioner?.id ?? '',
    deceased: p.deceased,
    deceasedDate: text(p.deceasedDate),
    flags: { ...p.flags },
    ssn: '',
    removeSsn: false,
    identifiers: p.identifiers.map((i) => ({ ...i })),
  };
  const kept: KeptFields = {
    pastAddresses: past,
    ...(p.homeFacilityId ? { homeFacilityId: p.homeFacilityId } : {}),
  };
  return { values, kept };
}

/** Every path in the form's values (`phones`, `phones.0`, `phones.0.number`, ...). */
export function formPaths(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object') return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path, ...formPaths(v, path));
  }
  return out;
}
