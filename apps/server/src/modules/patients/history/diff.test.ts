import { describe, expect, it } from 'vitest';
import { changedPaths, diffSnapshots, jsonEqual } from './diff.js';

describe('diffSnapshots', () => {
  it('reports nothing for the first version', () => {
    expect(diffSnapshots(null, { name: { family: 'Nguyễn' } })).toEqual([]);
  });

  it('names a nested field by its dotted path', () => {
    const before = { name: { given: 'José', family: 'Garcia' }, sexAtBirth: 'male' };
    const after = { name: { given: 'José', family: 'García' }, sexAtBirth: 'male' };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'name.family', before: 'Garcia', after: 'García' },
    ]);
  });

  it('compares arrays whole rather than item by item', () => {
    const before = { phones: [{ number: '+12025550101' }, { number: '+12025550102' }] };
    const after = { phones: [{ number: '+12025550101' }, { number: '+12025550199' }] };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'phones', before: before.phones, after: after.phones },
    ]);
  });

  it('treats a reordered array as a change', () => {
    expect(changedPaths({ race: ['asian', 'white'] }, { race: ['white', 'asian'] })).toEqual([
      'race',
    ]);
  });

  it('reads an added or removed field as a change from or to null', () => {
    const before = { name: { given: 'Ann', family: 'Lee' }, email: 'ann@example.org' };
    const after = { name: { given: 'Ann', middle: 'Mei', family: 'Lee' } };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'name.middle', before: null, after: 'Mei' },
      { path: 'email', before: 'ann@example.org', after: null },
    ]);
  });

  it('does not count an absent field and a null one as different', () => {
    expect(diffSnapshots({ pronouns: null }, {})).toEqual([]);
  });

  it('reports an object replaced by null at its own path', () => {
    const before = { primaryCarePractitioner: { id: 'a', displayName: 'Dr A' } };
    expect(diffSnapshots(before, { primaryCarePractitioner: null })).toEqual([
      { path: 'primaryCarePractitioner', before: before.primaryCarePractitioner, after: null },
    ]);
  });
});

describe('jsonEqual', () => {
  it('ignores object key order but not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
