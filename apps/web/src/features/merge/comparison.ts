import type { TFunction } from 'i18next';
import type { Patient } from '@meridian/contracts';
import { formatDay, formatName } from './patient-display';

export interface ComparisonRow {
  key: string;
  label: string;
  duplicate: string;
  survivor: string;
  differs: boolean;
}

function list(values: string[]): string {
  return values.length > 0 ? values.join('; ') : '—';
}

/** The key demographics of a record as text, one entry per compared field. */
function describe(t: TFunction, p: Patient): Record<string, string> {
  const current = p.addresses.filter((a) => !a.until);
  const flags = (['vip', 'employee', 'confidential'] as const).filter((f) => p.flags[f]);
  return {
    name: formatName(p.name) ?? '—',
    mrn: [p.mrn, ...p.mrnAliases].join(', '),
    birthDate: formatDay(p.birthDate),
    sexAtBirth: t(`merge:sex.${p.sexAtBirth}`),
    phones: list(p.phones.map((ph) => `${ph.number} (${t(`merge:phoneKind.${ph.kind}`)})`)),
    email: p.email ?? '—',
    address: list(
      current.map((a) => [a.line1, a.city, a.state, a.postalCode].filter(Boolean).join(', ')),
    ),
    ssn: p.ssnMasked ?? '—',
    identifiers: list(
      p.identifiers.map(
        (i) => `${t(`merge:identifierType.${i.type}`)} ${i.assigningAuthority}: ${i.value}`,
      ),
    ),
    flags: list(flags.map((f) => t(`merge:flags.${f}`))),
    deceased: p.deceased
      ? t('merge:compare.deceasedOn', { date: formatDay(p.deceasedDate) })
      : t('merge:compare.no'),
    status: t(`merge:status.${p.status}`),
  };
}

/** Both records side by side, field by field, marking where they differ. */
export function compareRecords(
  t: TFunction,
  duplicate: Patient,
  survivor: Patient,
): ComparisonRow[] {
  const d = describe(t, duplicate);
  const s = describe(t, survivor);
  return Object.keys(d).map((key) => ({
    key,
    label: t(`merge:compare.fields.${key}`),
    duplicate: d[key] ?? '—',
    survivor: s[key] ?? '—',
    // The MRNs always differ; that is what a merge is about, not a warning.
    differs: key !== 'mrn' && d[key] !== s[key],
  }));
}
