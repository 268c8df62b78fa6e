import {
  createTheme,
  darken,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

// A calm teal-blue. Index 8 is the one filled buttons and links use in the light scheme: it
// keeps white text and link text above WCAG AA (5.4:1 on white).
const meridian: MantineColorsTuple = [
  '#e7f5f8',
  '#cdeaf0',
  '#9fd4e0',
  '#6dbdcf',
  '#45a9c0',
  '#2b9bb5',
  '#1a88a3',
  '#127d98',
  '#0e7490',
  '#0b5f76',
];

export const theme = createTheme({
  colors: { meridian },
  primaryColor: 'meridian',
  // Tricky: Mantine's default shade 6 fails AA contrast with white text for most colors
  // (blue 3.6:1, red 3.3:1); shade 8 passes for the colors we fill with.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  // Someone who asks the system for less motion gets no transitions (modals, toasts, menus).
  // The browser journeys ask too, so axe never reads a half-faded element.
  respectReducedMotion: true,
  focusRing: 'auto',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    // Tricky: a modal's or drawer's <header> is a second banner landmark to axe (the app's
    // header is the one banner); as presentation it is the dialog's title row, as it looks.
    Modal: {
      defaultProps: { centered: true, attributes: { header: { role: 'presentation' } } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Drawer: { defaultProps: { attributes: { header: { role: 'presentation' } } } },
    // Tricky: Mantine puts a focusable placeholder div inside role="menu" while a menu opens;
    // axe fails it (aria-required-children: a menu may own only menu items). Every Menu.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // Mantine dims a titled notification's text to gray.6 (3.3:1 on white): body text colour
    // keeps it above AA.
    Notification: { styles: { description: { color: 'var(--mantine-color-text)' } } },
  },
});

/**
 * Contrast fixes for the light scheme: dimmed text, error text and the text of "light"
 * variants (badges, alerts) use darker shades than Mantine's defaults so they pass AA.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const lightColors: Record<string, string> = {};
  // Every palette, not a chosen few: any feature may pick any color for a badge or alert.
  for (const [name, shades] of Object.entries(t.colors)) {
    // Shade 9 alone is not enough for the lighter palettes (green.9 on green's light
    // background is 3.8:1); darkened by a quarter every palette passes 4.5:1.
    if (name !== 'dark')
      lightColors[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.25);
  }
  return {
    variables: {},
    light: {
      '--mantine-color-dimmed': t.colors.gray[7],
      // Links also sit on tinted backgrounds (alerts, active nav items): one shade darker.
      '--mantine-color-anchor': t.colors.meridian?.[9] ?? meridian[9],
      // gray.6 is 3.3:1 on white; placeholders such as "Any date" carry meaning here.
      '--mantine-color-placeholder': t.colors.gray[7],
      '--mantine-color-error': t.colors.red[9],
      ...lightColors,
    },
    // Mantine's dark dimmed (dark-2 on dark-7) is 4.0:1, short of AA for small text.
    dark: { '--mantine-color-dimmed': t.colors.dark[1] },
  };
};
