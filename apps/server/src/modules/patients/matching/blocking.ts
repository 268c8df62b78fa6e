// Which index keys a probe is looked up by (candidates.repository.ts runs the lookups).
import { nameTokens, phoneticKeys } from '../search-keys.js';
import type { BlockingKeys } from './candidates.repository.js';
import type { MatchProbe } from './match-record.js';

// No record is born before this or after today (contracts: birthDate), so no need to look.
const earliest = '1800-01-01';
const todayIso = () => new Date().toISOString().slice(0, 10);

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * The dates a mistyped date of birth could stand for: day and month transposed, and every
 * real date one digit away (1980-03-04 -> 1981-03-04, 1980-03-14, ...). At most ~70 dates,
 * each an equality probe on the birth_date index.
 */
export function birthDateVariants(iso: string, latest = todayIso()): string[] {
  const variants = new Set<string>();
  const [y, m, d] = iso.split('-');
  if (y && m && d && m !== d) variants.add(`${y}-${d}-${m}`);
  const digits = iso.replace(/-/g, '');
  for (let i = 0; i < digits.length; i++) {
    for (let c = 0; c <= 9; c++) {
      const next = digits.slice(0, i) + String(c) + digits.slice(i + 1);
      if (next === digits) continue;
      variants.add(`${next.slice(0, 4)}-${next.slice(4, 6)}-${next.slice(6)}`);
    }
  }
  return [...variants]
    .filter((v) => v !== iso && v >= earliest && v <= latest && isRealDate(v))
    .sort();
}

export function toBlockingKeys(p: MatchProbe, excludePatientId: string | null): BlockingKeys {
  const names = [p.given, p.family].filter((n): n is string => n !== null).join(' ');
  return {
    birthDate: p.birthDate,
    birthDateVariants: p.birthDate ? birthDateVariants(p.birthDate) : [],
    namePhonetic: phoneticKeys(nameTokens(names)),
    given: p.given,
    family: p.family,
    phoneKeys: p.phoneKeys,
    ssnLast4: p.ssnLast4,
    excludePatientId,
  };
}
