import type { News2Band } from '@meridian/contracts';

/**
 * Colours of the RCP chart 2 bands (low, low-medium, medium, high), with text colours that
 * keep 4.5:1 contrast on the light and filled variants.
 */
export const news2BandLook: Record<News2Band, { color: string; variant: 'light' | 'filled' }> = {
  low: { color: 'green.9', variant: 'light' },
  low_medium: { color: 'yellow.9', variant: 'filled' },
  medium: { color: 'orange.9', variant: 'filled' },
  high: { color: 'red.9', variant: 'filled' },
};

/** Background of a flowsheet NEWS2 cell by band (light tints; text stays dark). */
export const news2CellBackground: Record<News2Band, string> = {
  low: 'var(--mantine-color-green-1)',
  low_medium: 'var(--mantine-color-yellow-2)',
  medium: 'var(--mantine-color-orange-2)',
  high: 'var(--mantine-color-red-2)',
};
