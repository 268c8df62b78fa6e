import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Switch } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isVersionMismatch } from '../../admin/admin-forms';
import { ConflictAlert } from '../../admin/ConflictAlert';
import { FormButtons, FormError } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { showSetupError } from './setup-errors';
import type { Save } from './setup.api';

/** "Show inactive" on the left, the list's "Add …" button on the right. */
export function ListToolbar(props: {
  includeInactive: boolean;
  onIncludeInactive: (value: boolean) => void;
  addLabel: string;
  onAdd: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation('scheduleSetup');
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
      <Group align="flex-end" gap="md" wrap="wrap">
        {props.children}
        <Switch
          label={t('common.includeInactive')}
          checked={props.includeInactive}
          onChange={(e) => props.onIncludeInactive(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={props.onAdd}>
        {props.addLabel}
      </Button>
    </Group>
  );
}

/** A row's "Edit", named after the row for screen readers. */
export function EditButton(props: { name: string; onClick: () => void }) {
  const { t } = useTranslation('scheduleSetup');
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      leftSection={<IconEdit size={14} aria-hidden />}
      onClick={props.onClick}
      aria-label={t('common.editNamed', { name: props.name })}
    >
      {t('common.edit')}
    </Button>
  );
}

interface FormLike<V> {
  onSubmit: (handler: (values: V) => void) => (event?: FormEvent<HTMLFormElement>) => void;
  setFieldError(path: string, error: string): void;
}

/**
 * The submit of a setup modal: creates, or updates `target` at its version (If-Match); on
 * success says so and closes; field errors land beside their fields, the rest above the form.
 * A stale version is shown by the modal's conflict alert instead.
 */
export function useSetupSubmit<V, B, T>(opts: {
  save: UseMutationResult<T, Error, Save<B>>;
  form: FormLike<V>;
  target: { id: string; version: number } | null;
  toBody: (values: V) => B;
  fields: readonly string[];
  fieldOfCode?: Readonly<Record<string, string>>;
  savedMessage: (saved: T) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation('scheduleSetup');
  const [formError, setFormError] = useState<string | null>(null);
  const submit = opts.form.onSubmit((values) => {
    setFormError(null);
    const body = opts.toBody(values);
    const { target } = opts;
    opts.save.mutate(
      target
        ? { kind: 'update', id: target.id, version: target.version, body }
        : { kind: 'create', body },
      {
        onSuccess: (saved) => {
          notifyDone(opts.savedMessage(saved));
          opts.onClose();
        },
        onError: (error) => {
          if (isVersionMismatch(error)) return;
          setFormError(showSetupError(t, opts.form, error, opts.fields, opts.fieldOfCode));
        },
      },
    );
  });
  return { submit, formError };
}

/** The frame of a setup modal: conflict and form errors on top, Cancel and submit below. */
export function SetupFormModal(props: {
  title: string;
  size?: string;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  onClose: () => void;
  saveError: unknown;
  formError: string | null;
  submitLabel: string;
  isPending: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation('scheduleSetup');
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.title}
      size={props.size}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={props.onSubmit} noValidate>
        <Stack>
          {isVersionMismatch(props.saveError) ? (
            <ConflictAlert message={t('common.conflict')} onReload={props.onClose} />
          ) : null}
          <FormError message={props.formError} />
          {props.children}
          <FormButtons
            submitLabel={props.submitLabel}
            isPending={props.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
