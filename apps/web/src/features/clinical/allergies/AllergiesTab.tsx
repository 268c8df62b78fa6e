import { useState } from 'react';
import {
  ActionIcon,
  Alert,
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
import { IconAlertTriangle, IconDots, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isAllergyInForce, type Allergy, type AllergyList } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { useCan } from '../../../app/auth/useMe';
import { errorMessage } from '../../../ui/errors';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { notifyDone } from '../../coverage/notify';
import { usePatientContext } from '../../patients/record/PatientPage';
import { usePatientAllergies, useRecordNka } from './allergies.api';
import { AllergyDialog, AllergyErrorDialog } from './AllergyDialogs';

const isInError = (a: Allergy) => a.verificationStatus === 'entered_in_error';

/** /patients/:id/allergies: the assessment, allergies in force, then the rest. */
export function AllergiesTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const can = useCan();
  const list = usePatientAllergies(patient.id);
  const nka = useRecordNka(patient.id);
  const [editing, setEditing] = useState<{ allergy: Allergy | null } | null>(null);
  const [inError, setInError] = useState<Allergy | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [nkaMessage, setNkaMessage] = useState<string | null>(null);
  const canWrite = can('clinical.write') && patient.status !== 'merged';

  const recordNka = async () => {
    setNkaMessage(null);
    try {
      await nka.mutateAsync();
      notifyDone(t('allergies:tab.nkaRecorded'));
    } catch (error) {
      setNkaMessage(
        error instanceof ApiError && error.code === 'allergy.nka_conflict'
          ? t('allergies:tab.nkaConflict')
          : errorMessage(error),
      );
    }
  };

  const table = (rows: Allergy[], labelId: string) => (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-labelledby={labelId} verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('allergies:tab.substance')}</Table.Th>
            <Table.Th scope="col">{t('allergies:tab.reactions')}</Table.Th>
            <Table.Th scope="col" w={130}>
              {t('allergies:tab.criticality')}
            </Table.Th>
            <Table.Th scope="col" w={120}>
              {t('allergies:tab.status')}
            </Table.Th>
            <Table.Th scope="col" w={60}>
              <VisuallyHidden>{t('allergies:tab.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <AllergyRow
              key={a.id}
              allergy={a}
              canWrite={canWrite}
              onEdit={() => setEditing({ allergy: a })}
              onError={() => setInError(a)}
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
          {t('allergies:tab.title')}
        </Title>
        {canWrite ? (
          <Group gap="xs">
            {list.data && list.data.state !== 'allergies' ? (
              <Button variant="default" loading={nka.isPending} onClick={() => void recordNka()}>
                {list.data.state === 'no_known_allergies'
                  ? t('allergies:tab.nkaConfirm')
                  : t('allergies:tab.nka')}
              </Button>
            ) : null}
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setEditing({ allergy: null })}
            >
              {t('allergies:tab.add')}
            </Button>
          </Group>
        ) : null}
      </Group>
      {nkaMessage ? (
        <Alert
          color="red"
          role="alert"
          withCloseButton
          onClose={() => setNkaMessage(null)}
          closeButtonLabel={t('common:close')}
        >
          {nkaMessage}
        </Alert>
      ) : null}
      <QueryState query={list}>
        {(data) => {
          const visible = data.items.filter((a) => !isInError(a));
          const inForce = visible.filter(isAllergyInForce);
          const other = visible.filter((a) => !isAllergyInForce(a));
          const errors = data.items.filter(isInError);
          return (
            <Stack gap="lg">
              <AssessmentLine data={data} />
              <Stack gap="xs">
                <Title order={3} size="h4" id="allergies-active">
                  {t('allergies:tab.active')}
                </Title>
                {inForce.length ? (
                  table(inForce, 'allergies-active')
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('allergies:tab.emptyActive')}
                  </Text>
                )}
              </Stack>
              {other.length ? (
                <Stack gap="xs">
                  <Title order={3} size="h4" id="allergies-other">
                    {t('allergies:tab.other')}
                  </Title>
                  {table(other, 'allergies-other')}
                </Stack>
              ) : null}
              {errors.length ? (
                <Stack gap="xs">
                  <Group gap="sm">
                    <Title order={3} size="h4" id="allergies-error">
                      {t('allergies:tab.enteredInError')}
                    </Title>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-expanded={showErrors}
                      onClick={() => setShowErrors((s) => !s)}
                    >
                      {showErrors
                        ? t('allergies:tab.hideErrors')
                        : t('allergies:tab.showErrors', { count: errors.length })}
                    </Button>
                  </Group>
                  {showErrors ? table(errors, 'allergies-error') : null}
                </Stack>
              ) : null}
            </Stack>
          );
        }}
      </QueryState>
      <AllergyDialog
        patientId={patient.id}
        allergy={editing?.allergy ?? null}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <AllergyErrorDialog allergy={inError} onClose={() => setInError(null)} />
    </Stack>
  );
}

function AssessmentLine(props: { data: AllergyList }) {
  const { t } = useTranslation();
  const { state, assessment } = props.data;
  if (state === 'not_recorded') {
    return (
      <Alert color="yellow" variant="light" role="status" title={t('allergies:banner.notRecorded')}>
        {t('allergies:tab.notRecordedHint')}
      </Alert>
    );
  }
  if (state === 'no_known_allergies' && assessment) {
    return (
      <Alert color="green" variant="light" role="status" title={t('allergies:banner.nka')}>
        {t('allergies:tab.assessedBy', {
          name: assessment.assessedBy?.name ?? t('allergies:tab.someone'),
          at: formatDateTime(assessment.assessedAt),
        })}
      </Alert>
    );
  }
  return null;
}

function AllergyRow(props: {
  allergy: Allergy;
  canWrite: boolean;
  onEdit: () => void;
  onError: () => void;
}) {
  const { t } = useTranslation();
  const a = props.allergy;
  const inError = isInError(a);
  const isHigh = a.criticality === 'high';
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {isHigh && !inError ? (
            <IconAlertTriangle size={16} color="var(--mantine-color-red-8)" aria-hidden />
          ) : null}
          <Text size="sm" fw={600} td={inError ? 'line-through' : undefined}>
            {a.substance.display}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t(`allergies:category.${a.category}`)} · {t(`allergies:type.${a.type}`)}
          {a.substance.code
            ? ` · ${t(`allergies:system.${a.substance.system}`)} ${a.substance.code}`
            : ''}
          {a.onset ? ` · ${t('allergies:tab.onset', { onset: a.onset })}` : ''}
        </Text>
        {a.note ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {a.note}
          </Text>
        ) : null}
        {inError && a.statusReason ? (
          <Text size="xs" c="red.8">
            {a.statusReason}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {a.reactions.length ? (
          <Stack gap={2}>
            {a.reactions.map((r, i) => (
              <Text size="sm" key={i}>
                {r.manifestation}{' '}
                <Text
                  span
                  size="xs"
                  c={r.severity === 'severe' ? 'red.8' : 'dimmed'}
                  fw={r.severity === 'severe' ? 700 : 400}
                >
                  ({t(`allergies:severity.${r.severity}`)})
                </Text>
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('allergies:tab.noReactions')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={isHigh ? 'red.9' : 'gray'} variant={isHigh ? 'filled' : 'light'}>
          {t(`allergies:criticality.${a.criticality}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Badge color={a.clinicalStatus === 'active' ? 'red' : 'gray'} variant="light">
            {t(`allergies:status.${a.clinicalStatus}`)}
          </Badge>
          {a.verificationStatus !== 'confirmed' ? (
            <Badge size="xs" variant="outline" color={inError ? 'red' : 'gray'}>
              {t(`allergies:verification.${a.verificationStatus}`)}
            </Badge>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {props.canWrite && !inError ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('allergies:tab.actionsFor', { display: a.substance.display })}
              >
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={props.onEdit}>{t('allergies:tab.edit')}</Menu.Item>
              <Menu.Item color="red" onClick={props.onError}>
                {t('allergies:tab.markError')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}
