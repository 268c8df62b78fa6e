// The demo's patients: 500 generated people (fixed seed) plus hand-picked ones a demo can
// name: Unicode names, a restricted (VIP) record, and three known duplicate pairs for the
// duplicate warning and the merge tool. Phones are fictional 555-01xx numbers.
import { createPatientBody, type CreatePatientInput } from '@meridian/contracts';
import type {
  GeneratedCoverage,
  GeneratedRecord,
  Perturbation,
} from '../modules/patients/generator/patient-generator.js';

export const DEMO_PATIENT_SEED = 1450;
export const DEMO_GENERATED_PATIENTS = 500;

const albany = (line1: string, postalCode = '12208') =>
  ({ use: 'home', line1, city: 'Albany', state: 'NY', postalCode, country: 'US' }) as const;

const selfCoverage = (payerIndex: number, memberId: string): GeneratedCoverage => ({
  payerIndex,
  memberId,
  groupNumber: '100245',
  priority: 'primary',
  effectiveFrom: '2024-01-01',
  subscriberRelationship: 'self',
});

interface DemoPatient {
  input: CreatePatientInput;
  coverages?: GeneratedCoverage[];
  /** Index in DEMO_SHOWCASE of the record this one duplicates, and how it differs. */
  duplicateOf?: { index: number; perturbations: Perturbation[] };
}

// prettier-ignore
const showcase: readonly DemoPatient[] = [
  { // 0
    input: {
      name: { given: 'José', family: 'García' }, birthDate: '1978-03-14', sexAtBirth: 'male',
      language: 'es', interpreterNeeded: true, maritalStatus: 'married',
      phones: [{ kind: 'mobile', number: '+15185550123', preferred: true }],
      addresses: [albany('27 Lark Street', '12210')], ssn: '512-34-7788',
      race: ['white'], ethnicity: 'hispanic_or_latino',
    },
    coverages: [selfCoverage(0, 'W284019377')],
  },
  { // 1
    input: {
      name: { given: 'Lan', middle: 'Thị', family: 'Nguyễn' }, birthDate: '1985-09-02',
      sexAtBirth: 'female', language: 'vi', interpreterNeeded: true,
      phones: [{ kind: 'mobile', number: '+15185550124', preferred: true }],
      addresses: [albany('310 Central Avenue', '12206')], race: ['asian'],
    },
    coverages: [selfCoverage(1, 'U66120458')],
  },
  { // 2
    input: {
      name: { given: 'Siobhan', family: "O'Brien-Smith" }, birthDate: '1992-12-24',
      sexAtBirth: 'female', maritalStatus: 'married',
      previousNames: [{ kind: 'maiden', family: "O'Brien" }],
      phones: [{ kind: 'mobile', number: '+15185550125', preferred: true }],
      email: 'siobhan.obrien-smith@example.com', consentEmail: true, preferredContact: 'email',
      addresses: [albany('14 Madison Place', '12202')],
    },
    coverages: [selfCoverage(2, 'B90331245')],
  },
  { // 3
    input: {
      name: { given: '小明', family: '王' }, preferredName: 'Xiaoming Wang',
      birthDate: '2001-06-18', sexAtBirth: 'male', language: 'zh', interpreterNeeded: false,
      phones: [{ kind: 'mobile', number: '+15185550126', preferred: true }],
      addresses: [albany('88 Washington Avenue', '12210')], race: ['asian'],
    },
  },
  { // 4: a restricted record, for break-the-glass
    input: {
      name: { given: 'Victoria', family: 'Sterling' }, birthDate: '1969-02-11', sexAtBirth: 'female',
      phones: [{ kind: 'mobile', number: '+15185550127', preferred: true }],
      addresses: [albany('1 Loudonville Road', '12204')], flags: { vip: true },
    },
  },
  // Known duplicate pairs: each second record is the same person registered again.
  { // 5
    input: {
      name: { given: 'Robert', middle: 'James', family: 'Miller' }, birthDate: '1956-07-04',
      sexAtBirth: 'male', maritalStatus: 'widowed',
      phones: [{ kind: 'home', number: '+15185550131', preferred: true }],
      addresses: [albany('52 Delaware Avenue', '12209')], ssn: '213-58-4401',
    },
    coverages: [selfCoverage(5, 'MB4471980023')],
  },
  { // 6: Robert registered as "Bob" at an urgent-care visit
    input: {
      name: { given: 'Bob', family: 'Miller' }, birthDate: '1956-07-04', sexAtBirth: 'male',
      phones: [{ kind: 'home', number: '+15185550131', preferred: true }],
      addresses: [albany('52 Delaware Avenue', '12209')],
    },
    duplicateOf: { index: 5, perturbations: ['nickname', 'missing_ssn'] },
  },
  { // 7
    input: {
      name: { given: 'Katherine', family: 'Johnson' }, birthDate: '1990-11-03', sexAtBirth: 'female',
      phones: [{ kind: 'mobile', number: '+15185550132', preferred: true }],
      email: 'kjohnson@example.org', addresses: [albany('9 Hudson Avenue', '12210')],
      ssn: '142-67-3309',
    },
    coverages: [selfCoverage(3, 'H31190557')],
  },
  { // 8: a typo in the family name and day and month transposed
    input: {
      name: { given: 'Katherine', family: 'Jonhson' }, birthDate: '1990-03-11', sexAtBirth: 'female',
      phones: [{ kind: 'mobile', number: '+15185550132', preferred: true }],
      addresses: [albany('9 Hudson Avenue', '12210')], ssn: '142-67-3309',
    },
    duplicateOf: { index: 7, perturbations: ['name_typo', 'dob_day_month_transposed'] },
  },
  { // 9
    input: {
      name: { given: 'María', middle: 'Elena', family: 'González' }, birthDate: '1972-05-21',
      sexAtBirth: 'female', language: 'es',
      phones: [{ kind: 'mobile', number: '+15185550133', preferred: true }],
      addresses: [albany('230 Morton Avenue', '12202')], ssn: '327-11-0986',
    },
    coverages: [selfCoverage(4, 'C55018832')],
  },
  { // 10: given and family swapped, and a new mobile number
    input: {
      name: { given: 'Gonzalez', family: 'Maria' }, birthDate: '1972-05-21', sexAtBirth: 'female',
      phones: [{ kind: 'mobile', number: '+15185550134', preferred: true }],
      addresses: [albany('230 Morton Avenue', '12202')], ssn: '327-11-0986',
    },
    duplicateOf: { index: 9, perturbations: ['swapped_names', 'new_phone'] },
  },
];

/**
 * The hand-picked records as a generator would emit them (keys after the generated ones),
 * parsed by the registration schema so they are exactly what the API would store.
 */
export function demoShowcaseRecords(firstKey: number): GeneratedRecord[] {
  return showcase.map((p, i) => ({
    key: firstKey + i,
    personKey: firstKey + (p.duplicateOf?.index ?? i),
    duplicateOfKey: p.duplicateOf ? firstKey + p.duplicateOf.index : null,
    perturbations: p.duplicateOf?.perturbations ?? [],
    input: createPatientBody.parse(p.input),
    coverages: p.coverages ?? [],
  }));
}
