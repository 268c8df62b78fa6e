import { describe, expect, it } from 'vitest';
import { aPatient } from '../patients.fixtures';
import {
  emptyAddress,
  emptyPatientForm,
  emptyPhone,
  formPathOf,
  patientToForm,
  toPatientBody,
} from './patient-form';

describe('toPatientBody', () => {
  it('leaves out blank text and the blank phone and address rows the form starts with', () => {
    const values = emptyPatientForm();
    values.name.given = 'Nguyễn Thị';
    values.name.family = 'Lan';
    const body = toPatientBody(values, 'create');
    expect(body.name).toEqual({ given: 'Nguyễn Thị', family: 'Lan' });
    expect(body.phones).toEqual([]);
    expect(body.addresses).toEqual([]);
    expect(body).not.toHaveProperty('preferredName');
    expect(body).not.toHaveProperty('ssn');
  });

  it('keeps the SSN on file when the edit leaves it blank, and removes it only when asked', () => {
    const { values, kept } = patientToForm(aPatient());
    expect(toPatientBody(values, 'update', kept)).not.toHaveProperty('ssn');
    expect(toPatientBody({ ...values, removeSsn: true }, 'update', kept).ssn).toBeNull();
    expect(toPatientBody({ ...values, ssn: '123-45-6789' }, 'update', kept).ssn).toBe(
      '123-45-6789',
    );
  });

  it('sends past addresses back unchanged after the current ones', () => {
    const past = {
      use: 'home' as const,
      line1: '1 Old Rd',
      city: 'Oldtown',
      country: 'US',
      until: '2025-01-01',
    };
    const { values, kept } = patientToForm(
      aPatient({ addresses: [past, ...aPatient().addresses] }),
    );
    expect(values.addresses.map((a) => a.line1)).toEqual(['12 Elm Street']);
    const body = toPatientBody(values, 'update', kept);
    expect(body.addresses?.map((a) => a.line1)).toEqual(['12 Elm Street', '1 Old Rd']);
  });
});

describe('formPathOf', () => {
  it('points a body error at the form row it came from when blank rows were skipped', () => {
    const values = emptyPatientForm();
    values.phones = [emptyPhone(), { ...emptyPhone(), number: '555' }];
    values.addresses = [emptyAddress(), emptyAddress(), { ...emptyAddress(), line1: '1 Main St' }];
    expect(formPathOf(values, 'phones.0.number')).toBe('phones.1.number');
    expect(formPathOf(values, 'addresses.0.city')).toBe('addresses.2.city');
    expect(formPathOf(values, 'name.given')).toBe('name.given');
  });
});
