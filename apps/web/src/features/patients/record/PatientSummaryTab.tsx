import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Button, DataList, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Patient } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { describeError } from '../../../ui/errors';
import { LoadingState } from '../../../ui/QueryState';
import { formatDateTime } from '../../../ui/format';
import { DetailItem } from '../../admin/DetailItem';
import { formatCalendarDate, fullName, languageName, phoneForDisplay } from '../patient-format';
import { useRevealSsn } from '../patients.api';
import { usePatientContext } from './PatientPage';
import { PatientPhotoCard } from './PatientPhotoCard';

function Card(props: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section">
      <Title order={2} size="h4" mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}

// The clinical summary loads its own code, so staff without clinical.read never fetch it.
const ChartSummary = lazy(() =>
  import('../../clinical/summary/ChartSummary').then((m) => ({ default: m.ChartSummary })),
);

const dash = (v: string | null | undefined) => (v ? v : '—');

/** The SSN, masked; staff allowed to read it may reveal it (the server audits the read). */
function SsnValue(props: { patient: Patient }) {
  const { t } = useTranslation();
  const can = useCan();
  const [isRevealed, setRevealed] = useState(false);
  const reveal = useRevealSsn(props.patient.id, isRevealed);
  if (!props.patient.ssnMasked) return <>—</>;
  const digits = reveal.data?.ssn;
  const shown =
    isRevealed && digits
      ? `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`
      : props.patient.ssnMasked;
  return (
    <Group gap="xs" wrap="nowrap">
      <Text span ff="monospace" size="sm">
        {shown}
      </Text>
      {can('patient.ssn.read') ? (
        <Button
          size="compact-xs"
          variant="subtle"
          loading={isRevealed && reveal.isFetching}
          leftSection={
            isRevealed ? <IconEyeOff size={14} aria-hidden /> : <IconEye size={14} aria-hidden />
          }
          onClick={() => setRevealed((v) => !v)}
        >
          {isRevealed ? t('patients:summary.hideSsn') : t('patients:summary.revealSsn')}
        </Button>
      ) : null}
      {reveal.isError ? (
        <Text size="xs" c="red" role="alert">
          {describeError(reveal.error).message}
        </Text>
      ) : null}
    </Group>
  );
}

function IdentityCard(props: { patient: Patient }) {
  const { t, i18n } = useTranslation();
  const p = props.patient;
  return (
    <Card title={t('patients:summary.identity')}>
      <DataList>
        <DetailItem label={t('patients:summary.fullName')}>{fullName(p.name)}</DetailItem>
        <DetailItem label={t('patients:fields.preferredName')}>{dash(p.preferredName)}</DetailItem>
        {p.previousNames.map((n, i) => (
          <DetailItem key={i} label={t(`patients:enums.previousNameKind.${n.kind}`)}>
            {[n.given, n.family].filter(Boolean).join(' ')}
            {n.until
              ? ` (${t('patients:summary.until', { date: formatCalendarDate(n.until) })})`
              : ''}
          </DetailItem>
        ))}
        <DetailItem label={t('patients:fields.birthDate')}>
          {formatCalendarDate(p.birthDate)}
        </DetailItem>
        <DetailItem label={t('patients:fields.sexAtBirth')}>
          {t(`patients:enums.sexAtBirth.${p.sexAtBirth}`)}
        </DetailItem>
        <DetailItem label={t('patients:fields.genderIdentity')}>
          {dash(p.genderIdentity)}
        </DetailItem>
        <DetailItem label={t('patients:fields.pronouns')}>{dash(p.pronouns)}</DetailItem>
        <DetailItem label={t('patients:fields.language')}>
          {p.language ? languageName(p.language, i18n.language) : '—'}
          {p.interpreterNeeded ? ` · ${t('patients:flags.interpreter')}` : ''}
        </DetailItem>
      </DataList>
    </Card>
  );
}

function ContactCard(props: { patient: Patient }) {
  const { t } = useTranslation();
  const p = props.patient;
  const current = p.addresses.filter((a) => !a.until);
  const past = p.addresses.filter((a) => a.until);
  const addressText = (a: Patient['addresses'][number]) =>
    [a.line1, a.line2, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ');
  const consents = [
    p.consentSms ? t('patients:fields.consentSms') : null,
    p.consentEmail ? t('patients:fields.consentEmail') : null,
  ].filter(Boolean);
  return (
    <Card title={t('patients:summary.contact')}>
      <DataList>
        {p.phones.length === 0 ? (
          <DetailItem label={t('patients:summary.phones')}>—</DetailItem>
        ) : null}
        {p.phones.map((ph, i) => (
          <DetailItem key={i} label={t(`patients:enums.phoneKind.${ph.kind}`)}>
            {phoneForDisplay(ph.number)}
            {ph.preferred ? ` · ${t('patients:fields.phones.preferred')}` : ''}
          </DetailItem>
        ))}
        <DetailItem label={t('patients:fields.email')}>{dash(p.email)}</DetailItem>
        <DetailItem label={t('patients:fields.preferredContact')}>
          {p.preferredContact ? t(`patients:enums.contactMethod.${p.preferredContact}`) : '—'}
        </DetailItem>
        <DetailItem label={t('patients:summary.consents')}>
          {consents.length ? consents.join(', ') : t('patients:summary.noConsent')}
        </DetailItem>
        {current.map((a, i) => (
          <DetailItem key={i} label={t(`patients:enums.addressUse.${a.use}`)}>
            {addressText(a)}
          </DetailItem>
        ))}
        {past.map((a, i) => (
          <DetailItem
            key={`past-${i}`}
            label={t('patients:summary.pastAddress', { until: formatCalendarDate(a.until) })}
          >
            <Text span c="dimmed" size="sm">
              {addressText(a)}
            </Text>
          </DetailItem>
        ))}
      </DataList>
    </Card>
  );
}

function PeopleCard(props: { patient: Patient }) {
  const { t } = useTranslation();
  const p = props.patient;
  return (
    <Card title={t('patients:form.sections.people')}>
      {p.contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('patients:summary.noContacts')}
        </Text>
      ) : (
        <DataList>
          {p.contacts.map((c, i) => (
            <DetailItem
              key={i}
              label={c.roles.map((r) => t(`patients:enums.contactRole.${r}`)).join(', ')}
            >
              {c.name} ({t(`patients:enums.relationship.${c.relationship}`)})
              {c.phone ? ` · ${phoneForDisplay(c.phone)}` : ''}
              {c.email ? ` · ${c.email}` : ''}
            </DetailItem>
          ))}
        </DataList>
      )}
    </Card>
  );
}

function RecordCard(props: { patient: Patient }) {
  const { t } = useTranslation();
  const p = props.patient;
  return (
    <Card title={t('patients:summary.record')}>
      <DataList>
        <DetailItem label={t('patients:fields.ssn')}>
          <SsnValue patient={p} />
        </DetailItem>
        {p.identifiers.map((id, i) => (
          <DetailItem key={i} label={t(`patients:enums.identifierType.${id.type}`)}>
            {id.value} ({id.assigningAuthority})
          </DetailItem>
        ))}
        {p.mrnAliases.length > 0 ? (
          <DetailItem label={t('patients:summary.mrnAliases')}>
            {p.mrnAliases.join(', ')}
          </DetailItem>
        ) : null}
        <DetailItem label={t('patients:fields.maritalStatus')}>
          {p.maritalStatus ? t(`patients:enums.maritalStatus.${p.maritalStatus}`) : '—'}
        </DetailItem>
        <DetailItem label={t('patients:fields.race')}>
          {p.race.length ? p.race.map((r) => t(`patients:enums.race.${r}`)).join(', ') : '—'}
        </DetailItem>
        <DetailItem label={t('patients:fields.ethnicity')}>
          {p.ethnicity ? t(`patients:enums.ethnicity.${p.ethnicity}`) : '—'}
        </DetailItem>
        <DetailItem label={t('patients:summary.primaryCare')}>
          {dash(p.primaryCarePractitioner?.displayName)}
        </DetailItem>
        <DetailItem label={t('patients:summary.registered')}>
          {formatDateTime(p.createdAt)}
        </DetailItem>
        <DetailItem label={t('patients:summary.updated')}>
          {t('patients:summary.versionAt', { version: p.version, at: formatDateTime(p.updatedAt) })}
        </DetailItem>
      </DataList>
    </Card>
  );
}

/** /patients/:id: the chart summary (clinical staff), then the demographics as a read view. */
export function PatientSummaryTab() {
  const { patient } = usePatientContext();
  const can = useCan();
  return (
    <Stack gap="md">
      {can('clinical.read') ? (
        <Suspense fallback={<LoadingState />}>
          <ChartSummary patientId={patient.id} />
        </Suspense>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <IdentityCard patient={patient} />
        <ContactCard patient={patient} />
        <RecordCard patient={patient} />
        <PeopleCard patient={patient} />
        {can('patient.write') ? <PatientPhotoCard patient={patient} /> : null}
      </SimpleGrid>
    </Stack>
  );
}
