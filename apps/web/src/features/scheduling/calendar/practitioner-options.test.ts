import { describe, expect, it } from 'vitest';
import type { PractitionerProfile } from '@meridian/contracts';
import { practitionerGroups, specialtiesOf } from './practitioner-options';

function practitioner(
  id: string,
  displayName: string,
  specialty: string,
  departmentId: string | null,
): PractitionerProfile {
  return {
    id,
    userId: id,
    displayName,
    facilityId: 'f1',
    departmentId,
    specialty,
    maxAppointmentsPerDay: null,
    isActive: true,
    version: 1,
  };
}

const list = [
  practitioner('a', 'Dr Zhou', 'Cardiology', 'heart'),
  practitioner('b', 'Dr Adams', 'Cardiology', 'heart'),
  practitioner('c', 'Dr Brown', 'Family medicine', null),
  practitioner('d', 'Dr Chen', 'Family medicine', 'gone'),
];
const departments: Record<string, string> = { heart: 'Heart Centre' };

describe('the practitioner picker', () => {
  it('groups by department and specialty, alphabetically, names sorted within', () => {
    expect(practitionerGroups(list, (id) => departments[id])).toEqual([
      {
        group: 'Family medicine',
        items: [
          { value: 'c', label: 'Dr Brown' },
          { value: 'd', label: 'Dr Chen' },
        ],
      },
      {
        group: 'Heart Centre · Cardiology',
        items: [
          { value: 'b', label: 'Dr Adams' },
          { value: 'a', label: 'Dr Zhou' },
        ],
      },
    ]);
  });

  it('names a department once when its specialty is the same word', () => {
    const internal = practitioner('e', 'Dr Evans', 'Internal medicine', 'im');
    expect(practitionerGroups([internal], () => 'Internal Medicine')[0]?.group).toBe(
      'Internal Medicine',
    );
  });

  it('lists each specialty once', () => {
    expect(specialtiesOf(list)).toEqual(['Cardiology', 'Family medicine']);
  });
});
