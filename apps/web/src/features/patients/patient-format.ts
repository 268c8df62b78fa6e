import { formatPhone } from '@meridian/contracts';

export {
  ageYears,
  formatCalendarDate,
  fullName,
  languageName,
  listName,
  localToday,
} from '../../ui/patient-display';

export function phoneForDisplay(e164: string | null | undefined): string {
  return e164 ? formatPhone(e164) : '—';
}

/** Every language a registrar is likely to pick first; any BCP 47 tag is accepted. */
export const commonLanguages = [
  'en',
  'es',
  'zh',
  'vi',
  'tl',
  'ar',
  'fr',
  'ht',
  'ko',
  'ru',
  'pt',
  'de',
  'pl',
  'it',
  'ja',
  'hi',
  'ur',
  'fa',
  'bn',
  'so',
  'am',
  'uk',
  'ase',
] as const;
