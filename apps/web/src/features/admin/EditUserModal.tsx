import { useState } from 'react';
import { Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { roleRequiresMfa, updateUserBody } from '@meridian/contracts';
import type { Role, User } from '@meridian/contracts';
import { zodValidate } from '../../ui/validation';
import { FormButtons, FormError } from './FormParts';
import { isVersionMismatch, showSubmitError } from './admin-forms';
import { ConflictAlert } from './ConflictAlert';
import { facilityOptions, staffRoleOptions } from './options';
import { useFacilities } from './organization.api';
import { useUpdateUser } from './users.api';

interface EditUserValues {
  displayName: string;
  roles: Role[];
  facilityIds: string[];
}

const fields = ['displayName', 'roles', 'facilityIds'] as const;

/**
 * Edits a user's profile at the version shown (If-Match). Mount it with `key` set to the
 * user's version, so reloading after a conflict starts the form from the new values.
 */
export function EditUserModal(props: {
  user: User;
  opened: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { user } = props;
  const facilities = useFacilities();
  const update = useUpdateUser(user.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<EditUserValues>({
    initialValues: {
      displayName: user.displayName,
      roles: user.roles,
      facilityIds: user.facilityIds,
    },
    validate: zodValidate<EditUserValues>(updateUserBody),
  });
  const isConflict = isVersionMismatch(update.error);

  const close = () => {
    form.reset();
    setFormError(null);
    update.reset();
    props.onClose();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { version: user.version, body: updateUserBody.parse(values) },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('admin:userDetail.saved') });
          close();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) setFormError(showSubmitError(t, form, error, fields));
        },
      },
    );
  });

  return (
    <Modal opened={props.opened} onClose={close} title={t('admin:userDetail.editTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {isConflict ? (
            <ConflictAlert message={t('admin:userDetail.conflict')} onReload={props.onReload} />
          ) : null}
          <FormError message={formError} />
          <TextInput label={t('admin:users.fields.email')} value={user.email} readOnly disabled />
          <TextInput
            label={t('admin:users.fields.displayName')}
            required
            data-autofocus
            {...form.getInputProps('displayName')}
          />
          <MultiSelect
            label={t('admin:users.fields.roles')}
            data={staffRoleOptions(t, user.roles)}
            required
            {...form.getInputProps('roles')}
          />
          {roleRequiresMfa(form.values.roles) && !user.mfaEnrolled ? (
            <Text size="sm" c="dimmed">
              {t('admin:users.mfaRequiredHint')}
            </Text>
          ) : null}
          <MultiSelect
            label={t('admin:users.fields.facilities')}
            description={t('admin:users.fields.facilitiesHint')}
            data={facilityOptions(t, facilities.data ?? [], user.facilityIds)}
            searchable
            {...form.getInputProps('facilityIds')}
          />
          <FormButtons
            submitLabel={t('common:save')}
            isPending={update.isPending}
            onCancel={close}
            isDisabled={isConflict}
          />
        </Stack>
      </form>
    </Modal>
  );
}
