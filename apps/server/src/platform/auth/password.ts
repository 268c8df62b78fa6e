import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
// Tricky: `Algorithm` is an ambient const enum we cannot import under verbatimModuleSyntax;
// 2 is its Argon2id member.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// NIST SP 800-63B §5.1.1.2: normalise Unicode (NFKC) before hashing, so the same password
// typed on another keyboard or OS (composed vs decomposed accents) still matches.
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFKC'));
  } catch {
    return false;
  }
}

/**
 * A real hash of a random value, verified when the e-mail is unknown so that a wrong address
 * takes as long as a wrong password (no timing oracle for which addresses exist).
 */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}
