import { Anchor, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PatientSummary } from '@meridian/contracts';
import { formatCalendarDate, listName } from '../../../ui/patient-display';

/** The patient's name as lists show it, or "Restricted record" when it is withheld. */
export function patientLabel(t: TFunction, patient: PatientSummary | null): string {
  return patient?.name ? listName(patient.name) : t('visits:patient.restricted');
}

/**
 * Who the appointment is for, enough to tell two patients apart at the desk: name, MRN and
 * date of birth. A restricted record shows only its MRN; the link asks for break-the-glass.
 */
export function PatientCell(props: { patientId: string | null; patient: PatientSummary | null }) {
  const { t } = useTranslation();
  const { patient, patientId } = props;
  const label = patientLabel(t, patient);
  const isRestricted = !patient?.name;
  return (
    <Stack gap={0}>
      {patientId ? (
        <Anchor component={Link} to={`/patients/${patientId}`} fw={600} size="sm">
          {isRestricted ? <IconLock size={14} aria-hidden style={{ marginRight: 4 }} /> : null}
          {label}
        </Anchor>
      ) : (
        <Text size="sm" fw={600}>
          {label}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {[
          patient ? t('visits:patient.mrn', { mrn: patient.mrn }) : null,
          patient?.birthDate
            ? t('visits:patient.born', { date: formatCalendarDate(patient.birthDate) })
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
}
