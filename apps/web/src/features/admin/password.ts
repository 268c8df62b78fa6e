// No look-alikes (0/O, 1/l/I), so a password read out over the phone survives.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A random initial password in four groups of five (about 116 bits), for an administrator
 * to hand over; the user must replace it at first sign-in.
 */
export function generatePassword(): string {
  const chars: string[] = [];
  // Tricky: rejection sampling keeps every character equally likely (256 % 56 != 0).
  const limit = 256 - (256 % alphabet.length);
  while (chars.length < 20) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < limit && chars.length < 20) chars.push(alphabet[byte % alphabet.length] ?? '');
    }
  }
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
