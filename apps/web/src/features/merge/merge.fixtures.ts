import type { Patient, PatientSummary } from '@meridian/contracts';

/** A patient record as the API answers it, with `overrides`. */
export function aPatient(overrides: Partial<Patient> = {}): Patient {
  return {
    id: '0192f0c4-0000-7000-8000-00000000e001',
    mrn: '10000014',
    version: 4,
    status: 'active',
    mergedIntoId: null,
    name: { given: 'José', family: 'García' },
    preferredName: null,
    previousNames: [],
    birthDate: '1980-02-29',
    sexAtBirth: 'male',
    genderIdentity: null,
    pronouns: null,
    language: 'es',
    interpreterNeeded: false,
    maritalStatus: null,
    race: [],
    ethnicity: null,
    phones: [{ kind: 'mobile', number: '+16175550123', preferred: true }],
    email: null,
    addresses: [],
    preferredContact: null,
    consentSms: false,
    consentEmail: false,
    contacts: [],
    primaryCarePractitioner: null,
    homeFacilityId: null,
    deceased: false,
    deceasedDate: null,
    flags: { vip: false, employee: false, confidential: false },
    restricted: false,
    ssnMasked: null,
    identifiers: [],
    mrnAliases: [],
    hasPhoto: false,
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:00Z',
    ...overrides,
  };
}

/** The search hit of a patient record. */
export function summaryOf(p: Patient): PatientSummary {
  return {
    id: p.id,
    mrn: p.mrn,
    restricted: p.restricted,
    status: p.status,
    name: p.name,
    preferredName: p.preferredName,
    birthDate: p.birthDate,
    sexAtBirth: p.sexAtBirth,
    phone: p.phones[0]?.number ?? null,
    city: null,
    deceased: p.deceased,
    matchedBy: ['name'],
    score: 1,
  };
}
