import type { Role, SessionState } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { userAccount, userFacility, userRole } from '../src/platform/auth/auth.tables.js';
import type { Platform } from '../src/platform/platform.js';
import { sessionCookie } from '../src/platform/auth/access-hook.js';

export const testPassword = 'correct horse battery staple';
let cachedHash: Promise<string> | null = null;

export interface StaffOptions {
  roles?: Role[];
  email?: string;
  displayName?: string;
  password?: string;
  facilityIds?: string[];
  status?: 'active' | 'disabled';
  mustChangePassword?: boolean;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  roles: Role[];
}

let counter = 0;

/** A staff user written straight to the database. */
export async function createStaff(platform: Platform, o: StaffOptions = {}): Promise<TestUser> {
  counter += 1;
  const id = newId();
  const roles = o.roles ?? ['front_desk'];
  const email = o.email ?? `staff${counter}-${id.slice(-6)}@test.meridian`;
  const password = o.password ?? testPassword;
  const passwordHash =
    password === testPassword
      ? await (cachedHash ??= hashPassword(testPassword))
      : await hashPassword(password);
  const now = platform.clock.now();
  await platform.db.transaction(async (tx) => {
    await tx.insert(userAccount).values({
      id,
      email,
      kind: roles.includes('patient') ? 'patient' : 'staff',
      displayName: o.displayName ?? `Test ${roles.join('/')} ${counter}`,
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: o.mustChangePassword ?? false,
      status: o.status ?? 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(userRole).values(roles.map((role) => ({ userId: id, role })));
    if (o.facilityIds?.length) {
      await tx
        .insert(userFacility)
        .values(o.facilityIds.map((facilityId) => ({ userId: id, facilityId })));
    }
  });
  return { id, email, password, roles };
}

/**
 * A session for the user without going through sign-in; returns the Cookie header value.
 * Use the real login route when the test is about signing in.
 */
export async function sessionCookieFor(
  platform: Platform,
  userId: string,
  state: SessionState = 'active',
): Promise<string> {
  const { token } = await platform.sessions.create(platform.db, {
    userId,
    state,
    mfaVerified: true,
  });
  return `${sessionCookie}=${token}`;
}

/** A staff user with the roles and a ready session cookie. */
export async function signedInStaff(
  platform: Platform,
  o: StaffOptions = {},
): Promise<TestUser & { cookie: string }> {
  const user = await createStaff(platform, o);
  return { ...user, cookie: await sessionCookieFor(platform, user.id) };
}
