import type { MatchCandidate, Patient, PatientSummary } from '@meridian/contracts';

export const patientId = '0192f0c4-0000-7000-8000-0000000000a1';

/** A patient as GET /api/v1/patients/:id answers, with `overrides`. */
export function aPatient(overrides: Partial<Patient> = {}): Patient {
  return {
    id: patientId,
    mrn: '10000014',
    version: 7,
    status: 'active',
    mergedIntoId: null,
    name: { given: 'José', middle: 'María', family: 'García' },
    preferredName: 'Pepe',
    previousNames: [],
    birthDate: '1980-04-12',
    sexAtBirth: 'male',
    genderIdentity: null,
    pronouns: 'he/him',
    language: 'es',
    interpreterNeeded: true,
    maritalStatus: 'married',
    race: ['white'],
    ethnicity: 'hispanic_or_latino',
    phones: [{ kind: 'mobile', number: '+12025550123', preferred: true }],
    email: 'jose.garcia@example.org',
    addresses: [
      {
        use: 'home',
        line1: '12 Elm Street',
        city: 'Springfield',
        postalCode: '62701',
        country: 'US',
      },
    ],
    preferredContact: 'phone',
    consentSms: false,
    consentEmail: false,
    contacts: [],
    primaryCarePractitioner: null,
    homeFacilityId: null,
    deceased: false,
    deceasedDate: null,
    flags: { vip: false, employee: false, confidential: false },
    restricted: false,
    ssnMasked: '***-**-6789',
    identifiers: [],
    mrnAliases: [],
    hasPhoto: false,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-03-01T09:00:00Z',
    ...overrides,
  };
}

/** A search hit, visible unless overridden. */
export function aSummary(overrides: Partial<PatientSummary> = {}): PatientSummary {
  return {
    id: patientId,
    mrn: '10000014',
    restricted: false,
    status: 'active',
    name: { given: 'José', family: 'García' },
    preferredName: 'Pepe',
    birthDate: '1980-04-12',
    sexAtBirth: 'male',
    phone: '+12025550123',
    city: 'Springfield',
    deceased: false,
    matchedBy: ['name'],
    score: 12,
    ...overrides,
  };
}

/** A restricted hit the reader has no grant for: only id and MRN show. */
export function aRestrictedSummary(id: string, mrn: string): PatientSummary {
  return {
    id,
    mrn,
    restricted: true,
    status: 'active',
    name: null,
    preferredName: null,
    birthDate: null,
    sexAtBirth: null,
    phone: null,
    city: null,
    deceased: null,
    matchedBy: ['name'],
    score: 10,
  };
}

export function aCandidate(overrides: Partial<MatchCandidate> = {}): MatchCandidate {
  return {
    patient: aSummary(),
    score: 27.5,
    band: 'likely',
    reasons: [
      { field: 'family', rule: 'exact', weight: 8.6 },
      { field: 'birth_date', rule: 'transposed_day_month', weight: 7.2 },
    ],
    ...overrides,
  };
}
