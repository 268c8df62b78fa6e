import type { ReactNode } from 'react';
import { Avatar, Badge, Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLanguage, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Patient } from '@meridian/contracts';
import { ageYears, formatCalendarDate, languageName, listName } from './patient-display';

/** The parts of a patient the banner shows. */
export type BannerPatient = Pick<
  Patient,
  | 'id'
  | 'mrn'
  | 'version'
  | 'name'
  | 'preferredName'
  | 'birthDate'
  | 'sexAtBirth'
  | 'pronouns'
  | 'flags'
  | 'deceased'
  | 'deceasedDate'
  | 'interpreterNeeded'
  | 'language'
  | 'hasPhoto'
  | 'status'
>;

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Text size="sm" span>
      <Text span c="dimmed" size="sm">
        {props.label}{' '}
      </Text>
      <Text span fw={600} size="sm">
        {props.children}
      </Text>
    </Text>
  );
}

function initials(p: BannerPatient): string {
  return `${p.name.given.charAt(0)}${p.name.family.charAt(0)}`.toLocaleUpperCase();
}

/**
 * Who this is, always in view at the top of every patient page: name, MRN, age and date of
 * birth, sex and the flags staff must not miss. Below them, `children`: the patient page
 * puts the allergy line there, from the clinical record.
 */
export function PatientBanner(props: {
  patient: BannerPatient;
  actions?: ReactNode;
  /** Bumped when the photo changes; the record's version does not move then. */
  photoRevision?: number;
  /** Lines below the facts (the patient page's allergy line). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const p = props.patient;
  const age = ageYears(p.birthDate, p.deceased && p.deceasedDate ? p.deceasedDate : undefined);
  const isRestricted = p.flags.vip || p.flags.employee || p.flags.confidential;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      shadow="xs"
      pos="sticky"
      top={68}
      style={{ zIndex: 5, background: 'var(--mantine-color-body)' }}
      aria-label={t('patients:banner.label')}
      component="section"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Avatar
            size={48}
            radius="md"
            color="blue"
            src={
              p.hasPhoto
                ? `/api/v1/patients/${p.id}/photo?v=${p.version}${props.photoRevision ? `-${props.photoRevision}` : ''}`
                : null
            }
            alt={p.hasPhoto ? t('patients:banner.photo') : ''}
          >
            {initials(p)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap" align="baseline">
              <Title order={1} size="h3">
                {listName(p.name)}
              </Title>
              {p.preferredName ? (
                <Text size="sm" c="dimmed">
                  {t('patients:banner.preferred', { name: p.preferredName })}
                </Text>
              ) : null}
            </Group>
            <Group gap="md" wrap="wrap" style={{ rowGap: 2 }}>
              <Fact label={t('patients:banner.mrn')}>
                <Text span ff="monospace" fw={600} size="sm">
                  {p.mrn}
                </Text>
              </Fact>
              <Fact label={t('patients:banner.dob')}>
                {t('patients:dobAge', { date: formatCalendarDate(p.birthDate), age })}
              </Fact>
              <Fact label={t('patients:banner.sex')}>
                {t(`patients:enums.sexAtBirth.${p.sexAtBirth}`)}
              </Fact>
              {p.pronouns ? <Fact label={t('patients:banner.pronouns')}>{p.pronouns}</Fact> : null}
            </Group>
            {props.children}
          </Stack>
        </Group>
        <Box>
          <Group gap={6} wrap="wrap" justify="flex-end">
            {p.deceased ? (
              <Badge color="dark">
                {p.deceasedDate
                  ? t('patients:banner.deceasedOn', { date: formatCalendarDate(p.deceasedDate) })
                  : t('patients:flags.deceased')}
              </Badge>
            ) : null}
            {isRestricted ? (
              <Badge
                color="orange"
                variant="light"
                leftSection={<IconLock size={12} aria-hidden />}
              >
                {t('patients:flags.restricted')}
              </Badge>
            ) : null}
            {p.flags.vip ? <Badge color="grape">{t('patients:flags.vip')}</Badge> : null}
            {p.flags.employee ? <Badge color="indigo">{t('patients:flags.employee')}</Badge> : null}
            {p.flags.confidential ? (
              <Badge color="red">{t('patients:flags.confidential')}</Badge>
            ) : null}
            {p.interpreterNeeded ? (
              <Badge color="cyan.9" leftSection={<IconLanguage size={12} aria-hidden />}>
                {p.language
                  ? t('patients:banner.interpreterFor', {
                      language: languageName(p.language, i18n.language),
                    })
                  : t('patients:flags.interpreter')}
              </Badge>
            ) : null}
            {p.status !== 'active' ? (
              <Badge color="gray" variant="outline">
                {t(`patients:status.${p.status}`)}
              </Badge>
            ) : null}
          </Group>
          {props.actions}
        </Box>
      </Group>
    </Paper>
  );
}
