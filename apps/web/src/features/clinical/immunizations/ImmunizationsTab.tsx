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
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Immunization, Procedure } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { formatDate, formatDateTime } from '../../../ui/format';
import { mapQuery, QueryState } from '../../../ui/QueryState';
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

interface RecordRow {
  id: string;
  version: number;
  status: string;
  errorReason: string | null;
}

/** How one kind of record fills the shared section: its texts and its row's cells. */
interface SectionSpec<R extends RecordRow> {
  kind: RecordKind;
  title: string;
  addLabel: string;
  empty: string;
  whenHeader: string;
  whenWidth: number;
  whatHeader: string;
  display: (r: R) => string;
  when: (r: R) => ReactNode;
  /** The line under the name: its code. */
  codeLine: (r: R) => ReactNode;
  /** Details, and notes under them (an entered-in-error reason is added by the section). */
  details: (r: R) => string;
  note: (r: R) => string | null;
  statusLabel: (r: R) => string;
}

/** One section of the tab: header with Add, the paged table, and "Show more". */
function RecordSection<R extends RecordRow>(props: {
  spec: SectionSpec<R>;
  pages: UseInfiniteQueryResult<InfiniteData<{ items: R[] }>>;
  canWrite: boolean;
  onAdd: () => void;
  onError: (t: ErrorTarget) => void;
}) {
  const { t } = useTranslation();
  const { spec, pages: q } = props;
  const titleId = `${spec.kind}-title`;
  const list = mapQuery(q, (d) => d.pages.flatMap((p) => p.items));
  return (
    <Stack gap="sm">
      <SectionHeader
        id={titleId}
        title={spec.title}
        addLabel={spec.addLabel}
        canWrite={props.canWrite}
        onAdd={props.onAdd}
      />
      <QueryState query={list} isEmpty={(all) => all.length === 0} empty={spec.empty}>
        {(rows) => (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby={titleId} verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={spec.whenWidth}>
                    {spec.whenHeader}
                  </Table.Th>
                  <Table.Th scope="col">{spec.whatHeader}</Table.Th>
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
                {rows.map((r) => {
                  const inError = r.status === 'entered_in_error';
                  const display = spec.display(r);
                  const note = spec.note(r);
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td>{spec.when(r)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600} td={inError ? 'line-through' : undefined}>
                          {display}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {spec.codeLine(r)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{spec.details(r) || '—'}</Text>
                        {note ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {note}
                          </Text>
                        ) : null}
                        {inError && r.errorReason ? (
                          <Text size="xs" c="red.8">
                            {r.errorReason}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status}>{spec.statusLabel(r)}</StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        {props.canWrite && !inError ? (
                          <RowMenu
                            label={t('immunizations:tab.actionsFor', { display })}
                            onError={() =>
                              props.onError({
                                kind: spec.kind,
                                id: r.id,
                                version: r.version,
                                display,
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

type Section = {
  patientId: string;
  canWrite: boolean;
  onAdd: () => void;
  onError: (t: ErrorTarget) => void;
};

function ImmunizationSection(props: Section) {
  const { t } = useTranslation();
  const spec: SectionSpec<Immunization> = {
    kind: 'immunizations',
    title: t('immunizations:tab.immunizations'),
    addLabel: t('immunizations:tab.addImmunization'),
    empty: t('immunizations:tab.emptyImmunizations'),
    whenHeader: t('immunizations:tab.date'),
    whenWidth: 120,
    whatHeader: t('immunizations:tab.vaccine'),
    display: (im) => im.vaccine.display,
    when: (im) => formatDate(im.occurrenceDate, 'UTC'),
    codeLine: (im) =>
      `CVX ${im.vaccine.code}${im.doseNumber ? ` · ${t('immunizations:tab.dose', { n: im.doseNumber })}` : ''}`,
    details: (im) =>
      [
        im.lotNumber ? t('immunizations:tab.lot', { lot: im.lotNumber }) : null,
        im.site,
        im.route,
        im.performer?.name,
      ]
        .filter(Boolean)
        .join(' · '),
    note: (im) => im.notDoneReason,
    statusLabel: (im) => t(`immunizations:status.${im.status}`),
  };
  return <RecordSection spec={spec} pages={useImmunizations(props.patientId)} {...props} />;
}

function ProcedureSection(props: Section) {
  const { t } = useTranslation();
  const spec: SectionSpec<Procedure> = {
    kind: 'procedures',
    title: t('immunizations:tab.procedures'),
    addLabel: t('immunizations:tab.addProcedure'),
    empty: t('immunizations:tab.emptyProcedures'),
    whenHeader: t('immunizations:tab.performed'),
    whenWidth: 170,
    whatHeader: t('immunizations:tab.procedure'),
    display: (p) => p.code.display,
    when: (p) => (
      <>
        <Text size="sm">{formatDateTime(p.performedStart)}</Text>
        {p.performedEnd ? (
          <Text size="xs" c="dimmed">
            {t('immunizations:tab.until', { end: formatDateTime(p.performedEnd) })}
          </Text>
        ) : null}
      </>
    ),
    codeLine: (p) => `${t(`immunizations:codeSystem.${p.code.system}`)} ${p.code.code}`,
    details: (p) => [p.bodySite?.display, p.performer?.name].filter(Boolean).join(' · '),
    note: (p) => p.outcome,
    statusLabel: (p) => t(`immunizations:procedureStatus.${p.status}`),
  };
  return <RecordSection spec={spec} pages={useProcedures(props.patientId)} {...props} />;
}
