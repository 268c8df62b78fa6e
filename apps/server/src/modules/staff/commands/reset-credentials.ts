import type { User } from '@meridian/contracts';
import { hashPassword } from '../../../platform/auth/password.js';
import { assertPasswordPolicy } from '../../../platform/auth/password-policy.js';
import { notFound } from '../../../platform/errors.js';
import * as repo from '../user.repository.js';
import type { StaffDeps } from '../staff.service.js';

export function createCredentialResets({ platform, loadUser }: StaffDeps) {
  const { db, audit, clock, sessions } = platform;

  return {
    async resetPassword(id: string, newPassword: string): Promise<User> {
      const seen = await loadUser(db, id);
      assertPasswordPolicy(newPassword, { email: seen.email, path: 'newPassword' });
      const passwordHash = await hashPassword(newPassword);
      return db.transaction(async (tx) => {
        if (!(await repo.lockUser(tx, id))) throw notFound('user', id);
        const now = clock.now();
        await repo.updateAccount(
          tx,
          id,
          { passwordHash, passwordChangedAt: now, mustChangePassword: true },
          now,
        );
        // Whoever held the old password (or a session made with it) is out; the lockout an
        // attacker or a forgetful user caused ends with the reset.
        await sessions.revokeAllForUser(tx, id, 'password_reset');
        await repo.clearLoginLock(tx, seen.email);
        await audit.record(tx, { action: 'user.password_reset', entityType: 'user', entityId: id });
        return loadUser(tx, id);
      });
    },

    async resetMfa(id: string): Promise<User> {
      return db.transaction(async (tx) => {
        if (!(await repo.lockUser(tx, id))) throw notFound('user', id);
        const before = await loadUser(tx, id);
        await repo.clearMfa(tx, id, clock.now());
        await sessions.revokeAllForUser(tx, id, 'mfa_reset');
        await audit.record(tx, {
          action: 'user.mfa_reset',
          entityType: 'user',
          entityId: id,
          details: { wasEnrolled: before.mfaEnrolled },
        });
        return loadUser(tx, id);
      });
    },
  };
}
