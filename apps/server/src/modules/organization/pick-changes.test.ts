import { describe, expect, it } from 'vitest';
import { pickChanges } from './pick-changes.js';

describe('pickChanges', () => {
  const current = {
    name: 'Meridian General',
    phone: '+1 518-555-0142' as string | null,
    address: { line1: '1450 Riverside Avenue', city: 'Albany', country: 'US' } as object | null,
    isActive: true,
  };

  it('keeps only the fields whose values differ', () => {
    expect(pickChanges(current, { name: 'Meridian General', isActive: false })).toEqual({
      isActive: false,
    });
  });

  it('ignores fields left out and treats null as a change (clearing)', () => {
    expect(pickChanges(current, { name: undefined, phone: null })).toEqual({ phone: null });
  });

  it('compares addresses by content, whatever the key order', () => {
    const reordered = { country: 'US', city: 'Albany', line1: '1450 Riverside Avenue' };
    expect(pickChanges(current, { address: reordered })).toEqual({});
    expect(pickChanges(current, { address: { ...reordered, city: 'Troy' } })).toEqual({
      address: { ...reordered, city: 'Troy' },
    });
  });
});
