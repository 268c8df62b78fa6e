import { ageOn } from '@meridian/contracts';

interface NameParts {
  prefix?: string | undefined;
  given: string;
  middle?: string | undefined;
  family: string;
  suffix?: string | undefined;
}

/** "FAMILY, Given Middle": how lists and banners show a patient, family name first. */
export function listName(name: NameParts): string {
  const rest = [name.given, name.middle].filter(Boolean).join(' ');
  const suffix = name.suffix ? ` ${name.suffix}` : '';
  return `${name.family.toLocaleUpperCase()}${suffix}, ${rest}`;
}

/** "Dr José María García Jr", the name as written on a letter. */
export function fullName(name: NameParts): string {
  return [name.prefix, name.given, name.middle, name.family, name.suffix].filter(Boolean).join(' ');
}

/** Today's date where the browser is (the age staff see is their local day's). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A calendar date (YYYY-MM-DD) in the user's locale. Tricky: read and shown in UTC, or a
 * birthday would move a day back west of Greenwich.
 */
export function formatCalendarDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function ageYears(birthDate: string, today: string = localToday()): number {
  return ageOn(birthDate, today);
}

/** A language's name in the UI language, from Intl (no catalogue to keep in step). */
export function languageName(tag: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
