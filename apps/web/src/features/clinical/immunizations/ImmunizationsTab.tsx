import { useState, type ReactNode } from 'react';
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
import type { Immunization, Procedure } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { formatDate, formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { usePatientContext } from '../../patients/record/PatientPage';
import { useImmunizations, useProcedures, type RecordKind } from './immunizations.api';
import { ImmunizationDialog, ProcedureDialog, RecordErrorDialog } from './RecordDialogs';

type ErrorTarget = { kind: RecordKind; id: string; version: number; display: string };

/** /patients/:id/immunizations: immunizations and procedures, newest first, each paged. */
export function ImmunizationsTab() {
  const { patient } = usePatientContext();
  const can = useCan();
  const canWrite = can('clinical.write') && patient.status !== 'merged';
  const [dialog, setDialog] = useState<RecordKind | null>(null);
  const [errorTarget, setErrorTarget] = useState<ErrorTarget | null>(null);
  return (
    <Stack gap="xl">
      <ImmunizationSection
        patientId={patient.id}
        canWrite={canWrite}
        onAdd={() => setDialog('immunizations')}
        onError={setErrorTarget}
      />
      <ProcedureSection
        patientId={patient.id}
        canWrite={canWrite}
        onAdd={() => setDialog('procedures')}
        onError={setErrorTarget}
      />
      <ImmunizationDialog
        patientId={patient.id}
        opened={dialog === 'immunizations'}
        onClose={() => setDialog(null)}
      />
      <ProcedureDialog
        patientId={patient.id}
        opened={dialog === 'procedures'}
        onClose={() => setDialog(null)}
      />
      <RecordErrorDialog target={errorTarget} onClose={() => setErrorTarget(null)} />
    </Stack>
  );
}

function SectionHeader(props: {
  id: string;
  title: string;
  addLabel: string;
  canWrite: boolean;
  onAdd: () => void;
}) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Title order={2} size="h3" id={props.id}>
        {props.title}
      </Title>
      {props.canWrite ? (
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={props.onAdd}>
          {props.addLabel}
        </Button>
      ) : null}
    </Group>
  );
}

function RowMenu(props: { label: string; onError: () => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={props.label}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item color="red" onClick={props.onError}>
          {t('immunizations:tab.markError')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function MoreButton(props: { hasNext: boolean; isFetching: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  return props.hasNext ? (
    <Button variant="default" loading={props.isFetching} onClick={props.onMore}>
      {t('immunizations:tab.showMore')}
    </Button>
  ) : null;
}

function StatusBadge(props: { status: string; children: ReactNode }) {
  const color =
    props.status === 'completed' ? 'teal' : props.status === 'entered_in_error' ? 'red' : 'gray';
  return (
    <Badge color={color} variant="light">
      {props.children}
    </Badge>
  );
}

function ImmunizationSection(props: {
  patientId: string;
  canWrite: boolean;
  onAdd: () => void;
  onError: (t: ErrorTarget) => void;
}) {
  const { t } = useTranslation();
  const q = useImmunizations(props.patientId);
  const list = {
    data: q.data?.pages.flatMap((p) => p.items),
    error: q.error,
    isPending: q.isPending,
    refetch: q.refetch,
  };
  return (
    <Stack gap="sm">
      <SectionHeader
        id="immunizations-title"
        title={t('immunizations:tab.immunizations')}
        addLabel={t('immunizations:tab.addImmunization')}
        canWrite={props.canWrite}
        onAdd={props.onAdd}
      />
      <QueryState
        query={list}
        isEmpty={(all) => all.length === 0}
        empty={t('immunizations:tab.emptyImmunizations')}
      >
        {(rows: Immunization[]) => (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby="immunizations-title" verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={120}>
                    {t('immunizations:tab.date')}
                  </Table.Th>
                  <Table.Th scope="col">{t('immunizations:tab.vaccine')}</Table.Th>
                  <Table.Th scope="col">{t('immunizations:tab.details')}</Table.Th>
                  <Table.Th scope="col" w={130}>
                    {t('immunizations:tab.status')}
                  </Table.Th>
                  <Table.Th scope="col" w={60}>
                    <VisuallyHidden>{t('immunizations:tab.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((im) => {
                  const inError = im.status === 'entered_in_error';
                  return (
                    <Table.Tr key={im.id}>
                      <Table.Td>{formatDate(im.occurrenceDate, 'UTC')}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600} td={inError ? 'line-through' : undefined}>
                          {im.vaccine.display}
                        </Text>
                        <Text size="xs" c="dimmed">
                          CVX {im.vaccine.code}
                          {im.doseNumber
                            ? ` · ${t('immunizations:tab.dose', { n: im.doseNumber })}`
                            : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {[
                            im.lotNumber ? t('immunizations:tab.lot', { lot: im.lotNumber }) : null,
                            im.site,
                            im.route,
                            im.performer?.name,
                          ]
                            .filter(Boolean)
                            .join(' · ') || '—'}
                        </Text>
                        {im.notDoneReason ? (
                          <Text size="xs" c="dimmed">
                            {im.notDoneReason}
                          </Text>
                        ) : null}
                        {inError && im.errorReason ? (
                          <Text size="xs" c="red.8">
                            {im.errorReason}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={im.status}>
                          {t(`immunizations:status.${im.status}`)}
                        </StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        {props.canWrite && !inError ? (
                          <RowMenu
                            label={t('immunizations:tab.actionsFor', {
                              display: im.vaccine.display,
                            })}
                            onError={() =>
                              props.onError({
                                kind: 'immunizations',
                                id: im.id,
                                version: im.version,
                                display: im.vaccine.display,
                              })
                            }
                          />
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <MoreButton
        hasNext={q.hasNextPage}
        isFetching={q.isFetchingNextPage}
        onMore={() => void q.fetchNextPage()}
      />
    </Stack>
  );
}

function ProcedureSection(props: {
  patientId: string;
  canWrite: boolean;
  onAdd: () => void;
  onError: (t: ErrorTarget) => void;
}) {
  const { t } = useTranslation();
  const q = useProcedures(props.patientId);
  const list = {
    data: q.data?.pages.flatMap((p) => p.items),
    error: q.error,
    isPending: q.isPending,
    refetch: q.refetch,
  };
  return (
    <Stack gap="sm">
      <SectionHeader
        id="procedures-title"
        title={t('immunizations:tab.procedures')}
        addLabel={t('immunizations:tab.addProcedure')}
        canWrite={props.canWrite}
        onAdd={props.onAdd}
      />
      <QueryState
        query={list}
        isEmpty={(all) => all.length === 0}
        empty={t('immunizations:tab.emptyProcedures')}
      >
        {(rows: Procedure[]) => (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby="procedures-title" verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={170}>
                    {t('immunizations:tab.performed')}
                  </Table.Th>
                  <Table.Th scope="col">{t('immunizations:tab.procedure')}</Table.Th>
                  <Table.Th scope="col">{t('immunizations:tab.details')}</Table.Th>
                  <Table.Th scope="col" w={130}>
                    {t('immunizations:tab.status')}
                  </Table.Th>
                  <Table.Th scope="col" w={60}>
                    <VisuallyHidden>{t('immunizations:tab.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => {
                  const inError = p.status === 'entered_in_error';
                  return (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(p.performedStart)}</Text>
                        {p.performedEnd ? (
                          <Text size="xs" c="dimmed">
                            {t('immunizations:tab.until', { end: formatDateTime(p.performedEnd) })}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600} td={inError ? 'line-through' : undefined}>
                          {p.code.display}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`immunizations:codeSystem.${p.code.system}`)} {p.code.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {[p.bodySite?.display, p.performer?.name].filter(Boolean).join(' · ') ||
                            '—'}
                        </Text>
                        {p.outcome ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {p.outcome}
                          </Text>
                        ) : null}
                        {inError && p.errorReason ? (
                          <Text size="xs" c="red.8">
                            {p.errorReason}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={p.status}>
                          {t(`immunizations:procedureStatus.${p.status}`)}
                        </StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        {props.canWrite && !inError ? (
                          <RowMenu
                            label={t('immunizations:tab.actionsFor', { display: p.code.display })}
                            onError={() =>
                              props.onError({
                                kind: 'procedures',
                                id: p.id,
                                version: p.version,
                                display: p.code.display,
                              })
                            }
                          />
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <MoreButton
        hasNext={q.hasNextPage}
        isFetching={q.isFetchingNextPage}
        onMore={() => void q.fetchNextPage()}
      />
    </Stack>
  );
}
