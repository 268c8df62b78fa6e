import { describe, expect, it } from 'vitest';
import {
  BundleIndex,
  groupByPatient,
  readBundle,
  sourceIdentity,
  type BundleEntry,
} from './bundle-reader.js';
import { parseFhirDateTime } from './fhir-types.js';

function entries(bundle: unknown): BundleEntry[] {
  const read = readBundle(bundle);
  if ('problem' in read) throw new Error(read.problem.rule);
  return read.entries;
}

const bundle = (entry: unknown[], type = 'transaction') => ({
  resourceType: 'Bundle',
  type,
  entry,
});

describe('the source identity of an entry', () => {
  it.each([
    [
      'urn:uuid:84D85421-ad41-47ff-8fe8-df69c8f78038',
      { system: 'urn:uuid', id: '84d85421-ad41-47ff-8fe8-df69c8f78038' },
    ],
    ['urn:oid:1.2.3.4', { system: 'urn:oid', id: '1.2.3.4' }],
    [
      'http://example.org/fhir/Encounter/123',
      { system: 'http://example.org/fhir', id: 'Encounter/123' },
    ],
    [
      'https://ehr.example/r4/Patient/abc/_history/2',
      { system: 'https://ehr.example/r4', id: 'Patient/abc' },
    ],
  ])('reads %s', (fullUrl, expected) => {
    expect(sourceIdentity(fullUrl)).toEqual(expected);
  });

  it.each([null, 'Encounter/123', 'not a url', `http://x.example/${'a'.repeat(200)}/Encounter/1`])(
    'has none for %s',
    (fullUrl) => {
      expect(sourceIdentity(fullUrl)).toBeNull();
    },
  );
});

describe('reading a bundle', () => {
  it('refuses what is not a Bundle, and a searchset', () => {
    expect(readBundle({ resourceType: 'Patient' })).toEqual({
      problem: expect.objectContaining({ rule: 'bundle.not_a_bundle' }) as unknown,
    });
    expect(readBundle('text')).toEqual({
      problem: expect.objectContaining({ rule: 'bundle.not_a_bundle' }) as unknown,
    });
    expect(readBundle(bundle([], 'searchset'))).toEqual({
      problem: expect.objectContaining({
        rule: 'bundle.unsupported_type',
        path: 'Bundle.type',
      }) as unknown,
    });
    expect(readBundle({ resourceType: 'Bundle', type: 'batch', entry: {} })).toEqual({
      problem: expect.objectContaining({ rule: 'bundle.invalid' }) as unknown,
    });
  });

  it('names entries that are not objects and resources without a resourceType', () => {
    const read = readBundle(bundle([42, { fullUrl: 'urn:uuid:a', resource: { id: 'a' } }, {}]));
    expect('problem' in read).toBe(false);
    if ('problem' in read) return;
    expect(read.problems).toEqual([
      expect.objectContaining({ entry: 0, rule: 'entry.invalid' }),
      expect.objectContaining({
        entry: 1,
        path: 'Bundle.entry[1].resource.resourceType',
        rule: 'required',
      }),
    ]);
    expect(read.entries[2]).toMatchObject({ resource: null, resourceType: null });
  });
});

describe('resolving references inside a bundle', () => {
  const list = entries(
    bundle([
      { fullUrl: 'urn:uuid:p1', resource: { resourceType: 'Patient', id: 'p1' } },
      {
        fullUrl: 'http://a.example/fhir/Practitioner/7',
        resource: { resourceType: 'Practitioner', id: '7' },
      },
      {
        fullUrl: 'http://a.example/fhir/Encounter/1',
        resource: { resourceType: 'Encounter', id: '1' },
      },
      {
        fullUrl: 'http://b.example/fhir/Practitioner/9',
        resource: { resourceType: 'Practitioner', id: '9' },
      },
    ]),
  );
  const index = new BundleIndex(list);

  it('matches a urn:uuid or an absolute URL against fullUrls', () => {
    expect(index.resolve('urn:uuid:p1')?.index).toBe(0);
    expect(index.resolve('http://a.example/fhir/Practitioner/7')?.index).toBe(1);
    expect(index.resolve('urn:uuid:nope')).toBeNull();
  });

  it("reads a relative reference against the referring entry's base", () => {
    expect(index.resolve('Practitioner/7', list[2])?.index).toBe(1);
    expect(index.resolve('Practitioner/7/_history/3', list[2])?.index).toBe(1);
  });

  it('falls back to type and id, and never resolves a contained reference', () => {
    expect(index.resolve('Practitioner/9')?.index).toBe(3);
    expect(index.resolve('Patient/p1')?.index).toBe(0);
    expect(index.resolve('#referral')).toBeNull();
  });
});

describe('grouping entries by patient', () => {
  const supported = new Set(['Patient', 'Encounter']);
  const two = entries(
    bundle([
      { fullUrl: 'urn:uuid:a', resource: { resourceType: 'Patient' } },
      { fullUrl: 'urn:uuid:b', resource: { resourceType: 'Patient' } },
      {
        fullUrl: 'urn:uuid:e1',
        resource: { resourceType: 'Encounter', subject: { reference: 'urn:uuid:b' } },
      },
      {
        fullUrl: 'urn:uuid:c1',
        resource: { resourceType: 'Claim', patient: { reference: 'urn:uuid:a' } },
      },
      { fullUrl: 'urn:uuid:o', resource: { resourceType: 'Organization' } },
      {
        fullUrl: 'urn:uuid:e2',
        resource: { resourceType: 'Encounter', subject: { reference: 'urn:uuid:x' } },
      },
    ]),
  );

  it('puts each entry with the patient its subject or patient names', () => {
    const { groups, ungrouped } = groupByPatient(new BundleIndex(two), supported);
    expect(groups.map((g) => [g.patient.fullUrl, g.entries.map((e) => e.fullUrl)])).toEqual([
      ['urn:uuid:a', ['urn:uuid:c1']],
      ['urn:uuid:b', ['urn:uuid:e1']],
    ]);
    expect(ungrouped.map((e) => e.fullUrl)).toEqual(['urn:uuid:o', 'urn:uuid:e2']);
  });

  it("gives a bundle's only patient every entry that could be its, but not an Organization", () => {
    const one = two.filter((e) => e.fullUrl !== 'urn:uuid:b');
    const { groups, ungrouped } = groupByPatient(new BundleIndex(one), supported);
    expect(groups[0]!.entries.map((e) => e.fullUrl)).toEqual([
      'urn:uuid:e1',
      'urn:uuid:c1',
      'urn:uuid:e2',
    ]);
    expect(ungrouped.map((e) => e.fullUrl)).toEqual(['urn:uuid:o']);
  });
});

describe('FHIR dateTime', () => {
  it.each([
    ['2018-06-23T03:19:07+00:00', '2018-06-23T03:19:07.000Z'],
    ['2018-06-23T03:19:07.25-05:00', '2018-06-23T08:19:07.250Z'],
    ['2018-06-23', '2018-06-23T00:00:00.000Z'],
    ['2018-06', '2018-06-01T00:00:00.000Z'],
    ['2018', '2018-01-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseFhirDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2021-02-30',
    '2018-06-23T03:19:07',
    '2018-13',
    '2018-06-23T25:00:00Z',
    'yesterday',
    '',
  ])('refuses %s', (text) => {
    expect(parseFhirDateTime(text)).toBeNull();
  });
});
