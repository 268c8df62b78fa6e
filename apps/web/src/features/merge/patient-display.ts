import type { Patient, PatientSummary } from '@meridian/contracts';
import { formatDate } from '../../ui/format';

type NameParts = { given: string; middle?: string; family: string };

/** "Family, Given Middle": how registration lists and wristbands read a name. */
export function formatName(name: NameParts | null): string | null {
  if (!name) return null;
  return `${name.family}, ${[name.given, name.middle].filter(Boolean).join(' ')}`;
}

/** A calendar date (YYYY-MM-DD) for people; read as UTC so no zone shifts the day. */
export function formatDay(iso: string | null | undefined): string {
  return iso ? formatDate(`${iso}T00:00:00Z`, 'UTC') : '—';
}

/** Enough of a record for a person to recognise it. */
export interface PatientLabel {
  id: string;
  mrn: string;
  name: string | null;
  birthDate: string | null;
}

export function labelOf(p: PatientSummary | Patient): PatientLabel {
  return { id: p.id, mrn: p.mrn, name: formatName(p.name), birthDate: p.birthDate };
}
