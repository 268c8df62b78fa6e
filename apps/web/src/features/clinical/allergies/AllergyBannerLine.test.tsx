import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AllergySummary } from '@meridian/contracts';
import '../../../app/i18n';
import { AllergyBannerView } from './AllergyBannerLine';

function show(
  summary: AllergySummary | undefined,
  o: { isPending?: boolean; isError?: boolean } = {},
) {
  render(
    <MantineProvider env="test">
      <AllergyBannerView
        summary={summary}
        isPending={o.isPending ?? false}
        isError={o.isError ?? false}
      />
    </MantineProvider>,
  );
  return screen.getByTestId('allergy-banner');
}

const item = (display: string, criticality: 'low' | 'high' | 'unable_to_assess') => ({
  id: crypto.randomUUID(),
  display,
  category: 'medication' as const,
  type: 'allergy' as const,
  criticality,
  verificationStatus: 'confirmed' as const,
});

describe('the allergy line of the patient banner', () => {
  it('says "Allergies not recorded" when nobody asked, never "none"', () => {
    const line = show({ state: 'not_recorded', assessedAt: null, items: [] });
    expect(line.textContent).toContain('Allergies not recorded');
    expect(line.textContent).not.toContain('No known allergies');
  });

  it('says "No known allergies" when that was recorded', () => {
    const line = show({
      state: 'no_known_allergies',
      assessedAt: '2026-11-20T10:00:00Z',
      items: [],
    });
    expect(line.textContent).toContain('No known allergies');
    expect(line.textContent).not.toContain('not recorded');
  });

  it('lists active allergies and emphasises high criticality', () => {
    const line = show({
      state: 'allergies',
      assessedAt: null,
      items: [item('Penicillins', 'high'), item('Peanut', 'low')],
    });
    const entries = within(line).getAllByRole('listitem');
    expect(entries.map((e) => e.textContent)).toEqual(['Penicillins · high risk', 'Peanut']);
    const high = line.querySelector('[data-criticality="high"]');
    const low = line.querySelector('[data-criticality="low"]');
    expect(high?.getAttribute('data-variant')).toBe('filled');
    expect(low?.getAttribute('data-variant')).toBe('outline');
  });

  it('says so when the allergies could not be loaded', () => {
    const line = show(undefined, { isError: true });
    expect(line.textContent).toContain('Allergies could not be loaded');
  });
});
