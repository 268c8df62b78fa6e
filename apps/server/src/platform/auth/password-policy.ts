import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { passwordMaxLength, passwordMinLength, type FieldError } from '@meridian/contracts';
import { AppError } from '../errors.js';

// assets/ sits three levels up from both src/platform/auth and dist/platform/auth.
const commonPasswordsFile = fileURLToPath(
  new URL('../../../assets/common-passwords.txt', import.meta.url),
);

let commonPasswords: ReadonlySet<string> | null = null;

/**
 * The shipped blocklist (assets/common-passwords.txt, see assets/SOURCE.md), read once.
 * Throws when the file is missing: a policy that silently accepts everything is worse than
 * a server that refuses to start.
 */
export function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(commonPasswordsFile, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  );
  return commonPasswords;
}

/** Words a guesser tries first against this system (NIST SP 800-63B: context-specific words). */
const contextWords = ['meridian', 'password', 'passwort', 'hospital', 'welcome', 'letmein'];

/** Shortest e-mail local part that is refused inside a longer password (not just as all of it). */
const minLocalPartToMatch = 4;

export interface PasswordPolicyContext {
  /** The account's e-mail: the password may not contain it or its local part. */
  email?: string;
  /** The field the errors name; `newPassword` unless told. */
  path?: string;
}

/**
 * NIST SP 800-63B §5.1.1.2 memorized-secret rules: 12 to 128 characters (Unicode code points,
 * after NFKC normalisation), not a known common or breached password, not built from the
 * account's e-mail or the service's name, not one character repeated or a plain sequence.
 * Deliberately no composition rules (no "one digit, one symbol"): NIST advises against them.
 * Returns one error per broken rule; empty when the password is acceptable.
 */
export function checkPasswordPolicy(
  password: string,
  ctx: PasswordPolicyContext = {},
): FieldError[] {
  const path = ctx.path ?? 'newPassword';
  const errors: FieldError[] = [];
  const add = (rule: string, message: string) => errors.push({ path, rule, message });

  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < passwordMinLength) {
    add('too_short', `must be at least ${passwordMinLength} characters`);
  }
  if (length > passwordMaxLength) {
    add('too_long', `must be at most ${passwordMaxLength} characters`);
  }
  if (/\p{Cc}/u.test(normalized)) {
    add('invalid_characters', 'must not contain control characters');
  }
  if (length < passwordMinLength || length > passwordMaxLength) return errors;

  const lower = normalized.toLowerCase();
  if (loadCommonPasswords().has(lower)) {
    add('common_password', 'is one of the most common passwords; choose something less guessable');
  }
  if (ctx.email && containsEmail(lower, ctx.email.toLowerCase())) {
    add('contains_email', 'must not contain your e-mail address or user name');
  }
  const letters = lower.replace(/[^\p{L}]/gu, '');
  if (contextWords.includes(letters)) {
    add('context_word', 'must not be built from a word like "password" or the system name');
  }
  if (isRepetitive(lower) || isSequential(lower)) {
    add('repetitive', 'must not be a repeated character, a repeated pattern or a plain sequence');
  }
  return errors;
}

/** Throws 400 auth.password_policy naming every broken rule, when there is one. */
export function assertPasswordPolicy(password: string, ctx: PasswordPolicyContext = {}): void {
  const errors = checkPasswordPolicy(password, ctx);
  if (errors.length > 0) {
    throw new AppError(
      'auth.password_policy',
      `the password does not meet the policy: ${errors.map((e) => e.rule).join(', ')}`,
      { errors },
    );
  }
}

function containsEmail(lowerPassword: string, email: string): boolean {
  const local = email.split('@')[0] ?? '';
  if (email.length > 0 && lowerPassword.includes(email)) return true;
  if (local.length === 0) return false;
  if (lowerPassword === local) return true;
  return local.length >= minLocalPartToMatch && lowerPassword.includes(local);
}

/** `aaaaaaaaaaaa`, `abcabcabcabc`, `ab12ab12ab12`: a unit of up to 4 characters repeated. */
function isRepetitive(s: string): boolean {
  const chars = [...s];
  for (let unit = 1; unit <= 4; unit++) {
    if (chars.length % unit !== 0) continue;
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** `abcdefghijklm` or `987654321`...: each code point one above (or below) the one before. */
function isSequential(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}
