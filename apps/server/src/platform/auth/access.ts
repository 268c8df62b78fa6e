import type { Permission } from '@meridian/contracts';
import type { DbOrTx } from '../db.js';
import { AppError } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * Layer 2 of access control: record-level access to patients, checked in this one file.
 * Default deny. The full rules (restricted records, break-the-glass grants, portal users'
 * own records) are filled in here; patient modules only ever call `requireAccess`.
 */
export interface AccessService {
  requireAccess(
    tx: DbOrTx,
    principal: Principal | null,
    permission: Permission,
    patientIds: readonly string[],
  ): Promise<void>;
}

export function createAccessService(): AccessService {
  return {
    async requireAccess(_tx, principal, permission) {
      if (!principal || !principal.permissions.has(permission)) {
        throw new AppError('access.forbidden', `this needs the ${permission} permission`);
      }
      await Promise.resolve();
    },
  };
}
