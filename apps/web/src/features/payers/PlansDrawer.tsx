import { useState } from 'react';
import {
  Badge,
  Button,
  Drawer,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifyDone } from '../coverage/notify';
import { useTranslation } from 'react-i18next';
import { createPlanBody, planType } from '@meridian/contracts';
import type { Payer, Plan } from '@meridian/contracts';
import { QueryState } from '../../ui/QueryState';
import { zodValidate } from '../../ui/validation';
import { isVersionMismatch } from '../admin/admin-forms';
import { ConflictAlert } from '../admin/ConflictAlert';
import { FormButtons, FormError } from '../admin/FormParts';
import { showFormError } from '../coverage/form-errors';
import { ActiveBadge } from '../admin/AdminBadges';
import { ToggleActiveModal } from './ToggleActiveModal';
import { usePlans, useSavePlan } from './payers.api';

interface PlanValues {
  name: string;
  type: Plan['type'];
}

const planFields = ['name', 'type'] as const;

/** The plans of one payer: list, add, edit, retire or bring back. */
export function PlansDrawer(props: { payer: Payer | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!props.payer}
      closeButtonProps={{ 'aria-label': t('common:close') }}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={
        props.payer
          ? t('coverage:plans.title', { payer: props.payer.name })
          : t('coverage:plans.titlePlain')
      }
    >
      {props.payer ? <Plans payer={props.payer} /> : null}
    </Drawer>
  );
}

function Plans(props: { payer: Payer }) {
  const { t } = useTranslation();
  const plans = usePlans(props.payer.id);
  const save = useSavePlan(props.payer.id);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [togglingId, setTogglingId] = useState<string | null>(null);
  // Read the latest row when acting, so a reload after a conflict uses its new version.
  const editing = plans.data?.find((p) => p.id === editingId) ?? null;
  const toggling = plans.data?.find((p) => p.id === togglingId) ?? null;

  return (
    <Stack gap="md">
      <AddPlanForm payerId={props.payer.id} />
      <QueryState
        query={plans}
        isEmpty={(data) => data.length === 0}
        empty={t('coverage:plans.empty')}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table verticalSpacing="xs" aria-label={t('coverage:plans.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('coverage:plans.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('coverage:plans.fields.type')}</Table.Th>
                  <Table.Th scope="col">{t('coverage:common.status')}</Table.Th>
                  <Table.Th scope="col">{t('coverage:common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color="gray" size="sm">
                        {t(`coverage:planTypes.${p.type}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge isActive={p.isActive} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setEditingId(p.id)}
                          aria-label={t('coverage:plans.editNamed', { name: p.name })}
                        >
                          {t('coverage:common.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color={p.isActive ? 'red' : 'green'}
                          onClick={() => setTogglingId(p.id)}
                          aria-label={t(
                            `coverage:plans.${p.isActive ? 'deactivateTitle' : 'reactivateTitle'}`,
                            { name: p.name },
                          )}
                        >
                          {p.isActive
                            ? t('coverage:common.deactivate')
                            : t('coverage:common.reactivate')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {editing ? (
        <EditPlanModal key={editing.id} plan={editing} onClose={() => setEditingId(null)} />
      ) : null}
      <ToggleActiveModal
        kind="plans"
        target={toggling}
        save={(p) =>
          save.mutateAsync({
            kind: 'update',
            id: p.id,
            version: p.version,
            body: { isActive: !p.isActive },
          })
        }
        onClose={() => setTogglingId(null)}
      />
    </Stack>
  );
}

function usePlanTypeOptions() {
  const { t } = useTranslation();
  return planType.options.map((v) => ({ value: v, label: t(`coverage:planTypes.${v}`) }));
}

function AddPlanForm(props: { payerId: string }) {
  const { t } = useTranslation();
  const save = useSavePlan(props.payerId);
  const typeOptions = usePlanTypeOptions();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PlanValues>({
    initialValues: { name: '', type: 'commercial' },
    validate: zodValidate<PlanValues>(createPlanBody),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { kind: 'create', body: { name: values.name.trim(), type: values.type } },
      {
        onSuccess: (plan) => {
          notifyDone(t('coverage:plans.created', { name: plan.name }));
          form.reset();
        },
        onError: (error) => setFormError(showFormError(t, form, error, planFields)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-plan-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="add-plan-title">
          {t('coverage:plans.add')}
        </Title>
        <FormError message={formError} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('coverage:plans.fields.name')}
            required
            style={{ flex: '2 1 12rem' }}
            {...form.getInputProps('name')}
          />
          <Select
            label={t('coverage:plans.fields.type')}
            data={typeOptions}
            allowDeselect={false}
            required
            style={{ flex: '1 1 10rem' }}
            {...form.getInputProps('type')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('coverage:plans.addSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditPlanModal(props: { plan: Plan; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSavePlan(props.plan.payerId);
  const typeOptions = usePlanTypeOptions();
  const [formError, setFormError] = useState<string | null>(null);
  // The version the form was filled at; `plan` itself follows the list after a reload.
  const [baseVersion, setBaseVersion] = useState(props.plan.version);
  const form = useForm<PlanValues>({
    initialValues: { name: props.plan.name, type: props.plan.type },
    validate: zodValidate<PlanValues>(createPlanBody),
  });
  const reload = () => {
    form.setValues({ name: props.plan.name, type: props.plan.type });
    setBaseVersion(props.plan.version);
    save.reset();
  };
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      {
        kind: 'update',
        id: props.plan.id,
        version: baseVersion,
        body: { name: values.name.trim(), type: values.type },
      },
      {
        onSuccess: (plan) => {
          notifyDone(t('coverage:plans.saved', { name: plan.name }));
          props.onClose();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) setFormError(showFormError(t, form, error, planFields));
        },
      },
    );
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      closeButtonProps={{ 'aria-label': t('common:close') }}
      title={t('coverage:plans.editTitle')}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert message={t('coverage:plans.conflict')} onReload={reload} />
          ) : null}
          <FormError message={formError} />
          <TextInput
            label={t('coverage:plans.fields.name')}
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Select
            label={t('coverage:plans.fields.type')}
            data={typeOptions}
            allowDeselect={false}
            required
            {...form.getInputProps('type')}
          />
          <FormButtons
            submitLabel={t('common:save')}
            isPending={save.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
