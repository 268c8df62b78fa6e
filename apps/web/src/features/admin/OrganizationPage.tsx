import { useState } from 'react';
import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconBuildingHospital, IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { updateOrganizationBody } from '@meridian/contracts';
import type { Facility, Organization } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { zodValidate } from '../../ui/validation';
import { FormButtons, FormError } from './FormParts';
import { isVersionMismatch, showSubmitError } from './admin-forms';
import { ActiveBadge } from './AdminBadges';
import { ActiveToggleButton, ActiveToggleModal } from './ActiveToggleModal';
import { ConflictAlert } from './ConflictAlert';
import { DepartmentsDrawer } from './DepartmentsDrawer';
import { FacilityModal } from './FacilityModal';
import { useCan } from '../../app/auth/useMe';
import {
  useFacilities,
  useOrganization,
  useSaveFacility,
  useUpdateOrganization,
} from './organization.api';

/** /admin/organization: the organization's name, its facilities and their departments. */
export function OrganizationPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('org.manage');
  const organization = useOrganization();
  const facilities = useFacilities();
  // 'new', a facility being edited, or null; the modal mounts only while open.
  const [editing, setEditing] = useState<Facility | 'new' | null>(null);
  const [departmentsOf, setDepartmentsOf] = useState<string | null>(null);
  const [togglingId, setTogglingId] = useState<string | null>(null);
  const toggling = facilities.data?.find((f) => f.id === togglingId) ?? null;
  const save = useSaveFacility();

  return (
    <Stack gap="md">
      <PageHeader
        title={t('admin:organization.title')}
        description={t('admin:organization.description')}
      />
      <QueryState query={organization}>
        {(org) => <OrganizationName organization={org} canManage={canManage} />}
      </QueryState>
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('admin:facilities.title')}
          </Title>
          {canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('admin:facilities.new')}
            </Button>
          ) : null}
        </Group>
        <QueryState
          query={facilities}
          isEmpty={(data) => data.length === 0}
          empty={t('admin:facilities.empty')}
        >
          {(data) => (
            <Table.ScrollContainer minWidth={820} type="native">
              <Table striped verticalSpacing="xs" aria-label={t('admin:facilities.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('admin:facilities.columns.name')}</Table.Th>
                    <Table.Th scope="col">{t('admin:facilities.columns.code')}</Table.Th>
                    <Table.Th scope="col">{t('admin:facilities.columns.kind')}</Table.Th>
                    <Table.Th scope="col">{t('admin:facilities.columns.timeZone')}</Table.Th>
                    <Table.Th scope="col">{t('admin:facilities.columns.active')}</Table.Th>
                    <Table.Th scope="col">{t('admin:common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td fw={500}>{f.name}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {f.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>{t(`admin:facilities.kinds.${f.kind}`)}</Table.Td>
                      <Table.Td>{f.timeZone}</Table.Td>
                      <Table.Td>
                        <ActiveBadge isActive={f.isActive} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="light"
                            leftSection={<IconBuildingHospital size={14} />}
                            onClick={() => setDepartmentsOf(f.id)}
                            aria-label={t('admin:facilities.departmentsOf', { name: f.name })}
                          >
                            {t('admin:facilities.departments')}
                          </Button>
                          {canManage ? (
                            <>
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                leftSection={<IconEdit size={14} />}
                                onClick={() => setEditing(f)}
                                aria-label={t('admin:facilities.editNamed', { name: f.name })}
                              >
                                {t('admin:common.edit')}
                              </Button>
                              <ActiveToggleButton
                                isActive={f.isActive}
                                onClick={() => setTogglingId(f.id)}
                              />
                            </>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Paper>

      {editing ? (
        <FacilityModal
          key={editing === 'new' ? 'new' : editing.id}
          facility={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
        />
      ) : null}
      <DepartmentsDrawer
        facility={facilities.data?.find((f) => f.id === departmentsOf) ?? null}
        onClose={() => setDepartmentsOf(null)}
      />
      <ActiveToggleModal
        kind="facilities"
        target={toggling}
        save={(f) =>
          save.mutateAsync({
            kind: 'update',
            id: f.id,
            version: f.version,
            body: { isActive: !f.isActive },
          })
        }
        onClose={() => setTogglingId(null)}
      />
    </Stack>
  );
}

function OrganizationName(props: { organization: Organization; canManage: boolean }) {
  const { t } = useTranslation();
  const [isEditing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('admin:organization.name')}
      </Title>
      {isEditing ? (
        <OrganizationNameForm
          key={props.organization.version}
          organization={props.organization}
          onDone={() => setEditing(false)}
        />
      ) : (
        <Group justify="space-between">
          <Text size="lg">{props.organization.name}</Text>
          {props.canManage ? (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconEdit size={14} />}
              onClick={() => setEditing(true)}
            >
              {t('admin:organization.rename')}
            </Button>
          ) : null}
        </Group>
      )}
    </Paper>
  );
}

/** Renames the organization at the version shown; mount with `key` = version to reload. */
function OrganizationNameForm(props: { organization: Organization; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateOrganization();
  const organization = useOrganization();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: props.organization.name },
    validate: zodValidate<{ name: string }>(updateOrganizationBody),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { version: props.organization.version, name: values.name.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('admin:organization.saved') });
          props.onDone();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) setFormError(showSubmitError(t, form, error, ['name']));
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {isVersionMismatch(update.error) ? (
          <ConflictAlert
            message={t('admin:organization.conflict')}
            onReload={() => void organization.refetch()}
          />
        ) : null}
        <FormError message={formError} />
        <TextInput
          label={t('admin:organization.name')}
          required
          autoFocus
          {...form.getInputProps('name')}
        />
        <FormButtons
          submitLabel={t('common:save')}
          isPending={update.isPending}
          onCancel={props.onDone}
        />
      </Stack>
    </form>
  );
}
