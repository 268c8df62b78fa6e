import { useState } from 'react';
import { Alert, Badge, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { noteTemplates, type Note, type NoteStatus } from '@meridian/contracts';
import { useCan } from '../../../app/auth/useMe';
import { formatDateTime } from '../../../ui/format';
import { AddendumDialog, EnteredInErrorDialog } from './NoteDialogs';

const statusColor: Record<NoteStatus, string> = {
  draft: 'blue',
  signed: 'green',
  entered_in_error: 'red',
  discarded: 'gray',
};

export function NoteStatusBadge(props: { status: NoteStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[props.status]} variant="light">
      {t(`notes:statuses.${props.status}`)}
    </Badge>
  );
}

/** The note's sections in the template's order, then any a later template no longer has. */
function orderedSections(note: Note): { key: string; label: string; text: string }[] {
  const template = noteTemplates[note.kind].sections;
  const known = new Set(template.map((s) => s.key));
  return [
    ...template.map((s) => ({ key: s.key, label: s.label, text: note.sections[s.key] ?? '' })),
    ...Object.entries(note.sections)
      .filter(([key]) => !known.has(key))
      .map(([key, text]) => ({ key, label: key, text })),
  ];
}

function SignatureLine(props: { note: Note }) {
  const { t } = useTranslation();
  const { note } = props;
  if (note.status === 'draft') {
    return <Alert color="yellow">{t('notes:viewer.draftOf', { name: note.author.name })}</Alert>;
  }
  if (note.status === 'discarded') {
    return (
      <Text size="sm" c="dimmed">
        {t('notes:viewer.discarded', { date: formatDateTime(note.discardedAt) })}
      </Text>
    );
  }
  const date = formatDateTime(note.signedAt);
  return (
    <Text size="sm" fs="italic">
      {note.signedBy
        ? t('notes:viewer.signedBy', { name: note.signedBy.name, date })
        : t('notes:viewer.importedSigned', { date, source: note.sourceSystem ?? '' })}
    </Text>
  );
}

/** A note as it reads: sections, signature line, addenda; addendum and entered-in-error. */
export function NoteViewer(props: { note: Note }) {
  const { t } = useTranslation();
  const can = useCan();
  const { note } = props;
  const [dialog, setDialog] = useState<'addendum' | 'error' | null>(null);
  const canCorrect = can('clinical.write') && note.status === 'signed';
  const isRetracted = note.status === 'entered_in_error';

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`note-title-${note.id}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Group gap="xs">
              <Title
                order={3}
                size="h4"
                id={`note-title-${note.id}`}
                td={isRetracted ? 'line-through' : undefined}
              >
                {note.title}
              </Title>
              <NoteStatusBadge status={note.status} />
            </Group>
            <Text size="sm" c="dimmed">
              {t('notes:viewer.kindAndDate', {
                kind: t(`notes:kinds.${note.kind}`),
                date: formatDateTime(note.createdAt),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('notes:viewer.author', { name: note.author.name })}
            </Text>
          </Stack>
          {canCorrect ? (
            <Group gap="xs">
              <Button
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => setDialog('addendum')}
              >
                {t('notes:viewer.addAddendum')}
              </Button>
              <Button variant="default" color="red" onClick={() => setDialog('error')}>
                {t('notes:viewer.markInError')}
              </Button>
            </Group>
          ) : null}
        </Group>
        {note.enteredInError ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />}>
            <Text size="sm" fw={600}>
              {t('notes:viewer.enteredInError', {
                name: note.enteredInError.by.name,
                date: formatDateTime(note.enteredInError.at),
              })}
            </Text>
            <Text size="sm">
              {t('notes:viewer.reason', { reason: note.enteredInError.reason })}
            </Text>
          </Alert>
        ) : null}
        <Stack gap="sm" c={isRetracted ? 'dimmed' : undefined}>
          {orderedSections(note).map((s) => (
            <div key={s.key}>
              <Title order={4} size="h6">
                {t(`notes:sections.${s.key}`, { defaultValue: s.label })}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {s.text.trim() === '' ? t('notes:viewer.emptySection') : s.text}
              </Text>
            </div>
          ))}
        </Stack>
        <SignatureLine note={note} />
        {note.addenda.length > 0 ? (
          <Stack gap="sm" component="section" aria-labelledby={`note-addenda-${note.id}`}>
            <Divider />
            <Title order={4} size="h5" id={`note-addenda-${note.id}`}>
              {t('notes:viewer.addenda')}
            </Title>
            {note.addenda.map((a) => (
              <Paper key={a.id} withBorder p="sm" bg="gray.0">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {a.text}
                </Text>
                <Text size="xs" c="dimmed" fs="italic" mt={4}>
                  {t('notes:viewer.addendumBy', {
                    name: a.author.name,
                    date: formatDateTime(a.signedAt),
                  })}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : null}
      </Stack>
      <AddendumDialog
        noteId={note.id}
        opened={dialog === 'addendum'}
        onClose={() => setDialog(null)}
      />
      <EnteredInErrorDialog
        noteId={note.id}
        opened={dialog === 'error'}
        onClose={() => setDialog(null)}
      />
    </Paper>
  );
}
