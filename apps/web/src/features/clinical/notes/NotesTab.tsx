import { useState } from 'react';
import { Button, Center, Grid, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { noteKinds, type Note, type NoteKind } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { FormError } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import { usePatientContext } from '../../patients/record/PatientPage';
import { QueryState } from '../../../ui/QueryState';
import { NoteEditor } from './NoteEditor';
import { NoteList } from './NoteList';
import { NoteViewer } from './NoteViewer';
import { noFilters, useCreateNote, useNote, type NoteFilters } from './notes.api';
import { noteErrorMessage } from './note-errors';

/** "New note" with the template picker: each template starts a draft and opens it. */
function NewNoteMenu(props: { patientId: string; onCreated: (note: Note) => void }) {
  const { t } = useTranslation();
  const create = useCreateNote(props.patientId);
  const [error, setError] = useState<string | null>(null);
  const start = async (kind: NoteKind) => {
    setError(null);
    try {
      const note = await create.mutateAsync({
        body: { kind },
        idempotencyKey: crypto.randomUUID(),
      });
      notifyDone(t('notes:created'));
      props.onCreated(note);
    } catch (e) {
      setError(noteErrorMessage(e));
    }
  };
  return (
    <Stack gap="xs" align="flex-end">
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            loading={create.isPending}
          >
            {t('notes:newNote')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {noteKinds.map((kind) => (
            <Menu.Item key={kind} onClick={() => void start(kind)}>
              {t(`notes:kinds.${kind}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <FormError message={error} />
    </Stack>
  );
}

/** The open note: the author's draft in the editor, anything else in the viewer. */
function OpenNote(props: { noteId: string; myUserId: string; onClosed: () => void }) {
  const note = useNote(props.noteId);
  const can = useCan();
  return (
    <QueryState query={note}>
      {(n) =>
        n.status === 'draft' && n.author.id === props.myUserId && can('clinical.write') ? (
          <NoteEditor key={n.id} note={n} onClosed={props.onClosed} />
        ) : (
          <NoteViewer note={n} />
        )
      }
    </QueryState>
  );
}

/** /patients/:id/notes: search and read the patient's notes; write, sign and addend them. */
export function NotesTab() {
  const { t } = useTranslation();
  const { patient } = usePatientContext();
  const me = useSignedInMe();
  const can = useCan();
  const [filters, setFilters] = useState<NoteFilters>(noFilters);
  const [openId, setOpenId] = useState<string | null>(null);
  const canWrite = can('clinical.write') && patient.status !== 'merged';

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Title order={2} size="h3">
          {t('notes:title')}
        </Title>
        {canWrite ? (
          <NewNoteMenu patientId={patient.id} onCreated={(n) => setOpenId(n.id)} />
        ) : null}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <NoteList
            patientId={patient.id}
            myUserId={me.user.id}
            filters={filters}
            onFilters={setFilters}
            selectedId={openId}
            onOpen={setOpenId}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {openId ? (
            <OpenNote noteId={openId} myUserId={me.user.id} onClosed={() => setOpenId(null)} />
          ) : (
            <Center py="xl">
              <Text c="gray.7">{t('notes:viewer.pick')}</Text>
            </Center>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
