import { useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowUp, IconCheck, IconStar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  EncounterDetail,
  EncounterDiagnosis,
  EncounterDiagnosisRank,
} from '@meridian/contracts';
import { encounterStepAllowed } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { QueryState } from '../../../ui/QueryState';
import { encounterErrorMessage } from './encounter-errors';
import { EncounterEntries } from './EncounterEntries';
import { EncounterClassIcon, EncounterStatusBadge, formatPeriod } from './encounter-look';
import {
  useAddDiagnosis,
  useEncounter,
  useFinishEncounter,
  useOrderDiagnoses,
  useRemoveDiagnosis,
} from './encounters.api';
import { Icd10Search } from './Icd10Search';

/** One encounter: when and where, who, why, what opened it, and its coded diagnoses. */
export function EncounterDrawer(props: {
  encounterId: string | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const encounter = useEncounter(props.opened ? props.encounterId : null);
  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={
        encounter.data
          ? t(`encounters:class.${encounter.data.class}`)
          : t('encounters:drawer.title')
      }
      closeButtonProps={{ 'aria-label': t('encounters:drawer.close') }}
    >
      {props.opened && props.encounterId ? (
        <QueryState query={encounter}>
          {(data) => <EncounterBody key={data.id} encounter={data} />}
        </QueryState>
      ) : null}
    </Drawer>
  );
}

function EncounterBody(props: { encounter: EncounterDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const e = props.encounter;
  const finish = useFinishEncounter();
  const zone = e.facility?.timeZone;
  const isManual = e.appointmentId === null && e.stayId === null;
  const canFinish = can('clinical.write') && isManual && encounterStepAllowed('finish', e.status);

  return (
    <Stack gap="md">
      <Group gap="sm">
        <EncounterClassIcon encounterClass={e.class} />
        <EncounterStatusBadge status={e.status} />
        {e.typeDisplay ? <Text size="sm">{e.typeDisplay}</Text> : null}
      </Group>
      <Stack component="dl" gap={0} m={0}>
        <Fact label={t('encounters:fields.period')}>
          {formatPeriod(e.startedAt, e.endedAt, zone, (start) => t('encounters:since', { start }))}
        </Fact>
        <Fact label={t('encounters:fields.facility')}>
          {e.facility?.name ?? t('encounters:elsewhere')}
        </Fact>
        <Fact label={t('encounters:fields.reason')}>{e.reason ?? '—'}</Fact>
        <Fact label={t('encounters:fields.participants')}>
          {e.participants.length === 0
            ? '—'
            : e.participants
                .map((p) => `${p.display ?? '—'} (${t(`encounters:role.${p.role}`)})`)
                .join(', ')}
        </Fact>
        {e.statusReason ? (
          <Fact label={t('encounters:fields.statusReason')}>{e.statusReason}</Fact>
        ) : null}
        {e.appointmentId || e.stayId ? (
          <Fact label={t('encounters:fields.openedBy')}>
            <Anchor
              component={Link}
              to={`/patients/${e.patientId}/${e.stayId ? 'stays' : 'appointments'}`}
            >
              {e.stayId ? t('encounters:openedByStay') : t('encounters:openedByVisit')}
            </Anchor>
          </Fact>
        ) : null}
      </Stack>
      {canFinish ? (
        <Group>
          <Button
            leftSection={<IconCheck size={16} aria-hidden />}
            loading={finish.isPending}
            onClick={() => finish.mutate({ id: e.id, version: e.version })}
          >
            {t('encounters:finish')}
          </Button>
        </Group>
      ) : null}
      <FormAlert error={null} message={finish.error ? encounterErrorMessage(finish.error) : null} />
      <Diagnoses encounter={e} />
      <EncounterEntries encounterId={e.id} patientId={e.patientId} timeZone={zone} />
    </Stack>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" mb={6}>
      <Text component="dt" size="sm" c="dimmed" w={120} style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {props.children}
      </Text>
    </Group>
  );
}

function Diagnoses(props: { encounter: EncounterDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const e = props.encounter;
  const active = e.diagnoses.filter((d) => d.status === 'active');
  const retired = e.diagnoses.filter((d) => d.status !== 'active');
  const canEdit = can('clinical.write') && encounterStepAllowed('diagnose', e.status);
  const order = useOrderDiagnoses(e.id);
  const remove = useRemoveDiagnosis(e.id);
  const [removing, setRemoving] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const principal = active.find((d) => d.rank === 'principal') ?? null;
  const secondaries = active.filter((d) => d.rank === 'secondary');

  function makePrincipal(d: EncounterDiagnosis) {
    const rest = [
      ...(principal ? [principal.id] : []),
      ...secondaries.filter((s) => s.id !== d.id).map((s) => s.id),
    ];
    order.mutate({ principalId: d.id, secondaryIds: rest });
  }
  function moveUp(index: number) {
    const ids = secondaries.map((s) => s.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index - 1, 0, moved);
    order.mutate({ principalId: principal?.id ?? null, secondaryIds: ids });
  }

  return (
    <Stack gap="sm">
      <Title order={3} size="h5" id="encounter-diagnoses">
        {t('encounters:diagnoses.title')}
      </Title>
      {active.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('encounters:diagnoses.empty')}
        </Text>
      ) : (
        <Table aria-labelledby="encounter-diagnoses" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('encounters:diagnoses.rank')}</Table.Th>
              <Table.Th scope="col">{t('encounters:diagnoses.code')}</Table.Th>
              <Table.Th scope="col">{t('encounters:diagnoses.description')}</Table.Th>
              {canEdit ? (
                <Table.Th scope="col">{t('encounters:diagnoses.actions')}</Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...(principal ? [principal] : []), ...secondaries].map((d) => {
              const index = secondaries.indexOf(d);
              return (
                <Table.Tr key={d.id}>
                  <Table.Td miw={120}>
                    <Badge variant={d.rank === 'principal' ? 'filled' : 'light'}>
                      {t(`encounters:diagnoses.${d.rank}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td fw={600}>{d.code}</Table.Td>
                  <Table.Td>{d.display}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {d.rank === 'secondary' ? (
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('encounters:diagnoses.makePrincipal', { code: d.code })}
                            onClick={() => makePrincipal(d)}
                            loading={order.isPending}
                          >
                            <IconStar size={16} aria-hidden />
                          </ActionIcon>
                        ) : null}
                        {index > 0 ? (
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('encounters:diagnoses.moveUp', { code: d.code })}
                            onClick={() => moveUp(index)}
                            loading={order.isPending}
                          >
                            <IconArrowUp size={16} aria-hidden />
                          </ActionIcon>
                        ) : null}
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => {
                            setRemoving(d.id);
                            setReason('');
                          }}
                        >
                          {t('encounters:diagnoses.enteredInError')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {removing ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            remove.mutate(
              { diagnosisId: removing, reason: reason.trim() },
              { onSuccess: () => setRemoving(null) },
            );
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('encounters:diagnoses.removeReason')}
              value={reason}
              onChange={(ev) => setReason(ev.currentTarget.value)}
              required
              maxLength={500}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" color="red" loading={remove.isPending} disabled={!reason.trim()}>
              {t('encounters:diagnoses.confirmRemove')}
            </Button>
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common:cancel')}
            </Button>
          </Group>
        </form>
      ) : null}
      <FormAlert
        error={null}
        message={
          order.error
            ? encounterErrorMessage(order.error)
            : remove.error
              ? encounterErrorMessage(remove.error)
              : null
        }
      />
      {canEdit ? <AddDiagnosis encounterId={e.id} hasPrincipal={principal !== null} /> : null}
      {retired.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('encounters:diagnoses.retired')}
          </Text>
          {retired.map((d) => (
            <Text key={d.id} size="sm" c="dimmed" td="line-through">
              {d.code} — {d.display}
              {d.removedReason ? ` (${d.removedReason})` : ''}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

function AddDiagnosis(props: { encounterId: string; hasPrincipal: boolean }) {
  const { t } = useTranslation();
  const add = useAddDiagnosis(props.encounterId);
  const [code, setCode] = useState<string | null>(null);
  const [rank, setRank] = useState<EncounterDiagnosisRank>(
    props.hasPrincipal ? 'secondary' : 'principal',
  );
  const fieldError = add.error ? encounterErrorMessage(add.error, 'code') : null;
  return (
    <form
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!code) return;
        add.mutate(
          { code, rank },
          {
            onSuccess: () => {
              setCode(null);
              setRank('secondary');
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Icd10Search
          value={code}
          onChange={(c) => {
            setCode(c);
            add.reset();
          }}
          error={fieldError ?? undefined}
        />
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            aria-label={t('encounters:diagnoses.rank')}
            value={rank}
            onChange={(v) => setRank(v)}
            data={[
              { value: 'principal', label: t('encounters:diagnoses.principal') },
              { value: 'secondary', label: t('encounters:diagnoses.secondary') },
            ]}
          />
          <Button type="submit" disabled={!code} loading={add.isPending}>
            {t('encounters:diagnoses.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
