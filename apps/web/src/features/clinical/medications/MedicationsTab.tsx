import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { HomeMedication, Prescription } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { formatDate } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { usePatientContext } from '../../patients/record/PatientPage';
import { MarSection } from './MarSection';
import {
  EndMedicationDialog,
  HistoryDialog,
  HomeMedicationDialog,
  type EndTarget,
} from './MedicationDialogs';
import { useHomeMedications, usePrescriptions } from './medications.api';
import { PrescribeDialog, type PrescribeStart } from './PrescribeDialog';
import { StatusBadge } from './StatusBadge';

/** /patients/:id/medications: prescriptions, home medications and, for inpatients, the MAR. */
export function MedicationsTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const can = useCan();
  const isOpen = patient.status !== 'merged';
  // New prescriptions are for the living; the server refuses them too (not_deceased).
  const canPrescribe = can('prescription.write') && isOpen && !patient.deceased;
  const canWrite = can('clinical.write') && isOpen;
  const prescriptions = usePrescriptions(patient.id);
  const home = useHomeMedications(patient.id);
  const [prescribe, setPrescribe] = useState<PrescribeStart | null>(null);
  const [ending, setEnding] = useState<EndTarget | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [addingHome, setAddingHome] = useState(false);
  const [showPast, setShowPast] = useState(false);

  const rxTable = (rows: Prescription[], labelId: string) => (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-labelledby={labelId} verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('medications:tab.medication')}</Table.Th>
            <Table.Th scope="col" w={150}>
              {t('medications:tab.signed')}
            </Table.Th>
            <Table.Th scope="col" w={130}>
              {t('medications:tab.status')}
            </Table.Th>
            <Table.Th scope="col" w={60}>
              <VisuallyHidden>{t('medications:tab.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => (
            <PrescriptionRow
              key={p.id}
              p={p}
              canPrescribe={canPrescribe}
              onHistory={() => setHistoryOf(p.id)}
              onRevise={(kind) =>
                setPrescribe(kind === 'draft' ? { kind, draft: p } : { kind, from: p })
              }
              onEnd={(step) => setEnding({ kind: 'prescriptions', item: p, step })}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t('medications:tab.title')}
        </Title>
        <Group gap="xs">
          {canWrite ? (
            <Button variant="default" onClick={() => setAddingHome(true)}>
              {t('medications:home.add')}
            </Button>
          ) : null}
          {canPrescribe ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setPrescribe({ kind: 'new' })}
            >
              {t('medications:tab.prescribe')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <QueryState query={prescriptions}>
        {(data) => {
          const drafts = data.items.filter((p) => p.status === 'draft');
          const active = data.items.filter((p) => p.status === 'active');
          const past = data.items.filter((p) => !['draft', 'active'].includes(p.status));
          return (
            <Stack gap="lg">
              {drafts.length > 0 ? (
                <Stack gap="xs">
                  <Title order={3} size="h4" id="rx-drafts">
                    {t('medications:tab.drafts')}
                  </Title>
                  {rxTable(drafts, 'rx-drafts')}
                </Stack>
              ) : null}
              <Stack gap="xs">
                <Title order={3} size="h4" id="rx-active">
                  {t('medications:tab.active')}
                </Title>
                {active.length > 0 ? (
                  rxTable(active, 'rx-active')
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('medications:tab.emptyActive')}
                  </Text>
                )}
              </Stack>
              {past.length > 0 ? (
                <Stack gap="xs">
                  <Group gap="sm">
                    <Title order={3} size="h4" id="rx-past">
                      {t('medications:tab.past')}
                    </Title>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-expanded={showPast}
                      onClick={() => setShowPast((s) => !s)}
                    >
                      {showPast
                        ? t('medications:tab.hide')
                        : t('medications:tab.show', { count: past.length })}
                    </Button>
                  </Group>
                  {showPast ? rxTable(past, 'rx-past') : null}
                </Stack>
              ) : null}
            </Stack>
          );
        }}
      </QueryState>
      <MarSection patientId={patient.id} canRecord={canWrite} />
      <Stack gap="xs">
        <Title order={3} size="h4" id="home-meds">
          {t('medications:home.title')}
        </Title>
        <QueryState query={home}>
          {(data) =>
            data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('medications:home.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table aria-labelledby="home-meds" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('medications:tab.medication')}</Table.Th>
                      <Table.Th scope="col" w={160}>
                        {t('medications:home.reported')}
                      </Table.Th>
                      <Table.Th scope="col" w={130}>
                        {t('medications:tab.status')}
                      </Table.Th>
                      <Table.Th scope="col" w={60}>
                        <VisuallyHidden>{t('medications:tab.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((h) => (
                      <HomeRow
                        key={h.id}
                        h={h}
                        canWrite={canWrite}
                        onEnd={(step) => setEnding({ kind: 'home-medications', item: h, step })}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Stack>
      <PrescribeDialog
        patientId={patient.id}
        start={prescribe}
        onClose={() => setPrescribe(null)}
      />
      <EndMedicationDialog target={ending} onClose={() => setEnding(null)} />
      <HistoryDialog prescriptionId={historyOf} onClose={() => setHistoryOf(null)} />
      <HomeMedicationDialog
        patientId={patient.id}
        opened={addingHome}
        onClose={() => setAddingHome(false)}
      />
    </Stack>
  );
}

function PrescriptionRow(props: {
  p: Prescription;
  canPrescribe: boolean;
  onHistory: () => void;
  onRevise: (kind: 'modify' | 'renew' | 'draft') => void;
  onEnd: (step: 'stop' | 'entered-in-error') => void;
}) {
  const { t } = useTranslation();
  const { p } = props;
  const inError = p.status === 'entered_in_error';
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} td={inError ? 'line-through' : undefined}>
            {p.productDisplay}
          </Text>
          {p.isPrn ? (
            <Badge size="sm" variant="outline" color="grape">
              {t('medications:tab.prn')}
            </Badge>
          ) : null}
          {p.revision ? (
            <Badge size="sm" variant="outline" color="gray">
              {t(`medications:tab.revision.${p.revision}`)}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm">{p.instructions}</Text>
        <Text size="xs" c="dimmed">
          {[
            p.quantity !== null ? t('medications:tab.quantity', { quantity: p.quantity }) : null,
            t('medications:tab.refills', { count: p.refills }),
            p.endsAt ? t('medications:tab.until', { date: formatDate(p.endsAt) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {p.statusReason ? (
          <Text size="xs" c={inError ? 'red.8' : 'dimmed'}>
            {t('medications:history.reason', { reason: p.statusReason })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{p.signedAt ? formatDate(p.signedAt) : '—'}</Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={p.status} />
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('medications:tab.actionsFor', { name: p.productDisplay })}
            >
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={props.onHistory}>{t('medications:tab.history')}</Menu.Item>
            {props.canPrescribe && p.status === 'draft' ? (
              <Menu.Item onClick={() => props.onRevise('draft')}>
                {t('medications:tab.continue')}
              </Menu.Item>
            ) : null}
            {props.canPrescribe && p.status === 'active' ? (
              <>
                <Menu.Item onClick={() => props.onRevise('modify')}>
                  {t('medications:tab.modify')}
                </Menu.Item>
                <Menu.Item onClick={() => props.onRevise('renew')}>
                  {t('medications:tab.renew')}
                </Menu.Item>
                <Menu.Item color="red" onClick={() => props.onEnd('stop')}>
                  {t('medications:tab.stop')}
                </Menu.Item>
              </>
            ) : null}
            {props.canPrescribe && !inError ? (
              <Menu.Item color="red" onClick={() => props.onEnd('entered-in-error')}>
                {t('medications:tab.enteredInError')}
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}

function HomeRow(props: {
  h: HomeMedication;
  canWrite: boolean;
  onEnd: (step: 'stop' | 'entered-in-error') => void;
}) {
  const { t } = useTranslation();
  const { h } = props;
  const detail = [
    h.doseValue !== null ? `${h.doseValue} ${h.doseUnit ?? ''}` : null,
    h.frequency ? t(`medications:frequency.${h.frequency}`) : null,
    h.note,
  ].filter(Boolean);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} td={h.status === 'entered_in_error' ? 'line-through' : undefined}>
          {h.display}
        </Text>
        {detail.length > 0 ? <Text size="xs">{detail.join(' · ')}</Text> : null}
        {h.statusReason ? (
          <Text size="xs" c="dimmed">
            {t('medications:history.reason', { reason: h.statusReason })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(h.reportedAt)}</Text>
        <Text size="xs" c="dimmed">
          {t(`medications:reportedBy.${h.reportedBy}`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={h.status} />
      </Table.Td>
      <Table.Td>
        {props.canWrite && h.status !== 'entered_in_error' ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('medications:tab.actionsFor', { name: h.display })}
              >
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {h.status === 'active' ? (
                <Menu.Item color="red" onClick={() => props.onEnd('stop')}>
                  {t('medications:tab.stop')}
                </Menu.Item>
              ) : null}
              <Menu.Item color="red" onClick={() => props.onEnd('entered-in-error')}>
                {t('medications:tab.enteredInError')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}
