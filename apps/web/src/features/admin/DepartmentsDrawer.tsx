import { useState } from 'react';
import { Button, Drawer, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { createDepartmentBody, updateDepartmentBody } from '@meridian/contracts';
import type { Department, Facility } from '@meridian/contracts';
import { QueryState } from '../../ui/QueryState';
import { zodValidate } from '../../ui/validation';
import { FormButtons, FormError } from './FormParts';
import { isVersionMismatch, showSubmitError } from './admin-forms';
import { ActiveBadge } from './AdminBadges';
import { ActiveToggleButton, ActiveToggleModal } from './ActiveToggleModal';
import { ConflictAlert } from './ConflictAlert';
import { useCan } from '../../app/auth/useMe';
import { useDepartments, useSaveDepartment } from './organization.api';

/** The departments of one facility: list, add, rename, deactivate or reactivate. */
export function DepartmentsDrawer(props: { facility: Facility | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!props.facility}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={
        props.facility
          ? t('admin:departments.title', { facility: props.facility.name })
          : t('admin:departments.titlePlain')
      }
    >
      {props.facility ? <Departments facility={props.facility} /> : null}
    </Drawer>
  );
}

function Departments(props: { facility: Facility }) {
  const { t } = useTranslation();
  const can = useCan();
  const departments = useDepartments(props.facility.id);
  const save = useSaveDepartment(props.facility.id);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [togglingId, setTogglingId] = useState<string | null>(null);
  // Read the latest row when acting, so a reload after a conflict uses its new version.
  const renaming = departments.data?.find((d) => d.id === renamingId) ?? null;
  const toggling = departments.data?.find((d) => d.id === togglingId) ?? null;
  const canManage = can('org.manage');

  return (
    <Stack gap="md">
      {canManage ? <AddDepartmentForm facilityId={props.facility.id} /> : null}
      <QueryState
        query={departments}
        isEmpty={(data) => data.length === 0}
        empty={t('admin:departments.empty')}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table verticalSpacing="xs" aria-label={t('admin:departments.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('admin:departments.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('admin:departments.fields.code')}</Table.Th>
                  <Table.Th scope="col">{t('admin:facilities.columns.active')}</Table.Th>
                  {canManage ? <Table.Th scope="col">{t('admin:common.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{d.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {d.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge isActive={d.isActive} />
                    </Table.Td>
                    {canManage ? (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            onClick={() => setRenamingId(d.id)}
                            aria-label={t('admin:departments.renameNamed', { name: d.name })}
                          >
                            {t('admin:departments.rename')}
                          </Button>
                          <ActiveToggleButton
                            isActive={d.isActive}
                            onClick={() => setTogglingId(d.id)}
                          />
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {renaming ? (
        <RenameDepartmentModal
          key={renaming.id}
          department={renaming}
          onClose={() => setRenamingId(null)}
        />
      ) : null}
      <ActiveToggleModal
        kind="departments"
        target={toggling}
        save={(d) =>
          save.mutateAsync({
            kind: 'update',
            id: d.id,
            version: d.version,
            body: { isActive: !d.isActive },
          })
        }
        onClose={() => setTogglingId(null)}
      />
    </Stack>
  );
}

function AddDepartmentForm(props: { facilityId: string }) {
  const { t } = useTranslation();
  const save = useSaveDepartment(props.facilityId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', code: '' },
    validate: zodValidate<{ name: string; code: string }>(createDepartmentBody, {
      code: t('admin:validation.code'),
    }),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { kind: 'create', body: createDepartmentBody.parse(values) },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            message: t('admin:departments.created', { name: d.name }),
          });
          form.reset();
        },
        onError: (error) =>
          setFormError(
            showSubmitError(t, form, error, ['name', 'code'], {
              'org.department_code_taken': 'code',
            }),
          ),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-department-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="add-department-title">
          {t('admin:departments.add')}
        </Title>
        <FormError message={formError} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('admin:departments.fields.name')}
            required
            style={{ flex: '2 1 12rem' }}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('admin:departments.fields.code')}
            required
            style={{ flex: '1 1 8rem' }}
            {...form.getInputProps('code')}
            onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('admin:departments.addSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RenameDepartmentModal(props: { department: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveDepartment(props.department.facilityId);
  const [formError, setFormError] = useState<string | null>(null);
  // The version the name was read at; `department` itself follows the list after a reload.
  const [baseVersion, setBaseVersion] = useState(props.department.version);
  const form = useForm({
    initialValues: { name: props.department.name },
    validate: zodValidate<{ name: string }>(updateDepartmentBody),
  });
  const reload = () => {
    form.setValues({ name: props.department.name });
    setBaseVersion(props.department.version);
    save.reset();
  };
  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      {
        kind: 'update',
        id: props.department.id,
        version: baseVersion,
        body: { name: values.name.trim() },
      },
      {
        onSuccess: (d) => {
          notifications.show({
            color: 'green',
            message: t('admin:departments.renamed', { name: d.name }),
          });
          props.onClose();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) setFormError(showSubmitError(t, form, error, ['name']));
        },
      },
    );
  });

  return (
    <Modal opened onClose={props.onClose} title={t('admin:departments.renameTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert message={t('admin:departments.conflict')} onReload={reload} />
          ) : null}
          <FormError message={formError} />
          <TextInput
            label={t('admin:departments.fields.name')}
            required
            data-autofocus
            {...form.getInputProps('name')}
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
