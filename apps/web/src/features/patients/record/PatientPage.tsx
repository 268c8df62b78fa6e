import { Suspense } from 'react';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useOutletContext, useParams } from 'react-router';
import type { Patient } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { useCan } from '../../../app/auth/useMe';
import { ErrorState, NotFoundPage } from '../../../app/shell/StatusPages';
import { PatientBanner } from '../../../ui/PatientBanner';
import { AllergyBannerLine } from '../../clinical/allergies/AllergyBannerLine';
import { LoadingState } from '../../../ui/QueryState';
import { usePatient } from '../patients.api';
import { usePhotoRevision } from '../patient-photo.api';
import { RestrictedRecord } from './RestrictedRecord';

/** What the tabs below the banner read: the record as loaded, and a reload. */
export interface PatientOutletContext {
  patient: Patient;
  reload: () => Promise<unknown>;
}

export function usePatientContext(): PatientOutletContext {
  return useOutletContext<PatientOutletContext>();
}

function MergedNotice(props: { survivorId: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" icon={<IconArrowMerge size={18} aria-hidden />} role="status">
      <Text size="sm">
        {t('patients:merged.body')}{' '}
        <Anchor component={Link} to={`/patients/${props.survivorId}`} fw={600} size="sm">
          {t('patients:merged.open')}
        </Anchor>
      </Text>
    </Alert>
  );
}

/** The clinical record's tabs, in the order a clinician reads a chart. */
const chartTabs = [
  'encounters',
  'problems',
  'allergies',
  'medications',
  'vitals',
  'results',
  'notes',
  'immunizations',
] as const;

function PatientTabs(props: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { pathname } = useLocation();
  const base = `/patients/${props.id}`;
  const tabs = [
    { to: base, label: t('patients:tabs.summary') },
    ...(can('patient.write') ? [{ to: `${base}/edit`, label: t('patients:tabs.edit') }] : []),
    { to: `${base}/coverage`, label: t('patients:tabs.coverage') },
    { to: `${base}/history`, label: t('patients:tabs.history') },
    ...(can('appointment.read')
      ? [{ to: `${base}/appointments`, label: t('visits:patientTab.title') }]
      : []),
    ...(can('admission.read') ? [{ to: `${base}/stays`, label: t('admissions:tab.title') }] : []),
    ...(can('clinical.read')
      ? chartTabs.map((key) => ({ to: `${base}/${key}`, label: t(`chart:tabs.${key}`) }))
      : []),
  ];
  return (
    <Group component="nav" aria-label={t('patients:tabs.label')} gap={4} wrap="wrap">
      {tabs.map((tab) => {
        const isCurrent = pathname === tab.to;
        return (
          <Button
            key={tab.to}
            component={Link}
            to={tab.to}
            variant={isCurrent ? 'light' : 'subtle'}
            aria-current={isCurrent ? 'page' : undefined}
            size="sm"
          >
            {tab.label}
          </Button>
        );
      })}
    </Group>
  );
}

/**
 * /patients/:id and its tabs: the banner stays on top of every tab. A restricted record
 * asks for break-the-glass first; a merged one points to the record that survived.
 */
export function PatientPage() {
  const { id = '' } = useParams();
  const query = usePatient(id);
  const photoRevision = usePhotoRevision(id);

  if (query.isPending) return <LoadingState />;
  if (query.error) {
    const error = query.error;
    if (error instanceof ApiError && error.code === 'access.break_glass_required') {
      return <RestrictedRecord patientId={error.problem.patientId ?? id} />;
    }
    if (
      error instanceof ApiError &&
      error.code === 'patient.merged' &&
      error.problem.mergedIntoId
    ) {
      return <MergedNotice survivorId={error.problem.mergedIntoId} />;
    }
    if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
    return <ErrorState error={error} onRetry={() => void query.refetch()} />;
  }

  const patient = query.data;
  const context: PatientOutletContext = { patient, reload: () => query.refetch() };
  return (
    <Stack gap="md">
      <PatientBanner patient={patient} photoRevision={photoRevision}>
        <AllergyBannerLine patientId={patient.id} />
      </PatientBanner>
      {patient.status === 'merged' && patient.mergedIntoId ? (
        <MergedNotice survivorId={patient.mergedIntoId} />
      ) : null}
      <PatientTabs id={patient.id} />
      {/* The tab loads below the banner, which stays in view meanwhile. */}
      <Suspense fallback={<LoadingState />}>
        <Outlet context={context} />
      </Suspense>
    </Stack>
  );
}
