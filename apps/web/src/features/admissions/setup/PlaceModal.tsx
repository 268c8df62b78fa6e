import { useState, type FormEvent, type ReactNode } from 'react';
import { Modal, Stack } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../app/api';
import { errorMessage, isVersionMismatch } from '../../admin/admin-forms';
import { ConflictAlert } from '../../admin/ConflictAlert';
import { FormButtons, FormError } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';

interface FormLike<V> {
  onSubmit: (handler: (values: V) => void) => (event?: FormEvent<HTMLFormElement>) => void;
  setFieldError(path: string, error: string): void;
}

/** The setup's wording for an admission code, else the shared wording. */
export function placeErrorMessage(t: TFunction, error: unknown): string {
  const fallback = errorMessage(t, error);
  return error instanceof ApiError
    ? t(`wardSetup:errors.${error.code}`, { defaultValue: fallback })
    : fallback;
}

/**
 * The submit of a ward, room or bed form: on success says so and closes; problem+json field
 * errors land beside their fields (`fieldOf` maps a server path to a form field, e.g.
 * `beds.2.code` -> `codes`), the rest above the form. A stale version shows the conflict
 * alert instead.
 */
export function usePlaceSubmit<V, Vars, T>(opts: {
  save: UseMutationResult<T, Error, Vars>;
  form: FormLike<V>;
  toVars: (values: V) => Vars;
  fieldOf: (path: string) => string | null;
  savedMessage: (saved: T) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation('wardSetup');
  const [formError, setFormError] = useState<string | null>(null);
  const submit = opts.form.onSubmit((values) => {
    setFormError(null);
    opts.save.mutate(opts.toVars(values), {
      onSuccess: (saved) => {
        notifyDone(opts.savedMessage(saved));
        opts.onClose();
      },
      onError: (error) => {
        if (isVersionMismatch(error)) return;
        const placed =
          error instanceof ApiError
            ? (error.problem.errors ?? []).filter((e) => {
                const field = opts.fieldOf(e.path);
                if (field) {
                  opts.form.setFieldError(
                    field,
                    t(`errors.${error.code}`, { defaultValue: e.message }),
                  );
                }
                return field !== null;
              }).length
            : 0;
        setFormError(placed > 0 ? null : placeErrorMessage(t, error));
      },
    });
  });
  return { submit, formError };
}

/** The frame of a setup form: conflict and form errors on top, Cancel and submit below. */
export function PlaceModal(props: {
  title: string;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  onClose: () => void;
  saveError: unknown;
  formError: string | null;
  submitLabel: string;
  isPending: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation('wardSetup');
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.title}
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
