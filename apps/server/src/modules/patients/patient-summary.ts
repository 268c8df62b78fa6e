import type { PatientSummary } from '@meridian/contracts';
import type { PatientRow } from './patients.tables.js';

/** The columns a summary needs (search and matching select only these). */
export type SummaryRow = Pick<
  PatientRow,
  | 'id'
  | 'mrn'
  | 'status'
  | 'namePrefix'
  | 'givenName'
  | 'middleName'
  | 'familyName'
  | 'nameSuffix'
  | 'preferredName'
  | 'birthDate'
  | 'sexAtBirth'
  | 'phones'
  | 'addresses'
  | 'deceased'
  | 'flagVip'
  | 'flagEmployee'
  | 'flagConfidential'
>;

export function isRestricted(
  row: Pick<PatientRow, 'flagVip' | 'flagEmployee' | 'flagConfidential'>,
): boolean {
  return row.flagVip || row.flagEmployee || row.flagConfidential;
}

/**
 * A search hit or match candidate. `visible` is false for a restricted record the reader
 * has no break-the-glass grant for: then only its id, MRN and restriction show.
 */
export function toSummary(
  row: SummaryRow,
  opts: { visible: boolean; matchedBy?: PatientSummary['matchedBy']; score?: number },
): PatientSummary {
  const restricted = isRestricted(row);
  const base = {
    id: row.id,
    mrn: row.mrn,
    restricted,
    status: row.status,
    matchedBy: opts.matchedBy ?? [],
    score: opts.score ?? 0,
  };
  if (!opts.visible) {
    return {
      ...base,
      name: null,
      preferredName: null,
      birthDate: null,
      sexAtBirth: null,
      phone: null,
      city: null,
      deceased: null,
    };
  }
  const phone = row.phones.find((p) => p.preferred) ?? row.phones[0];
  const home =
    row.addresses.find((a) => a.use === 'home' && a.until === undefined) ??
    row.addresses.find((a) => a.until === undefined);
  return {
    ...base,
    name: {
      ...(row.namePrefix ? { prefix: row.namePrefix } : {}),
      given: row.givenName,
      ...(row.middleName ? { middle: row.middleName } : {}),
      family: row.familyName,
      ...(row.nameSuffix ? { suffix: row.nameSuffix } : {}),
    },
    preferredName: row.preferredName,
    birthDate: row.birthDate,
    sexAtBirth: row.sexAtBirth,
    phone: phone?.number ?? null,
    city: home?.city ?? null,
    deceased: row.deceased,
  };
}
