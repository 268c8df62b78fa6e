import { describe, expect, it } from 'vitest';
import {
  assertPasswordPolicy,
  checkPasswordPolicy,
  loadCommonPasswords,
} from './password-policy.js';

const rules = (password: string, email?: string) =>
  checkPasswordPolicy(password, email ? { email } : {}).map((e) => e.rule);

describe('password policy (NIST SP 800-63B)', () => {
  it('accepts a long passphrase with no symbols or digits', () => {
    expect(
      checkPasswordPolicy('plum orchard under the snow', { email: 'pat@example.org' }),
    ).toEqual([]);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    // Twelve characters, several outside the BMP.
    expect(rules('🌿🌿🌿 ärzte kö')).toEqual([]);
    expect(rules('ärzteküche1')).toEqual(['too_short']);
  });

  it.each([
    ['', ['too_short']],
    ['eleven char', ['too_short']],
    ['x'.repeat(129), ['too_long']],
    ['tab\tinside the passphrase', ['invalid_characters']],
    ['qwertyuiopas', ['common_password']],
    ['QWERTYUIOPAS', ['common_password']],
    ['Meridian2026!!', ['context_word']],
    ['Password-1234', ['context_word']],
    ['password1234', ['common_password', 'context_word']],
    ['abcdefghijklmn', ['repetitive']],
    ['q9q9q9q9q9q9q9', ['repetitive']],
    ['zyxwvutsrqponm', ['repetitive']],
  ])('refuses %j with %j', (password, expected) => {
    expect(rules(password)).toEqual(expected);
  });

  it('refuses the e-mail address or its user name inside the password', () => {
    expect(rules('kim.lee@clinic.example', 'Kim.Lee@clinic.example')).toEqual(['contains_email']);
    expect(rules('my name is kim.lee!!', 'kim.lee@clinic.example')).toEqual(['contains_email']);
    // A user name of a few letters is only refused as the whole password.
    expect(rules('jo likes long walks', 'jo@clinic.example')).toEqual([]);
  });

  it('names the field it is told to', () => {
    expect(checkPasswordPolicy('short', { path: 'password' })).toEqual([
      { path: 'password', rule: 'too_short', message: 'must be at least 12 characters' },
    ]);
  });

  it('throws auth.password_policy with the field errors', () => {
    expect(() => assertPasswordPolicy('short')).toThrow(
      expect.objectContaining({
        code: 'auth.password_policy',
        details: { errors: [expect.objectContaining({ path: 'newPassword', rule: 'too_short' })] },
      }),
    );
    expect(() => assertPasswordPolicy('plum orchard under the snow')).not.toThrow();
  });

  it('ships a blocklist of tens of thousands of lower-cased entries', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThan(40_000);
    expect(list.has('password1234')).toBe(true);
    expect([...list].every((p) => p === p.toLowerCase() && p.length >= 12)).toBe(true);
  });
});
