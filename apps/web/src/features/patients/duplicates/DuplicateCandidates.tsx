import { Anchor, Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MatchCandidate } from '@meridian/contracts';
import { ageYears, formatCalendarDate, listName, phoneForDisplay } from '../patient-format';

type Reason = MatchCandidate['reasons'][number];

/** "Date of birth: day and month swapped", from the field and the rule the scorer applied. */
export function reasonText(t: TFunction, reason: Reason): string {
  return t('patients:match.reason', {
    field: t(`patients:match.fields.${reason.field}`, { defaultValue: reason.field }),
    rule: t(`patients:match.rules.${reason.rule}`, {
      defaultValue: reason.rule.replace(/_/g, ' '),
    }),
  });
}

export function BandBadge(props: { band: MatchCandidate['band'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={props.band === 'likely' ? 'red' : 'orange'} variant="light">
      {t(`patients:match.band.${props.band}`)}
    </Badge>
  );
}

/** One candidate: who it is (or that it is restricted), why it matched, and a link to it. */
function CandidateCard(props: { candidate: MatchCandidate }) {
  const { t } = useTranslation();
  const { patient, band, reasons } = props.candidate;
  const shown = [...reasons].sort((a, b) => b.weight - a.weight);
  return (
    <Paper withBorder p="sm" radius="md" component="li">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" align="flex-start">
          <Text fw={600} size="sm">
            {patient.name ? listName(patient.name) : t('patients:restricted.label')}
          </Text>
          <BandBadge band={band} />
        </Group>
        <Text size="sm" c="dimmed">
          {[
            t('patients:mrnValue', { mrn: patient.mrn }),
            patient.birthDate
              ? t('patients:dobAge', {
                  date: formatCalendarDate(patient.birthDate),
                  age: ageYears(patient.birthDate),
                })
              : null,
            patient.sexAtBirth ? t(`patients:enums.sexAtBirth.${patient.sexAtBirth}`) : null,
            patient.phone ? phoneForDisplay(patient.phone) : null,
            patient.city,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {shown.length > 0 ? (
          <List
            size="xs"
            spacing={2}
            listStyleType="none"
            aria-label={t('patients:match.whyLabel')}
          >
            {shown.map((r, i) => (
              <List.Item key={i} c={r.weight > 0 ? undefined : 'dimmed'}>
                <span aria-hidden>{r.weight > 0 ? '✓ ' : '✗ '}</span>
                {reasonText(t, r)}
              </List.Item>
            ))}
          </List>
        ) : null}
        <Anchor
          component={Link}
          to={`/patients/${patient.id}`}
          target="_blank"
          rel="noopener"
          size="sm"
        >
          <Group gap={4} component="span">
            {t('patients:match.open')}
            <IconExternalLink size={14} aria-label={t('patients:match.newTab')} />
          </Group>
        </Anchor>
      </Stack>
    </Paper>
  );
}

export function DuplicateCandidates(props: { candidates: MatchCandidate[] }) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
      {props.candidates.map((c) => (
        <CandidateCard key={c.patient.id} candidate={c} />
      ))}
    </Stack>
  );
}
