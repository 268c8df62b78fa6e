import { describe, expect, it } from 'vitest';
import {
  alexisToyFile,
  bundleOf,
  evelynFile,
  fhirEncounter,
  fhirPatient,
  fhirPractitioner,
  resourcesOf,
  syntheaBundle,
  syntheaFiles,
  type Json,
} from '../../../../../test/clinical-import-factories.js';
import { BundleIndex, readBundle, type BundleEntry } from '../bundle-reader.js';
import { EntryParse } from '../entry-parse.js';
import { encounterFhirMapper } from './encounter.fhir-mapper.js';
import { fhirPatient as fhirPatientSchema, mapPatient } from './patient.fhir-mapper.js';

/** Parses entry `at` of `bundle` the way the importer does, with its issues. */
function parseAt(bundle: Json, at: number) {
  const read = readBundle(bundle);
  if ('problem' in read) throw new Error(read.problem.rule);
  const entry: BundleEntry = read.entries[at]!;
  const ctx = new EntryParse(entry, entry.source!, new BundleIndex(read.entries), null);
  return { ctx, entry };
}

function parseEncounter(bundle: Json, at: number) {
  const { ctx, entry } = parseAt(bundle, at);
  const row = encounterFhirMapper.parse(entry.resource!, ctx) as {
    encounter: Record<string, unknown>;
    participants: unknown[];
  } | null;
  return { row, failures: ctx.failures, warnings: ctx.warnings };
}

function parsePatient(bundle: Json, at = 0) {
  const { ctx, entry } = parseAt(bundle, at);
  const p = ctx.validate(fhirPatientSchema, entry.resource);
  return { result: p ? mapPatient(p, ctx) : null, failures: ctx.failures, warnings: ctx.warnings };
}

describe('mapping a FHIR Encounter', () => {
  it("keeps a Synthea visit's class, status, SNOMED type, period and practitioner's name", () => {
    const synthea = syntheaBundle(alexisToyFile);
    const at = (synthea.entry as { resource: Json }[]).findIndex(
      (e) => e.resource.resourceType === 'Encounter',
    );
    const { row, failures } = parseEncounter(synthea, at);
    expect(failures).toEqual([]);
    expect(row!.encounter).toMatchObject({
      class: 'ambulatory',
      status: 'finished',
      typeCode: '185349003',
      typeDisplay: 'Encounter for check up (procedure)',
      reason: null,
      facilityId: null,
      startedAt: new Date('2018-06-23T03:19:07Z'),
      endedAt: new Date('2018-06-23T03:34:07Z'),
      sourceSystem: 'urn:uuid',
      sourceId: '84d85421-ad41-47ff-8fe8-df69c8f78038',
    });
    expect(row!.participants).toEqual([{ display: 'Dr. Barry Nicolas', role: 'participant' }]);
  });

  it.each([
    ['AMB', 'ambulatory'],
    ['IMP', 'inpatient'],
    ['EMER', 'emergency'],
    ['VR', 'virtual'],
    ['OBSENC', 'inpatient'],
  ])('maps class %s to %s', (code, expected) => {
    const p = fhirPatient();
    const { row } = parseEncounter(bundleOf([p, fhirEncounter(p, { classCode: code })]), 1);
    expect(row!.encounter.class).toBe(expected);
  });

  it('takes the reason from reasonCode text or display, and the role from the participant type', () => {
    const p = fhirPatient();
    const doc = fhirPractitioner();
    const e = fhirEncounter(p);
    Object.assign(e.resource!, {
      status: 'in-progress',
      reasonCode: [{ text: 'Chest pain' }, { coding: [{ code: '1', display: 'Dyspnoea' }] }],
      participant: [
        { type: [{ coding: [{ code: 'ATND' }] }], individual: { reference: doc.fullUrl } },
        { type: [{ coding: [{ code: 'CON' }] }], individual: { display: 'Dr. Consult' } },
      ],
    });
    const { row, failures } = parseEncounter(bundleOf([p, e, doc]), 1);
    expect(failures).toEqual([]);
    expect(row!.encounter).toMatchObject({ status: 'in_progress', reason: 'Chest pain; Dyspnoea' });
    expect(row!.participants).toEqual([
      { display: 'Dr. William Osler', role: 'attending' },
      { display: 'Dr. Consult', role: 'consultant' },
    ]);
  });

  it('names each field it refuses: period backwards, no start, unknown class and status', () => {
    const p = fhirPatient();
    const e = fhirEncounter(p, { classCode: 'XYZ' });
    Object.assign(e.resource!, { status: 'unknown', period: { end: '2024-13-01' } });
    const { row, failures } = parseEncounter(bundleOf([p, e]), 1);
    expect(row).toBeNull();
    expect(failures.map((f) => [f.path, f.rule])).toEqual([
      ['Encounter.status', 'code.unsupported'],
      ['Encounter.class.code', 'code.unsupported'],
      ['Encounter.period.end', 'datetime.invalid'],
    ]);
    const backwards = fhirEncounter(p, {
      start: '2024-01-02T10:00:00Z',
      end: '2024-01-01T10:00:00Z',
    });
    expect(parseEncounter(bundleOf([p, backwards]), 1).failures).toEqual([
      expect.objectContaining({ path: 'Encounter.period.end', rule: 'period.end_before_start' }),
    ]);
    const noClass = fhirEncounter(p);
    delete noClass.resource!.class;
    expect(parseEncounter(bundleOf([p, noClass]), 1).failures).toEqual([
      expect.objectContaining({
        path: 'Encounter.class',
        rule: 'required',
        message: 'is required',
      }),
    ]);
  });

  it('drops a participant whose relative reference is not in the bundle, with a warning', () => {
    const p = fhirPatient();
    const e = fhirEncounter(p, { practitioner: 'Practitioner/elsewhere' });
    const { row, failures, warnings } = parseEncounter(bundleOf([p, e]), 1);
    expect(failures).toEqual([]);
    expect(row!.participants).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({
        path: 'Encounter.participant[0].individual.reference',
        rule: 'reference.unresolved',
      }),
    ]);
  });
});

describe('mapping a FHIR Patient', () => {
  it("turns a Synthea patient into a registration found again by Synthea's identifier", () => {
    const { result, failures, warnings } = parsePatient(syntheaBundle(evelynFile));
    expect(failures).toEqual([]);
    expect(result!.input).toMatchObject({
      name: { given: 'Evelyn', family: 'McCullough', prefix: 'Mrs.', suffix: 'JD' },
      previousNames: [{ kind: 'maiden', family: 'Bruen', given: 'Evelyn' }],
      birthDate: '1941-07-29',
      sexAtBirth: 'female',
      maritalStatus: 'married',
      race: ['white'],
      ethnicity: 'not_hispanic_or_latino',
      deceased: true,
      deceasedDate: '1998-08-04',
      language: 'en-US',
      phones: [],
      addresses: [expect.objectContaining({ use: 'home', state: 'Massachusetts', country: 'US' })],
    });
    expect(result!.input.ssn).toBeUndefined();
    expect(result!.input.identifiers.map((i) => [i.type, i.assigningAuthority])).toEqual([
      ['other', 'https://github.com/synthetichealth/synthea'],
      ['external_mrn', 'http://hospital.smarthealthit.org'],
      ['drivers_license', 'urn:oid:2.16.840.1.113883.4.3.25'],
      ['passport', 'http://standardhealthrecord.org/fhir/StructureDefinition/passportNumber'],
    ]);
    expect(result!.matchKeys.map((k) => k.type)).toEqual(['other', 'external_mrn']);
    expect(warnings.map((w) => [w.path, w.rule])).toEqual([
      ['Patient.identifier[2].value', 'ssn.invalid'],
      ['Patient.telecom[0].value', 'phone.invalid'],
    ]);
  });

  it('keeps a valid SSN encrypted-to-be and a valid phone in E.164', () => {
    const p = fhirPatient();
    Object.assign(p.resource!, {
      identifier: [
        { system: 'https://example.org/ehr', value: 'E-1' },
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' },
      ],
    });
    const { result } = parsePatient(bundleOf([p]));
    expect(result!.input).toMatchObject({
      ssn: '123456789',
      phones: [{ kind: 'mobile', number: '+15185550100', preferred: false }],
    });
  });

  it('uses the source identity as the match key when the patient has no identifier', () => {
    const p = fhirPatient();
    delete p.resource!.identifier;
    const { result } = parsePatient(bundleOf([p]));
    expect(result!.matchKeys).toEqual([
      {
        type: 'other',
        assigningAuthority: 'urn:uuid',
        value: p.fullUrl!.slice('urn:uuid:'.length),
      },
    ]);
  });

  it('refuses a patient without a birth date or family name, and a future birth date', () => {
    const p = fhirPatient();
    delete p.resource!.birthDate;
    (p.resource!.name as Json[])[0]!.family = ' ';
    expect(parsePatient(bundleOf([p])).failures.map((f) => [f.path, f.rule])).toEqual([
      ['Patient.birthDate', 'required'],
      ['Patient.name.family', 'required'],
    ]);
    const future = fhirPatient();
    future.resource!.birthDate = '2999-01-01';
    expect(parsePatient(bundleOf([future])).failures).toEqual([
      expect.objectContaining({
        path: 'Patient.birthDate',
        message: expect.stringContaining('future') as unknown,
      }),
    ]);
  });

  it('reads every shipped Synthea patient without a failure', () => {
    expect(syntheaFiles()).toHaveLength(20);
    for (const file of syntheaFiles()) {
      const bundle = syntheaBundle(file);
      expect(resourcesOf(bundle, 'Patient')).toHaveLength(1);
      expect(parsePatient(bundle).failures).toEqual([]);
    }
  });
});
