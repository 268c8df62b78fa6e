import { useState } from 'react';
import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifyDone } from './notify';
import { useTranslation } from 'react-i18next';
import { setCoverageStatusBody } from '@meridian/contracts';
import type { Coverage } from '@meridian/contracts';
import { zodValidate } from '../../ui/validation';
import { isVersionMismatch } from '../admin/admin-forms';
import { ConflictAlert } from '../admin/ConflictAlert';
import { FormButtons, FormError } from '../admin/FormParts';
import { useSetCoverageStatus } from './coverage.api';
import { showFormError } from './form-errors';

export type EndStatus = 'cancelled' | 'entered_in_error';

/**
 * Ends a coverage by status with a reason: cancelled (it was real and has stopped) or
 * entered in error (it never applied). Coverages are never deleted.
 */
export function CoverageStatusModal(props: {
  patientId: string;
  coverage: Coverage;
  status: EndStatus;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const setStatus = useSetCoverageStatus(props.patientId);
  const [formError, setFormError] = useState<string | null>(null);
  // The version the reader confirmed at; `coverage` follows the list after a reload.
  const [baseVersion, setBaseVersion] = useState(props.coverage.version);
  const form = useForm({
    initialValues: { reason: '' },
    validate: (values) =>
      zodValidate<unknown>(setCoverageStatusBody)({ status: props.status, ...values }),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    setStatus.mutate(
      {
        coverage: { ...props.coverage, version: baseVersion },
        body: { status: props.status, reason: values.reason.trim() },
      },
      {
        onSuccess: () => {
          notifyDone(
            t(`coverage:status.done.${props.status}`, { payer: props.coverage.payer.name }),
          );
          props.onClose();
        },
        onError: (error) => {
          if (!isVersionMismatch(error)) setFormError(showFormError(t, form, error, ['reason']));
        },
      },
    );
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      closeButtonProps={{ 'aria-label': t('common:close') }}
      title={t(`coverage:status.title.${props.status}`)}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {t(`coverage:status.explain.${props.status}`, {
              payer: props.coverage.payer.name,
              memberId: props.coverage.memberId,
            })}
          </Text>
          {isVersionMismatch(setStatus.error) ? (
            <ConflictAlert
              message={t('coverage:status.conflict')}
              onReload={() => {
                setBaseVersion(props.coverage.version);
                setStatus.reset();
              }}
            />
          ) : null}
          <FormError message={formError} />
          <TextInput
            label={t('coverage:status.reason')}
            description={t('coverage:status.reasonHint')}
            required
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <FormButtons
            submitLabel={t(`coverage:status.confirm.${props.status}`)}
            color="red"
            isPending={setStatus.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
