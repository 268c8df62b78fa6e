import { useState } from 'react';
import { Fieldset, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifyDone } from '../coverage/notify';
import { useTranslation } from 'react-i18next';
import { createPayerBody } from '@meridian/contracts';
import type { Payer } from '@meridian/contracts';
import { isVersionMismatch, validateAs } from '../admin/admin-forms';
import { ConflictAlert } from '../admin/ConflictAlert';
import { FormButtons, FormError } from '../admin/FormParts';
import { showFormError } from '../coverage/form-errors';
import {
  payerCreateBody,
  payerFields,
  payerInitialValues,
  payerUpdateBody,
  type PayerValues,
} from './payer-form';
import { useSavePayer } from './payers.api';

/**
 * Creates a payer (`payer` null) or edits one at the version shown (If-Match). Mount it only
 * while open, so each opening starts from the payer as it is then. `latest` reads the payer
 * from the reloaded list after a conflict.
 */
export function PayerModal(props: {
  payer: Payer | null;
  latest: () => Promise<Payer | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The payer as the form was last filled from it: its version goes in If-Match.
  const [payer, setPayer] = useState(props.payer);
  const save = useSavePayer();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PayerValues>({
    initialValues: payerInitialValues(props.payer),
    validate: validateAs<PayerValues>(createPayerBody, payerCreateBody, {
      payerId: t('coverage:payers.validation.payerId'),
      'address.country': t('coverage:payers.validation.country'),
    }),
  });

  const reload = async () => {
    const fresh = await props.latest();
    if (fresh) {
      setPayer(fresh);
      form.setValues(payerInitialValues(fresh));
      form.resetDirty();
    }
    setFormError(null);
    save.reset();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      payer
        ? { kind: 'update', id: payer.id, version: payer.version, body: payerUpdateBody(values) }
        : { kind: 'create', body: payerCreateBody(values) },
      {
        onSuccess: (saved) => {
          notifyDone(
            payer
              ? t('coverage:payers.saved', { name: saved.name })
              : t('coverage:payers.created', { name: saved.name }),
          );
          props.onClose();
        },
        onError: (error) => {
          if (isVersionMismatch(error)) return;
          setFormError(
            showFormError(t, form, error, payerFields, { 'payer.payer_id_taken': 'payerId' }),
          );
        },
      },
    );
  });

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('common:close') }}
      onClose={props.onClose}
      title={payer ? t('coverage:payers.editTitle') : t('coverage:payers.new')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert message={t('coverage:payers.conflict')} onReload={() => void reload()} />
          ) : null}
          <FormError message={formError} />
          <TextInput
            label={t('coverage:payers.fields.name')}
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('coverage:payers.fields.payerId')}
              description={t('coverage:payers.fields.payerIdHint')}
              required
              {...form.getInputProps('payerId')}
              onChange={(e) => form.setFieldValue('payerId', e.currentTarget.value.toUpperCase())}
            />
            <TextInput
              label={t('coverage:payers.fields.phone')}
              type="tel"
              {...form.getInputProps('phone')}
            />
          </SimpleGrid>
          <Fieldset legend={t('coverage:payers.fields.address')} variant="unstyled">
            <Stack gap="sm">
              <TextInput
                label={t('coverage:payers.fields.line1')}
                {...form.getInputProps('address.line1')}
              />
              <TextInput
                label={t('coverage:payers.fields.line2')}
                {...form.getInputProps('address.line2')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('coverage:payers.fields.city')}
                  {...form.getInputProps('address.city')}
                />
                <TextInput
                  label={t('coverage:payers.fields.state')}
                  {...form.getInputProps('address.state')}
                />
                <TextInput
                  label={t('coverage:payers.fields.postalCode')}
                  {...form.getInputProps('address.postalCode')}
                />
                <TextInput
                  label={t('coverage:payers.fields.country')}
                  description={t('coverage:payers.fields.countryHint')}
                  maxLength={2}
                  {...form.getInputProps('address.country')}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <FormButtons
            submitLabel={payer ? t('common:save') : t('coverage:payers.create')}
            isPending={save.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
