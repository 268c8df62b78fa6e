import { describe, expect, it } from 'vitest';
import type { PatientRow } from '../patients.tables.js';
import { searchKeys } from '../search-keys.js';
import { planRecordMerge } from './record-merge.js';

const at = new Date('2026-01-01T00:00:00Z');

function row(o: Partial<PatientRow> = {}): PatientRow {
  const base: PatientRow = {
    id: '00000000-0000-7000-8000-000000000001',
    mrn: '10000009',
    version: 1,
    status: 'active',
    mergedIntoId: null,
    mergedAt: null,
    namePrefix: null,
    givenName: 'Maria',
    middleName: null,
    familyName: 'Garcia',
    nameSuffix: null,
    preferredName: null,
    previousNames: [],
    birthDate: '1980-02-03',
    sexAtBirth: 'female',
    genderIdentity: null,
    pronouns: null,
    language: null,
    interpreterNeeded: false,
    maritalStatus: null,
    race: [],
    ethnicity: null,
    phones: [],
    email: null,
    addresses: [],
    preferredContact: null,
    consentSms: false,
    consentEmail: false,
    contacts: [],
    primaryCareUserId: null,
    homeFacilityId: null,
    deceased: false,
    deceasedDate: null,
    flagVip: false,
    flagEmployee: false,
    flagConfidential: false,
    ssnEncrypted: null,
    ssnLast4: null,
    searchGiven: '',
    searchFamily: '',
    searchNames: '',
    namePhonetic: [],
    phoneKeys: [],
    postalCode: null,
    createdAt: at,
    updatedAt: at,
    createdBy: null,
    updatedBy: null,
  };
  return { ...base, ...o };
}

const same = { ssnDiffers: false };
const home = { use: 'home' as const, line1: '12 Elm St.', city: 'Springfield', country: 'US' };

describe('planRecordMerge', () => {
  it('joins phones by number and keeps a single preferred phone', () => {
    const s = row({ phones: [{ kind: 'mobile', number: '+12025550101', preferred: true }] });
    const d = row({
      phones: [
        { kind: 'home', number: '+12025550101', preferred: false },
        { kind: 'work', number: '+12025550102', preferred: true },
      ],
    });
    const plan = planRecordMerge(s, d, same);
    expect(plan.changes.phones).toEqual([
      { kind: 'mobile', number: '+12025550101', preferred: true },
      { kind: 'work', number: '+12025550102', preferred: false },
    ]);
    expect(plan.changes.phoneKeys).toEqual(['2025550101', '2025550102']);
    expect(plan.moves).toBe(1);
  });

  it('treats an address written with other case and punctuation as the same place', () => {
    const s = row({ addresses: [{ ...home, postalCode: '62701' }] });
    const d = row({
      addresses: [
        { ...home, line1: '12 ELM ST', postalCode: '62701-1234' },
        { use: 'work', line1: '1 Main St', city: 'Springfield', country: 'US' },
      ],
    });
    const plan = planRecordMerge(s, d, same);
    expect(plan.changes.addresses?.map((a) => a.line1)).toEqual(['12 Elm St.', '1 Main St']);
  });

  it("keeps the duplicate's different name as an alias the search keys include", () => {
    const s = row();
    const d = row({
      givenName: 'María',
      familyName: 'García López',
      previousNames: [{ kind: 'maiden', family: 'López' }],
    });
    const plan = planRecordMerge(s, d, same);
    expect(plan.changes.previousNames).toEqual([
      { kind: 'maiden', family: 'López' },
      { kind: 'alias', given: 'María', family: 'García López' },
    ]);
    expect(plan.changes.searchNames?.split(' ')).toEqual(
      expect.arrayContaining(['maria', 'garcia', 'lopez']),
    );
    expect(plan.changes.searchFamily).toBe('garcia');
  });

  it('adds no alias when the names differ only in accents and case', () => {
    const plan = planRecordMerge(row(), row({ givenName: 'MARÍA' }), same);
    expect(plan.changes.previousNames).toEqual([]);
  });

  it('fills details the survivor lacks and never overwrites those it has', () => {
    const s = row({ email: 'kept@example.org', language: null });
    const d = row({
      email: 'other@example.org',
      language: 'es',
      preferredContact: 'sms',
      consentSms: true,
      interpreterNeeded: true,
      flagConfidential: true,
    });
    const plan = planRecordMerge(s, d, same);
    expect(plan.changes.email).toBeUndefined();
    expect(plan.changes).toMatchObject({
      language: 'es',
      preferredContact: 'sms',
      consentSms: true,
      interpreterNeeded: true,
      flagConfidential: true,
    });
  });

  it("copies the duplicate's SSN when only the duplicate has one", () => {
    const plan = planRecordMerge(row(), row({ ssnEncrypted: 'sealed', ssnLast4: '6789' }), same);
    expect(plan.changes).toMatchObject({ ssnEncrypted: 'sealed', ssnLast4: '6789' });
    expect(plan.conflicts).toEqual([]);
  });

  it('refuses different SSNs', () => {
    const plan = planRecordMerge(row(), row(), { ssnDiffers: true });
    expect(plan.conflicts.map((c) => c.field)).toEqual(['ssn']);
  });

  it('refuses a death recorded on the duplicate only', () => {
    const plan = planRecordMerge(row(), row({ deceased: true, deceasedDate: '2025-01-01' }), same);
    expect(plan.conflicts.map((c) => c.field)).toEqual(['deceased']);
  });

  it('refuses when the joined phones exceed what a record keeps', () => {
    const phones = (from: number) =>
      [0, 1, 2, 3].map((i) => ({
        kind: 'other' as const,
        number: `+1202555${String(from + i).padStart(4, '0')}`,
        preferred: false,
      }));
    const plan = planRecordMerge(row({ phones: phones(100) }), row({ phones: phones(200) }), same);
    expect(plan.conflicts.map((c) => c.field)).toEqual(['phones']);
  });

  it('joins one contact entered on both records and refuses two different guarantors', () => {
    const mother = {
      roles: ['emergency' as const],
      name: 'Ana Ruiz',
      relationship: 'parent' as const,
    };
    const joined = planRecordMerge(
      row({ contacts: [mother] }),
      row({
        contacts: [{ ...mother, name: 'ana ruiz', roles: ['next_of_kin'], phone: '+12025550199' }],
      }),
      same,
    );
    expect(joined.changes.contacts).toEqual([
      { ...mother, roles: ['emergency', 'next_of_kin'], phone: '+12025550199' },
    ]);

    const g = (name: string) => ({
      roles: ['guarantor' as const],
      name,
      relationship: 'spouse' as const,
    });
    const clash = planRecordMerge(
      row({ contacts: [g('Ben')] }),
      row({ contacts: [g('Carl')] }),
      same,
    );
    expect(clash.conflicts.map((c) => c.field)).toEqual(['contacts']);
  });

  it('joins race categories and drops "unknown" once a category is known', () => {
    const plan = planRecordMerge(
      row({ race: ['unknown'] }),
      row({ race: ['asian', 'white'] }),
      same,
    );
    expect(plan.changes.race).toEqual(['asian', 'white']);
  });

  it('recomputes the search keys the way every write does', () => {
    const d = row({ phones: [{ kind: 'mobile', number: '+12025550111', preferred: false }] });
    const plan = planRecordMerge(row(), d, same);
    const expected = searchKeys({
      name: { given: 'Maria', family: 'Garcia' },
      phones: d.phones,
      addresses: [],
      previousNames: [],
    });
    expect(plan.changes).toMatchObject(expected);
  });
});
