import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Modal, Paper, Stack, Switch } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DataTable, type DataColumn } from '../../../ui/DataTable';
import { QueryState, type QueryLike } from '../../../ui/QueryState';
import { ActiveBadge } from '../../admin/AdminBadges';
import { isVersionMismatch } from '../../admin/admin-forms';
import { ConflictAlert } from '../../admin/ConflictAlert';
import { FormButtons, FormError } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { showSetupError } from './setup-errors';
import type { Save } from './setup.api';

/**
 * A setup tab's list: a toolbar (`filters`, "Show inactive" unless `showsInactive`, and the
 * "Add …" button), then the rows in a table with loading, error and empty states, a Status
 * and an Actions column ("Edit", and `moreActions`) after `columns`. The editor (`editor`,
 * given the row or null for a new one) mounts only while open, keyed by what it edits;
 * `children` go after it (the tab's other modals).
 */
export function SetupTable<T extends { id: string; isActive: boolean }>(props: {
  query: QueryLike<T[]>;
  label: string;
  empty: string;
  addLabel: string;
  /** Below this width (px) the table scrolls sideways. */
  minWidth: number;
  columns: readonly DataColumn<T>[];
  /** A row's name, for the accessible name of its "Edit …" button. */
  rowName: (row: T) => string;
  editor: (row: T | null, close: () => void) => ReactNode;
  filters?: ReactNode;
  /** Further filtering and the order of the rows shown. */
  select?: (rows: T[]) => T[];
  /** Inactive rows are always listed (their status tells), with no "Show inactive". */
  showsInactive?: boolean;
  moreActions?: (row: T) => ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation('scheduleSetup');
  const [includeInactive, setIncludeInactive] = useState(false);
  // 'new', the id being edited, or null.
  const [editing, setEditing] = useState<string | null>(null);
  const { rowName, moreActions, select = (rows: T[]) => rows } = props;
  const shown = (data: T[]) =>
    select(data.filter((row) => props.showsInactive || includeInactive || row.isActive));
  const columns: DataColumn<T>[] = [
    ...props.columns,
    {
      key: 'status',
      header: t('common.status'),
      minWidth: 88,
      cell: (row) => <ActiveBadge isActive={row.isActive} />,
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (row) => (
        <Group gap={4} wrap="nowrap">
          <EditButton name={rowName(row)} onClick={() => setEditing(row.id)} />
          {moreActions?.(row)}
        </Group>
      ),
    },
  ];
  const edited =
    editing === 'new' ? null : (props.query.data?.find((x) => x.id === editing) ?? null);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Group align="flex-end" gap="md" wrap="wrap">
          {props.filters}
          {props.showsInactive ? null : (
            <Switch
              label={t('common.includeInactive')}
              checked={includeInactive}
              onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
              mb={8}
            />
          )}
        </Group>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {props.addLabel}
        </Button>
      </Group>
      <QueryState query={props.query} isEmpty={(d) => shown(d).length === 0} empty={props.empty}>
        {(data) => (
          <DataTable
            label={props.label}
            rows={shown(data)}
            columns={columns}
            minWidth={props.minWidth}
          />
        )}
      </QueryState>
      {editing ? (
        <Fragment key={editing}>{props.editor(edited, () => setEditing(null))}</Fragment>
      ) : null}
      {props.children}
    </Paper>
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
