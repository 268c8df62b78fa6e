// Bundles for the FHIR importer's tests: the shipped Synthea files, and small hand-made
// bundles of made-up people (urn:uuid fullUrls, references inside the bundle).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { demoSyntheaFolder } from '../src/demo/seed-demo.js';

/** Alexis Toy: 14 encounters (all AMB), 17 claims; born 2018. */
export const alexisToyFile = 'Alexis_Toy_68cd1181-6359-4047-a77f-a165d7912480.json.gz';
/** Evelyn McCullough: deceased, a maiden name, 19 encounters. */
export const evelynFile = 'Evelyn_McCullough_d041a90b-f72b-4601-8b61-e086eb5dd42e.json.gz';

export type Json = Record<string, unknown>;

export function syntheaPath(file: string): string {
  return path.join(demoSyntheaFolder, file);
}

/** Every shipped Synthea bundle file. */
export function syntheaFiles(): string[] {
  return readdirSync(demoSyntheaFolder).filter((f) => f.endsWith('.json.gz'));
}

export function syntheaBundle(file: string): Json {
  return JSON.parse(gunzipSync(readFileSync(syntheaPath(file))).toString('utf8')) as Json;
}

/** The resources of one type in a bundle. */
export function resourcesOf(bundle: Json, type: string): Json[] {
  return (bundle.entry as { resource: Json }[])
    .map((e) => e.resource)
    .filter((r) => r.resourceType === type);
}

let counter = 0;
const uuid = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
};

export interface Entry {
  fullUrl?: string;
  resource?: Json;
  request?: Json;
}

export function fhirPatient(o: { id?: string; mrn?: string; family?: string } = {}): Entry {
  const id = o.id ?? uuid();
  return {
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Patient',
      id,
      identifier: [{ system: 'https://example.org/test-ehr', value: o.mrn ?? `T-${id.slice(-6)}` }],
      name: [{ use: 'official', family: o.family ?? 'Testperson', given: ['Pat'] }],
      gender: 'female',
      birthDate: '1980-02-03',
      telecom: [{ system: 'phone', value: '+1 518 555 0100', use: 'mobile' }],
      address: [{ line: ['1 Test Street'], city: 'Albany', state: 'NY', postalCode: '12208' }],
    },
    request: { method: 'POST', url: 'Patient' },
  };
}

export function fhirEncounter(
  patient: Entry,
  o: { start?: string; end?: string; practitioner?: string; classCode?: string } = {},
): Entry {
  const id = uuid();
  return {
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: o.classCode ?? 'AMB',
      },
      type: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '185349003',
              display: 'Encounter for check up',
            },
          ],
          text: 'Encounter for check up',
        },
      ],
      subject: { reference: patient.fullUrl },
      ...(o.practitioner ? { participant: [{ individual: { reference: o.practitioner } }] } : {}),
      period: { start: o.start ?? '2024-03-04T09:00:00Z', end: o.end ?? '2024-03-04T09:30:00Z' },
    },
    request: { method: 'POST', url: 'Encounter' },
  };
}

export function fhirPractitioner(): Entry {
  const id = uuid();
  return {
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Practitioner',
      id,
      name: [{ family: 'Osler', given: ['William'], prefix: ['Dr.'] }],
    },
  };
}

export function bundleOf(entries: Entry[], type = 'transaction'): Json {
  return { resourceType: 'Bundle', type, entry: entries };
}
