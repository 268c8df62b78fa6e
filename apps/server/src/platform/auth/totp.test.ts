import { describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  totpCodeAt,
  totpUri,
  verifyTotp,
} from './totp.js';

const at = new Date('2026-05-04T10:00:10Z');
const step = Math.floor(at.getTime() / 1000 / 30);
const codeAt = (secret: string, offsetSeconds: number) =>
  generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) + offsetSeconds, period: 30 });

describe('TOTP', () => {
  const secret = generateTotpSecret();

  it('makes 160-bit base32 secrets, different every time', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it('accepts the current code and one step either side, returning the matched step', () => {
    expect(verifyTotp(secret, codeAt(secret, 0), at)).toEqual({ ok: true, step });
    expect(verifyTotp(secret, codeAt(secret, -30), at)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(secret, 30), at)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, codeAt(secret, -60), at).ok).toBe(false);
    expect(verifyTotp(secret, codeAt(secret, 60), at).ok).toBe(false);
  });

  it('refuses codes of the last used step or older', () => {
    expect(verifyTotp(secret, codeAt(secret, 0), at, step).ok).toBe(false);
    expect(verifyTotp(secret, codeAt(secret, -30), at, step - 1).ok).toBe(false);
    expect(verifyTotp(secret, codeAt(secret, 0), at, step - 1)).toEqual({ ok: true, step });
  });

  it('refuses malformed codes and secrets without throwing', () => {
    expect(verifyTotp(secret, '12345', at).ok).toBe(false);
    expect(verifyTotp(secret, '12345a', at).ok).toBe(false);
    expect(verifyTotp('not base32 !!', '123456', at).ok).toBe(false);
  });

  it('computes the code an authenticator shows', () => {
    expect(totpCodeAt(secret, at)).toBe(codeAt(secret, 0));
  });

  it('labels the otpauth URI with issuer Meridian and the e-mail', () => {
    const url = new URL(totpUri(secret, 'dr.who@example.org'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Meridian:dr.who@example.org');
    expect(url.searchParams.get('issuer')).toBe('Meridian');
    expect(url.searchParams.get('secret')).toBe(secret);
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes without look-alike characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes)
      expect(c).toMatch(/^[a-hjkmnp-tv-z2-9]{4}-[a-hjkmnp-tv-z2-9]{4}-[a-hjkmnp-tv-z2-9]{4}$/);
  });

  it('hashes a code the same however it is typed', () => {
    expect(hashRecoveryCode('ab2c-d3ef-gh4j')).toBe(hashRecoveryCode(' AB2C D3EF GH4J '));
    expect(hashRecoveryCode('ab2c-d3ef-gh4j')).not.toBe(hashRecoveryCode('ab2c-d3ef-gh4k'));
    expect(hashRecoveryCode('ab2c-d3ef-gh4j')).toMatch(/^[0-9a-f]{64}$/);
  });
});
