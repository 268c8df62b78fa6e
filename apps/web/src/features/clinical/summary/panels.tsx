import { useMemo } from 'react';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  isActiveProblemStatus,
  isCriticalFlag,
  openStayStatuses,
  type Appointment,
  type HomeMedication,
  type LatestVitals,
  type PatientProblem,
  type Prescription,
  type Stay,
} from '@meridian/contracts';
import { formatDate, formatDateTime } from '../../../ui/format';
import { mapQuery, type QueryLike } from '../../../ui/QueryState';
import { usePatientStays } from '../../admissions/stays/stays.api';
import { StayStatusBadge } from '../../admissions/stays/StayStatusBadge';
import { flattenPages } from '../../admin/paging';
import { AppointmentStatusBadge } from '../../scheduling/AppointmentStatusBadge';
import {
  patientRanges,
  useUpcomingAppointments,
} from '../../scheduling/patient/patient-appointments.api';
import { useAllergySummary } from '../allergies/allergies.api';
import { FlagBadge, OrderStatusBadge } from '../labs/lab-display';
import { usePatientLabOrders } from '../labs/labs.api';
import { useHomeMedications, usePrescriptions } from '../medications/medications.api';
import { usePatientProblems } from '../problems/problems.api';
import { News2AlertBanner } from '../vitals/News2AlertBanner';
import { News2Badge } from '../vitals/News2Badge';
import { useLatestVitals } from '../vitals/vitals.api';
import { PanelRow, PanelRows, SummaryListPanel, SummaryPanel } from './SummaryPanel';

interface PanelProps {
  patientId: string;
}

const tab = (patientId: string, name: string) => `/patients/${patientId}/${name}`;

export function ProblemsPanel(props: PanelProps) {
  const { t } = useTranslation();
  const problems = usePatientProblems(props.patientId);
  const query = mapQuery(problems, (d) => flattenPages(d).filter(isActiveProblem));
  return (
    <SummaryListPanel
      id="problems"
      title={t('chart:summary.problems.title')}
      to={tab(props.patientId, 'problems')}
      query={query}
      empty={t('chart:summary.problems.empty')}
      rowKey={(p) => p.id}
    >
      {(p) => (
        <PanelRow
          title={p.display}
          detail={[
            p.code,
            p.onsetDate
              ? t('chart:summary.problems.onset', { date: formatDate(p.onsetDate) })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
          aside={
            p.clinicalStatus === 'recurrence' ? (
              <Badge color="orange.9" variant="light" size="sm">
                {t('problems:status.recurrence')}
              </Badge>
            ) : null
          }
        />
      )}
    </SummaryListPanel>
  );
}

function isActiveProblem(p: PatientProblem) {
  return (
    p.verificationStatus !== 'entered_in_error' &&
    p.verificationStatus !== 'refuted' &&
    isActiveProblemStatus(p.clinicalStatus)
  );
}

type MedicationRow =
  { kind: 'prescription'; item: Prescription } | { kind: 'home'; item: HomeMedication };

/** Signed, in-force prescriptions first (newest first), then the home medications. */
export function MedicationsPanel(props: PanelProps) {
  const { t } = useTranslation();
  const prescriptions = usePrescriptions(props.patientId);
  const home = useHomeMedications(props.patientId);
  const query: QueryLike<MedicationRow[]> = {
    data:
      prescriptions.data && home.data
        ? [
            ...prescriptions.data.items
              .filter((p) => p.status === 'active')
              .map((item) => ({ kind: 'prescription' as const, item })),
            ...home.data.items
              .filter((h) => h.status === 'active')
              .map((item) => ({ kind: 'home' as const, item })),
          ]
        : undefined,
    error: prescriptions.error ?? home.error,
    isPending: prescriptions.isPending || home.isPending,
    refetch: () => Promise.all([prescriptions.refetch(), home.refetch()]),
  };
  return (
    <SummaryListPanel
      id="medications"
      title={t('chart:summary.medications.title')}
      to={tab(props.patientId, 'medications')}
      query={query}
      empty={t('chart:summary.medications.empty')}
      rowKey={(row) => row.item.id}
    >
      {(row) =>
        row.kind === 'prescription' ? (
          <>
            <Text size="sm" fw={600}>
              {row.item.productDisplay}
            </Text>
            {row.item.instructions ? (
              <Text size="xs" c="dimmed">
                {row.item.instructions}
              </Text>
            ) : null}
          </>
        ) : (
          <>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600}>
                {row.item.display}
              </Text>
              <Badge size="xs" variant="outline" color="gray.8">
                {t('chart:summary.medications.home')}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {[
                row.item.doseValue !== null
                  ? `${row.item.doseValue} ${row.item.doseUnit ?? ''}`.trim()
                  : null,
                row.item.frequency
                  ? t(`medications:frequency.${row.item.frequency}`, {
                      defaultValue: row.item.frequency,
                    })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </>
        )
      }
    </SummaryListPanel>
  );
}

/** In-force allergies, or what was recorded instead: "no known allergies" or nothing yet. */
export function AllergiesPanel(props: PanelProps) {
  const { t } = useTranslation();
  // The banner reads the same summary: one request serves both.
  const summary = useAllergySummary(props.patientId, true);
  return (
    <SummaryPanel
      id="allergies"
      title={t('chart:summary.allergies.title')}
      to={tab(props.patientId, 'allergies')}
      query={summary}
      isEmpty={() => false}
      empty=""
    >
      {(data) =>
        data.state === 'not_recorded' ? (
          <Badge color="yellow.9" c="dark.8" variant="outline">
            {t('allergies:banner.notRecorded')}
          </Badge>
        ) : data.state === 'no_known_allergies' ? (
          <Badge color="green.9" variant="light">
            {t('allergies:banner.nka')}
          </Badge>
        ) : (
          <PanelRows rows={data.items} rowKey={(a) => a.id}>
            {(a) => (
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {a.display}
                </Text>
                {a.criticality === 'high' ? (
                  <Badge
                    size="sm"
                    color="red.9"
                    leftSection={<IconAlertTriangle size={12} aria-hidden />}
                  >
                    {t('allergies:banner.high')}
                  </Badge>
                ) : null}
                {a.type === 'intolerance' ? (
                  <Badge size="sm" variant="outline" color="gray.8">
                    {t('allergies:banner.intolerance')}
                  </Badge>
                ) : null}
                {a.verificationStatus === 'unconfirmed' ? (
                  <Text size="xs" c="dimmed">
                    ({t('allergies:banner.unconfirmed')})
                  </Text>
                ) : null}
              </Group>
            )}
          </PanelRows>
        )
      }
    </SummaryPanel>
  );
}

/**
 * Each vital's newest value and the latest NEWS2 with its band; an alert shows the vitals
 * tab's banner (band and RCP response) instead of the band alone.
 */
export function VitalsPanel(props: PanelProps) {
  const { t } = useTranslation();
  const latest = useLatestVitals(props.patientId);
  return (
    <SummaryPanel
      id="vitals"
      title={t('chart:summary.vitals.title')}
      to={tab(props.patientId, 'vitals')}
      query={latest}
      isEmpty={(d) => d.items.length === 0 && d.news2 === null}
      empty={t('chart:summary.vitals.empty')}
    >
      {(d) => (
        <Stack gap="xs">
          {d.news2 ? (
            <Group gap={6} wrap="wrap">
              <News2Badge news2={d.news2} />
              {d.news2.band && !d.news2.isAlert ? (
                <Text size="xs">{t(`vitals:news2.band.${d.news2.band}`)}</Text>
              ) : null}
              <Text size="xs" c="dimmed">
                {formatDateTime(d.news2.at)}
              </Text>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              {t('chart:summary.vitals.noNews2')}
            </Text>
          )}
          <News2AlertBanner news2={d.news2} />
          {d.items.length > 0 ? <LatestValues items={d.items} /> : null}
        </Stack>
      )}
    </SummaryPanel>
  );
}

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A UCUM unit for reading: "mm[Hg]" as mmHg, an annotation such as "{score}" left out. */
function unitText(unit: string | null): string {
  if (!unit || /^\{.*\}$/.test(unit)) return '';
  if (unit === 'Cel') return '°C';
  if (unit === '[degF]') return '°F';
  return unit.replace(/[[\]]/g, '');
}

/** Each vital's newest value; a value older than the newest one's day shows its own date. */
function LatestValues(props: { items: LatestVitals['items'] }) {
  const { t } = useTranslation();
  const newest = props.items.reduce((m, v) => (v.at > m ? v.at : m), props.items[0]?.at ?? '');
  const newestDay = formatDate(newest);
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        {t('chart:summary.vitals.latest', { when: formatDateTime(newest) })}
      </Text>
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) auto',
          columnGap: 12,
          rowGap: 2,
          margin: 0,
        }}
      >
        {props.items.map((v) => {
          const day = formatDate(v.at);
          const value =
            v.value !== null
              ? `${decimal.format(v.value)} ${unitText(v.unit)}`.trim()
              : (v.valueCode ?? '—');
          return (
            <div key={v.code} style={{ display: 'contents' }}>
              <Text component="dt" size="xs">
                {v.display}
              </Text>
              <Text component="dd" size="sm" fw={600} m={0} ta="right">
                {value}
                {day !== newestDay ? (
                  <Text span size="xs" fw={400} c="dimmed">
                    {' '}
                    ({day})
                  </Text>
                ) : null}
              </Text>
            </div>
          );
        })}
      </dl>
    </Stack>
  );
}

/** Latest lab orders, with their abnormal and critical results called out. */
export function ResultsPanel(props: PanelProps) {
  const { t } = useTranslation();
  const orders = usePatientLabOrders(props.patientId);
  const query = mapQuery(orders, (d) => flattenPages(d).filter((o) => o.status !== 'cancelled'));
  return (
    <SummaryListPanel
      id="results"
      title={t('chart:summary.results.title')}
      to={tab(props.patientId, 'results')}
      query={query}
      empty={t('chart:summary.results.empty')}
      rowKey={(o) => o.id}
    >
      {(o) => {
        const flagged = o.results.filter((r) => r.flag !== null);
        const critical = flagged.filter((r) => isCriticalFlag(r.flag)).length;
        return (
          <>
            <PanelRow
              title={o.tests.map((x) => x.shortName).join(', ')}
              detail={formatDateTime(o.resultedAt ?? o.orderedAt)}
              aside={<OrderStatusBadge status={o.status} reportStatus={o.reportStatus} />}
            />
            {flagged.length > 0 ? (
              <Group gap={4} wrap="wrap" mt={2}>
                {critical > 0 ? (
                  <Badge
                    size="sm"
                    color="red.9"
                    leftSection={<IconAlertTriangle size={12} aria-hidden />}
                  >
                    {t('chart:summary.results.critical', { count: critical })}
                  </Badge>
                ) : null}
                {flagged.slice(0, 4).map((r) => (
                  <Group key={r.id} gap={2} wrap="nowrap">
                    <Text size="xs">{r.shortName}</Text>
                    <FlagBadge flag={r.flag} />
                  </Group>
                ))}
                {flagged.length > 4 ? (
                  <Text size="xs" c="dimmed">
                    {t('chart:summary.more', { count: flagged.length - 4 })}
                  </Text>
                ) : null}
              </Group>
            ) : null}
          </>
        );
      }}
    </SummaryListPanel>
  );
}

const notUpcoming = new Set<Appointment['status']>(['cancelled', 'no_show', 'completed']);

/** From today on, soonest first; cancelled and finished ones left out. */
export function AppointmentsPanel(props: PanelProps) {
  const { t } = useTranslation();
  const ranges = useMemo(() => patientRanges(), []);
  const upcoming = useUpcomingAppointments(props.patientId, ranges.upcoming);
  const query = mapQuery(upcoming, (d) =>
    flattenPages(d).filter((a) => !notUpcoming.has(a.status)),
  );
  return (
    <SummaryListPanel
      id="appointments"
      title={t('chart:summary.appointments.title')}
      to={tab(props.patientId, 'appointments')}
      query={query}
      empty={t('chart:summary.appointments.empty')}
      rowKey={(a) => a.id}
    >
      {(a) => (
        <PanelRow
          title={formatDateTime(a.startsAt)}
          detail={`${a.appointmentTypeName} · ${a.practitionerName}`}
          aside={<AppointmentStatusBadge status={a.status} />}
        />
      )}
    </SummaryListPanel>
  );
}

const openStatuses = new Set<Stay['status']>(openStayStatuses);

/** The open stay (one per patient at most): pre-admitted, admitted or on leave. */
export function StayPanel(props: PanelProps) {
  const { t } = useTranslation();
  const stays = usePatientStays(props.patientId);
  const query = mapQuery(
    stays,
    (d): Stay | null => d.items.find((s) => openStatuses.has(s.status)) ?? null,
  );
  return (
    <SummaryPanel
      id="stay"
      title={t('chart:summary.stay.title')}
      to={tab(props.patientId, 'stays')}
      query={query}
      isEmpty={(s) => s === null}
      empty={t('chart:summary.stay.empty')}
    >
      {(s) =>
        s ? (
          <Stack gap={2}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={600}>
                {s.stayNumber}
              </Text>
              <StayStatusBadge status={s.status} />
              <Badge size="sm" variant="outline" color="gray.8">
                {t(`admissions:levelOfCare.${s.levelOfCare}`)}
              </Badge>
            </Group>
            <Text size="sm">{s.reason}</Text>
            <Text size="xs" c="dimmed">
              {s.admittedAt
                ? t('chart:summary.stay.admitted', { when: formatDateTime(s.admittedAt) })
                : t('chart:summary.stay.expected', { when: formatDateTime(s.expectedAt) })}
            </Text>
          </Stack>
        ) : null
      }
    </SummaryPanel>
  );
}
