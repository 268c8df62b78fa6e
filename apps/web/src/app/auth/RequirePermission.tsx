import type { ReactNode } from 'react';
import type { Permission } from '@meridian/contracts';
import { ForbiddenPage } from '../shell/StatusPages';
import { useCan } from './useMe';

/**
 * Shows the page only to users holding the permission; others see why they cannot. The
 * server refuses the page's calls with 403 as well, so this is courtesy, not the guard.
 */
export function RequirePermission(props: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(props.permission) ? <>{props.children}</> : <ForbiddenPage />;
}
