import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  ageInYears,
  codedFlag,
  isCriticalFlag,
  numericFlag,
  pickReferenceRange,
  toTestUnit,
  type LabFlag,
  type LabOrderStatus,
  type LabTestDefinition,
} from '@meridian/contracts';

const flagColor: Record<LabFlag, string> = {
  L: 'blue',
  H: 'orange',
  LL: 'red',
  HH: 'red',
  A: 'orange',
};

/** A result's flag as a coloured badge with its meaning for screen readers; nothing when normal. */
export function FlagBadge(props: { flag: LabFlag | null }) {
  const { t } = useTranslation('labs');
  if (!props.flag) return null;
  const critical = isCriticalFlag(props.flag);
  return (
    <Badge
      color={flagColor[props.flag]}
      variant={critical ? 'filled' : 'light'}
      title={t(`flag.${props.flag}`)}
      aria-label={t(`flag.${props.flag}`)}
    >
      {props.flag}
    </Badge>
  );
}

const statusColor: Record<LabOrderStatus, string> = {
  ordered: 'gray',
  collected: 'blue',
  resulted: 'green',
  cancelled: 'dark',
};

export function OrderStatusBadge(props: { status: LabOrderStatus; reportStatus: string | null }) {
  const { t } = useTranslation('labs');
  return (
    <Badge color={statusColor[props.status]} variant="light">
      {props.reportStatus ? t(`reportStatus.${props.reportStatus}`) : t(`status.${props.status}`)}
    </Badge>
  );
}

/** A value for display: number with the test's decimals, or the coded answer / text. */
export function formatLabValue(
  r: { valueNumeric: number | null; valueCode: string | null; valueText: string | null },
  decimals?: number | null,
): string {
  if (r.valueNumeric !== null) {
    return decimals === undefined || decimals === null
      ? String(r.valueNumeric)
      : r.valueNumeric.toFixed(decimals);
  }
  return r.valueCode ?? r.valueText ?? '';
}

export function formatRange(low: number | null, high: number | null): string {
  if (low !== null && high !== null) return `${low}–${high}`;
  if (low !== null) return `≥ ${low}`;
  if (high !== null) return `≤ ${high}`;
  return '';
}

export interface PatientFacts {
  sexAtBirth: string | null;
  birthDate: string | null;
}

/**
 * The flag the server will compute, shown live while the lab types: null when the value is
 * normal or not yet valid; 'unit' when the unit cannot be converted.
 */
export function liveFlag(
  test: LabTestDefinition,
  entry: { value: string; unit: string },
  patient: PatientFacts,
  at: Date,
): LabFlag | null | 'unit' {
  if (test.valueType === 'coded') {
    return entry.value ? codedFlag(entry.value, test.normalAnswers ?? []) : null;
  }
  const n = Number(entry.value);
  if (entry.value.trim() === '' || !Number.isFinite(n)) return null;
  const converted = toTestUnit(n, entry.unit, test);
  if (converted === null) return 'unit';
  const ageYears = patient.birthDate ? ageInYears(patient.birthDate, at) : null;
  return numericFlag(
    converted,
    pickReferenceRange(test.ranges, { sex: patient.sexAtBirth, ageYears }),
  );
}
