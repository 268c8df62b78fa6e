import { randomBytes } from 'node:crypto';
import {
  createUserBody,
  roleRequiresMfa,
  type FieldError,
  type Role,
  type User,
} from '@meridian/contracts';
import { checkPasswordPolicy } from '../../../platform/auth/password-policy.js';
import { generateTotpSecret, totpUri } from '../../../platform/auth/totp.js';
import type { Platform } from '../../../platform/platform.js';
import type { OrganizationService } from '../../organization/index.js';
import { validationFailed } from '../user-rules.js';
import type { StaffService } from '../staff.service.js';

export interface ProvisionRequest {
  email: string;
  roles: readonly string[];
  displayName?: string | undefined;
  facilityCodes?: readonly string[] | undefined;
  /** Omitted: a strong one is generated, shown once, and must be changed at first sign-in. */
  password?: string | undefined;
}

export interface ProvisionedUser {
  user: User;
  /** The generated password, or null when the operator supplied one. */
  generatedPassword: string | null;
  /** For roles that require a second factor: the secret to add to an authenticator now. */
  totp: { secret: string; otpauthUrl: string } | null;
}

// No look-alikes (0/O, 1/l/I): an initial password is often read out or typed from paper.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Four groups of five from 57 characters: about 116 bits. */
export function generateInitialPassword(): string {
  const chars: string[] = [];
  // Tricky: rejection sampling keeps every character equally likely (256 % 57 != 0).
  const limit = 256 - (256 % alphabet.length);
  while (chars.length < 20) {
    for (const byte of randomBytes(32)) {
      if (byte < limit && chars.length < 20) chars.push(alphabet[byte % alphabet.length] ?? '');
    }
  }
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/**
 * `meridian user create`: the way in on a fresh installation, before any administrator can
 * sign in. Takes facility codes rather than ids, and provisions TOTP up front for roles
 * that require it, so the first sign-in already has its second factor.
 */
export async function provisionUser(
  deps: { platform: Platform; staff: StaffService; organization: OrganizationService },
  req: ProvisionRequest,
): Promise<ProvisionedUser> {
  const codes = [...new Set((req.facilityCodes ?? []).map((c) => c.trim().toUpperCase()))];
  const facilities = await deps.organization.findFacilities(deps.platform.db, { codes });
  const unknown: FieldError[] = codes
    .filter((code) => !facilities.some((f) => f.code === code))
    .map((code) => ({
      path: 'facility',
      rule: 'not_found',
      message: `no facility has code ${code}`,
    }));
  if (unknown.length > 0) throw validationFailed(unknown);

  let password = req.password;
  let generatedPassword: string | null = null;
  if (password === undefined) {
    // A random password can in principle look like a sequence: draw again until it passes.
    do generatedPassword = generateInitialPassword();
    while (checkPasswordPolicy(generatedPassword, { email: req.email }).length > 0);
    password = generatedPassword;
  }
  const parsed = createUserBody.safeParse({
    email: req.email,
    displayName: req.displayName ?? req.email.split('@')[0] ?? req.email,
    roles: req.roles,
    facilityIds: facilities.map((f) => f.id),
    password,
  });
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((i) => ({
        path: i.path.join('.') || 'input',
        rule: i.code,
        message: i.message,
      })),
    );
  }
  const roles: readonly Role[] = parsed.data.roles;
  const secret = roleRequiresMfa(roles) ? generateTotpSecret() : null;
  const user = await deps.staff.createUser(parsed.data, {
    via: 'cli',
    // An operator who typed the password in chose it; a generated one must be replaced.
    mustChangePassword: generatedPassword !== null,
    ...(secret ? { totpSecret: secret } : {}),
  });
  return {
    user,
    generatedPassword,
    totp: secret ? { secret, otpauthUrl: totpUri(secret, user.email) } : null,
  };
}
