import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addendumInput, enteredInErrorInput } from '@meridian/contracts';
import { FormError } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { useAddAddendum, useMarkEnteredInError } from './notes.api';
import { fieldErrorsOf, noteErrorMessage } from './note-errors';

interface DialogProps {
  opened: boolean;
  onClose: () => void;
}

/** A yes/no question before an action that cannot be undone (sign, discard). */
export function ConfirmDialog(
  props: DialogProps & {
    title: string;
    body: string;
    confirmLabel: string;
    color?: string;
    isPending: boolean;
    error: string | null;
    onConfirm: () => void;
  },
) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <Stack gap="md">
        <Text size="sm">{props.body}</Text>
        <FormError message={props.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:cancel')}
          </Button>
          <Button
            color={props.color}
            loading={props.isPending}
            onClick={props.onConfirm}
            data-autofocus
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** One text field, validated by the contract's schema, then sent; errors beside the field. */
function TextFieldDialog(
  props: DialogProps & {
    title: string;
    body: string;
    label: string;
    confirmLabel: string;
    color?: string;
    isMultiLine: boolean;
    validate: (value: string) => string | null;
    send: (value: string) => Promise<unknown>;
    isPending: boolean;
    doneMessage: string;
  },
) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const close = () => {
    setValue('');
    setFieldError(null);
    setFormError(null);
    props.onClose();
  };
  const submit = async () => {
    const invalid = props.validate(value);
    setFieldError(invalid);
    setFormError(null);
    if (invalid) return;
    try {
      await props.send(value);
      notifyDone(props.doneMessage);
      close();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      const own = Object.values(fields)[0];
      if (own) setFieldError(own);
      else setFormError(noteErrorMessage(error));
    }
  };
  const Field = props.isMultiLine ? Textarea : TextInput;
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={props.title}
      closeButtonProps={{ 'aria-label': t('common:close') }}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm">{props.body}</Text>
          <Field
            label={props.label}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={fieldError}
            required
            data-autofocus
            {...(props.isMultiLine ? { autosize: true, minRows: 4, maxRows: 14 } : {})}
          />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" color={props.color} loading={props.isPending}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Zod's first message for a value, or null when it passes. */
function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.success ? null : (result.error?.issues[0]?.message ?? null);
}

export function AddendumDialog(props: DialogProps & { noteId: string }) {
  const { t } = useTranslation();
  const add = useAddAddendum();
  return (
    <TextFieldDialog
      {...props}
      title={t('notes:addendum.title')}
      body={t('notes:addendum.hint')}
      label={t('notes:addendum.text')}
      confirmLabel={t('notes:addendum.confirm')}
      isMultiLine
      validate={(text) => firstIssue(addendumInput.safeParse({ text }))}
      send={(text) => add.mutateAsync({ id: props.noteId, body: { text } })}
      isPending={add.isPending}
      doneMessage={t('notes:addendum.done')}
    />
  );
}

export function EnteredInErrorDialog(props: DialogProps & { noteId: string }) {
  const { t } = useTranslation();
  const mark = useMarkEnteredInError();
  return (
    <TextFieldDialog
      {...props}
      title={t('notes:inError.title')}
      body={t('notes:inError.body')}
      label={t('notes:inError.reason')}
      confirmLabel={t('notes:inError.confirm')}
      color="red"
      isMultiLine={false}
      validate={(reason) => firstIssue(enteredInErrorInput.safeParse({ reason }))}
      send={(reason) => mark.mutateAsync({ id: props.noteId, body: { reason } })}
      isPending={mark.isPending}
      doneMessage={t('notes:inError.done')}
    />
  );
}
