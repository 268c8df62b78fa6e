import {
  IconBan,
  IconBookmark,
  IconBrush,
  IconCircleCheck,
  IconSpray,
  IconUser,
  type Icon,
} from '@tabler/icons-react';
import type { BedState } from '@meridian/contracts';

/**
 * How each state looks: a Mantine colour and an icon, always beside the state's name, so
 * the state never rests on colour alone (WCAG 1.4.1).
 */
export const bedStateLook: Readonly<
  Record<BedState, { color: string; icon: Icon; labelColor?: string }>
> = {
  available: { color: 'green', icon: IconCircleCheck },
  reserved: { color: 'indigo', icon: IconBookmark },
  occupied: { color: 'meridian', icon: IconUser },
  dirty: { color: 'orange', icon: IconSpray },
  // Yellow's own text shade is too light on its tint (axe color-contrast): body text instead.
  cleaning: { color: 'yellow', icon: IconBrush, labelColor: 'var(--mantine-color-text)' },
  blocked: { color: 'gray', icon: IconBan },
};
