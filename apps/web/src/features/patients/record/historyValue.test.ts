import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { historyValue } from './PatientHistoryTab';

const t = ((key: string) => key) as unknown as TFunction;

describe('historyValue', () => {
  it('reads a referenced person as their name, not their id', () => {
    expect(
      historyValue(t, {
        id: '01a2023f-6e5b-7374-bb6b-b9b50147bf2e',
        displayName: 'Dr. Priya Raman',
      }),
    ).toBe('Dr. Priya Raman');
  });

  it('joins other objects by their values and lists by semicolons', () => {
    expect(historyValue(t, [{ kind: 'mobile', number: '+12025550123', preferred: true }])).toBe(
      'mobile, +12025550123',
    );
    expect(historyValue(t, null)).toBe('—');
    expect(historyValue(t, true)).toBe('patients:history.yes');
  });
});
