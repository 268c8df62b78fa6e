import { useId, type ReactNode } from 'react';
import { ActionIcon, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { FormArrayElement, UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { PatientFormValues } from './patient-form';

export type PatientForm = UseFormReturnType<PatientFormValues>;

/** One titled part of the patient form; a landmark with a heading for screen readers. */
export function FormSection(props: { title: string; description?: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={id}>
            {props.title}
          </Title>
          {props.description ? (
            <Text size="sm" c="dimmed">
              {props.description}
            </Text>
          ) : null}
        </div>
        {props.children}
      </Stack>
    </Paper>
  );
}

/** A row of a repeated group (a phone, an address) with its remove button. */
function RepeatedRow(props: { removeLabel: string; onRemove: () => void; children: ReactNode }) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="xs">
      <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
        {props.children}
      </Stack>
      <ActionIcon
        variant="subtle"
        color="red"
        mt={28}
        aria-label={props.removeLabel}
        onClick={props.onRemove}
      >
        <IconTrash size={18} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

function AddButton(props: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <Group>
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={props.onClick}
        disabled={props.disabled}
      >
        {props.label}
      </Button>
    </Group>
  );
}

/** Select options for a contract enum, labelled from `patients:enums.<group>.<value>`. */
export function enumOptions(t: TFunction, group: string, values: readonly string[]) {
  return values.map((value) => ({ value, label: t(`patients:enums.${group}.${value}`) }));
}

/** An error on a whole list (`phones`: "only one phone can be preferred"). */
function ListError(props: { error: unknown }) {
  if (typeof props.error !== 'string' || !props.error) return null;
  return (
    <Text size="sm" c="red" role="alert">
      {props.error}
    </Text>
  );
}

type ListPath = 'previousNames' | 'phones' | 'addresses' | 'contacts' | 'identifiers';

/**
 * A repeated group of the form: its rows (each with a remove button), the error about the
 * whole list (`only one phone can be preferred`) and "Add", up to the contract's maximum.
 */
export function RepeatedList<P extends ListPath>(props: {
  form: PatientForm;
  path: P;
  max: number;
  newItem: () => FormArrayElement<PatientFormValues, P>;
  addLabel: string;
  removeLabel: (n: number) => string;
  children: (index: number) => ReactNode;
}) {
  const { form, path } = props;
  const rows = form.values[path];
  return (
    <>
      {rows.map((_, i) => (
        <RepeatedRow
          key={i}
          removeLabel={props.removeLabel(i + 1)}
          onRemove={() => form.removeListItem(path, i)}
        >
          {props.children(i)}
        </RepeatedRow>
      ))}
      <ListError error={form.errors[path]} />
      <AddButton
        label={props.addLabel}
        onClick={() => form.insertListItem(path, props.newItem())}
        disabled={rows.length >= props.max}
      />
    </>
  );
}
