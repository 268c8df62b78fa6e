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
import { isActiveProblemStatus, type PatientProblem } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { formatDate } from '../../../ui/format';
import { mapQuery, QueryState } from '../../../ui/QueryState';
import { usePatientContext } from '../../patients/record/PatientPage';
import { AddProblemDialog, ProblemStepDialog, type ProblemDialog } from './ProblemDialogs';
import { ProblemHistoryModal } from './ProblemHistory';
import { usePatientProblems } from './problems.api';

const statusColor = {
  active: 'red',
  recurrence: 'orange',
  inactive: 'gray',
  resolved: 'teal',
} as const;

const isInError = (p: PatientProblem) => p.verificationStatus === 'entered_in_error';

/** /patients/:id/problems: the problem list (active, then resolved and inactive). */
export function ProblemsTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const can = useCan();
  const problems = usePatientProblems(patient.id);
  const [isAdding, setIsAdding] = useState(false);
  const [step, setStep] = useState<{ problem: PatientProblem; dialog: ProblemDialog } | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const canWrite = can('clinical.write') && patient.status !== 'merged';
  const list = mapQuery(problems, (d) => d.pages.flatMap((p) => p.items));

  const table = (rows: PatientProblem[], labelId: string, withAbatement: boolean) => (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-labelledby={labelId} verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={110}>
              {t('problems:tab.code')}
            </Table.Th>
            <Table.Th scope="col">{t('problems:tab.problem')}</Table.Th>
            <Table.Th scope="col" w={120}>
              {t('problems:tab.onset')}
            </Table.Th>
            {withAbatement ? (
              <Table.Th scope="col" w={120}>
                {t('problems:tab.abatement')}
              </Table.Th>
            ) : null}
            <Table.Th scope="col" w={120}>
              {t('problems:tab.status')}
            </Table.Th>
            <Table.Th scope="col" w={60}>
              <VisuallyHidden>{t('problems:tab.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => (
            <ProblemRow
              key={p.id}
              problem={p}
              withAbatement={withAbatement}
              canWrite={canWrite}
              onStep={(dialog) => setStep({ problem: p, dialog })}
              onHistory={() => setHistoryOf(p.id)}
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
          {t('problems:tab.title')}
        </Title>
        {canWrite ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setIsAdding(true)}
          >
            {t('problems:tab.add')}
          </Button>
        ) : null}
      </Group>
      <QueryState query={list} isEmpty={(all) => all.length === 0} empty={t('problems:tab.empty')}>
        {(all) => {
          const active = all.filter(
            (p) => !isInError(p) && isActiveProblemStatus(p.clinicalStatus),
          );
          const other = all.filter(
            (p) => !isInError(p) && !isActiveProblemStatus(p.clinicalStatus),
          );
          const errors = all.filter(isInError);
          return (
            <Stack gap="lg">
              <Stack gap="xs">
                <Title order={3} size="h4" id="problems-active">
                  {t('problems:tab.active')}
                </Title>
                {active.length ? (
                  table(active, 'problems-active', false)
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('problems:tab.emptyActive')}
                  </Text>
                )}
              </Stack>
              <Stack gap="xs">
                <Title order={3} size="h4" id="problems-inactive">
                  {t('problems:tab.inactive')}
                </Title>
                {other.length ? (
                  table(other, 'problems-inactive', true)
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('problems:tab.emptyInactive')}
                  </Text>
                )}
              </Stack>
              {errors.length ? (
                <Stack gap="xs">
                  <Group gap="sm">
                    <Title order={3} size="h4" id="problems-error">
                      {t('problems:tab.enteredInError')}
                    </Title>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-expanded={showErrors}
                      onClick={() => setShowErrors((s) => !s)}
                    >
                      {showErrors
                        ? t('problems:tab.hideErrors')
                        : t('problems:tab.showErrors', { count: errors.length })}
                    </Button>
                  </Group>
                  {showErrors ? table(errors, 'problems-error', true) : null}
                </Stack>
              ) : null}
              {problems.hasNextPage ? (
                <Button
                  variant="default"
                  loading={problems.isFetchingNextPage}
                  onClick={() => void problems.fetchNextPage()}
                >
                  {t('problems:tab.showMore')}
                </Button>
              ) : null}
            </Stack>
          );
        }}
      </QueryState>
      <AddProblemDialog
        patientId={patient.id}
        opened={isAdding}
        onClose={() => setIsAdding(false)}
      />
      <ProblemStepDialog
        problem={step?.problem ?? null}
        dialog={step?.dialog ?? null}
        onClose={() => setStep(null)}
      />
      <ProblemHistoryModal problemId={historyOf} onClose={() => setHistoryOf(null)} />
    </Stack>
  );
}

function ProblemRow(props: {
  problem: PatientProblem;
  withAbatement: boolean;
  canWrite: boolean;
  onStep: (dialog: ProblemDialog) => void;
  onHistory: () => void;
}) {
  const { t } = useTranslation();
  const p = props.problem;
  const inError = isInError(p);
  const canChange = props.canWrite && !inError;
  return (
    <Table.Tr>
      <Table.Td>
        <Text ff="monospace" fw={700} size="sm" td={inError ? 'line-through' : undefined}>
          {p.code ?? t('problems:tab.noCode', { code: p.snomedCode ?? '' })}
        </Text>
        {p.isBillable === false ? (
          <Badge size="xs" color="violet" variant="light">
            {t('problems:picker.category')}
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" td={inError ? 'line-through' : undefined}>
          {p.display}
        </Text>
        {p.verificationStatus !== 'confirmed' ? (
          <Badge size="xs" variant="outline" color={inError ? 'red' : 'gray'}>
            {t(`problems:verification.${p.verificationStatus}`)}
          </Badge>
        ) : null}
        {p.note ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {p.note}
          </Text>
        ) : null}
        {inError && p.enteredInErrorReason ? (
          <Text size="xs" c="red.8">
            {p.enteredInErrorReason}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{formatDate(p.onsetDate, 'UTC')}</Table.Td>
      {props.withAbatement ? <Table.Td>{formatDate(p.abatementDate, 'UTC')}</Table.Td> : null}
      <Table.Td>
        <Badge color={statusColor[p.clinicalStatus]} variant="light">
          {t(`problems:status.${p.clinicalStatus}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('problems:tab.actionsFor', { display: p.display })}
            >
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {canChange ? (
              <>
                <Menu.Item onClick={() => props.onStep('edit')}>
                  {t('problems:actions.edit')}
                </Menu.Item>
                {p.clinicalStatus !== 'resolved' ? (
                  <Menu.Item onClick={() => props.onStep('resolve')}>
                    {t('problems:actions.resolve')}
                  </Menu.Item>
                ) : null}
                <Menu.Item color="red" onClick={() => props.onStep('error')}>
                  {t('problems:actions.enteredInError')}
                </Menu.Item>
              </>
            ) : null}
            <Menu.Item onClick={props.onHistory}>{t('problems:actions.history')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
