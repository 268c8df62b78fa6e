import { useState } from 'react';
import { Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import {
  createUserBody,
  passwordMaxLength,
  passwordMinLength,
  roleRequiresMfa,
} from '@meridian/contracts';
import type { Role } from '@meridian/contracts';
import { zodValidate } from '../../ui/validation';
import { FormButtons, FormError } from './FormParts';
import { showSubmitError } from './admin-forms';
import { facilityOptions, staffRoleOptions } from './options';
import { useFacilities } from './organization.api';
import { PasswordField } from './PasswordField';
import { useCreateUser } from './users.api';

interface CreateUserValues {
  email: string;
  displayName: string;
  roles: Role[];
  facilityIds: string[];
  password: string;
}

// The contract leaves the password's minimum to the server's policy; check it here too so
// the administrator hears about it before submitting.
const createUserForm = createUserBody.extend({
  password: z.string().min(passwordMinLength).max(passwordMaxLength),
});
const fields = ['email', 'displayName', 'roles', 'facilityIds', 'password'] as const;
const emptyValues: CreateUserValues = {
  email: '',
  displayName: '',
  roles: [],
  facilityIds: [],
  password: '',
};

/** "New user": a staff account with an initial password the user must change at first sign-in. */
export function CreateUserModal(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const facilities = useFacilities();
  const create = useCreateUser();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CreateUserValues>({
    initialValues: emptyValues,
    validate: zodValidate<CreateUserValues>(createUserForm),
  });

  const close = () => {
    form.reset();
    setFormError(null);
    create.reset();
    props.onClose();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(createUserForm.parse(values), {
      onSuccess: (user) => {
        notifications.show({
          color: 'green',
          message: t('admin:users.created', { email: user.email }),
        });
        close();
        void navigate(`/admin/users/${user.id}`);
      },
      onError: (error) =>
        setFormError(
          showSubmitError(t, form, error, fields, {
            'user.email_taken': 'email',
            'auth.password_policy': 'password',
          }),
        ),
    });
  });

  return (
    <Modal opened={props.opened} onClose={close} title={t('admin:users.new')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={formError} />
          <TextInput
            label={t('admin:users.fields.email')}
            type="email"
            autoComplete="off"
            required
            data-autofocus
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('admin:users.fields.displayName')}
            required
            {...form.getInputProps('displayName')}
          />
          <MultiSelect
            label={t('admin:users.fields.roles')}
            data={staffRoleOptions(t)}
            required
            {...form.getInputProps('roles')}
          />
          {roleRequiresMfa(form.values.roles) ? (
            <Text size="sm" c="dimmed">
              {t('admin:users.mfaRequiredHint')}
            </Text>
          ) : null}
          <MultiSelect
            label={t('admin:users.fields.facilities')}
            description={t('admin:users.fields.facilitiesHint')}
            data={facilityOptions(t, facilities.data ?? [])}
            placeholder={facilities.isPending ? t('common:loading') : undefined}
            searchable
            {...form.getInputProps('facilityIds')}
            error={
              form.errors.facilityIds ??
              (facilities.isError ? t('admin:facilities.loadFailed') : undefined)
            }
          />
          <PasswordField
            label={t('admin:users.fields.initialPassword')}
            value={form.values.password}
            error={form.errors.password}
            onChange={(value) => form.setFieldValue('password', value)}
          />
          <Text size="sm" c="dimmed">
            {t('admin:users.initialPasswordHint')}
          </Text>
          <FormButtons
            submitLabel={t('admin:users.create')}
            isPending={create.isPending}
            onCancel={close}
          />
        </Stack>
      </form>
    </Modal>
  );
}
