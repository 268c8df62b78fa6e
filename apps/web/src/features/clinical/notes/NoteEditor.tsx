import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconSignature } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { noteTemplates, type Note } from '@meridian/contracts';
import { formatTime } from '../../../ui/format';
import { notifyDone } from '../../coverage/notify';
import { ConfirmDialog } from './NoteDialogs';
import { useDraftStep } from './notes.api';
import { noteErrorMessage } from './note-errors';
import { useDraftAutosave, type SaveState } from './useDraftAutosave';

/** "Saved 10:42", "Saving…", "Unsaved changes": announced politely as it changes. */
function SaveIndicator(props: { state: SaveState; onRetry: () => void }) {
  const { t } = useTranslation();
  const { state } = props;
  const text =
    state.kind === 'saving'
      ? t('notes:editor.saving')
      : state.kind === 'unsaved'
        ? t('notes:editor.unsaved')
        : state.kind === 'saved'
          ? state.at
            ? t('notes:editor.saved', { time: formatTime(state.at) })
            : ''
          : state.kind === 'error'
            ? t('notes:editor.saveFailed', { message: noteErrorMessage(state.error) })
            : '';
  return (
    <Group gap="xs" role="status" aria-live="polite" mih={28}>
      {state.kind === 'saved' && state.at ? <IconCheck size={16} aria-hidden /> : null}
      <Text size="sm" c={state.kind === 'error' ? 'red.8' : 'dimmed'}>
        {text}
      </Text>
      {state.kind === 'error' ? (
        <Button size="compact-xs" variant="light" onClick={props.onRetry}>
          {t('notes:editor.retrySave')}
        </Button>
      ) : null}
    </Group>
  );
}

/**
 * The author's draft: title and the template's sections, saved as they type, then signed
 * (after a confirmation) or discarded. Mount it keyed by the note's id.
 */
export function NoteEditor(props: { note: Note; onClosed: () => void }) {
  const { t } = useTranslation();
  const { note } = props;
  const draft = useDraftAutosave(note);
  const step = useDraftStep();
  const [confirm, setConfirm] = useState<'sign' | 'discard' | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const template = noteTemplates[note.kind];

  const run = async (which: 'sign' | 'discard') => {
    setStepError(null);
    try {
      const version = await draft.flush();
      if (version === null) {
        setStepError(t('notes:editor.notSaved'));
        return;
      }
      await step.mutateAsync({ id: note.id, version, step: which });
      notifyDone(t(which === 'sign' ? 'notes:sign.done' : 'notes:discard.done'));
      setConfirm(null);
      if (which === 'discard') props.onClosed();
    } catch (error) {
      setStepError(noteErrorMessage(error));
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-label={t('notes:editor.label', { title: draft.content.title })}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={3} size="h4">
              {t(`notes:kinds.${note.kind}`)}
            </Title>
            <SaveIndicator state={draft.state} onRetry={() => void draft.retry()} />
          </Stack>
          <Group gap="xs">
            <Button variant="default" color="red" onClick={() => setConfirm('discard')}>
              {t('notes:editor.discard')}
            </Button>
            <Button
              leftSection={<IconSignature size={16} aria-hidden />}
              onClick={() => setConfirm('sign')}
              disabled={draft.state.kind === 'conflict'}
            >
              {t('notes:editor.sign')}
            </Button>
          </Group>
        </Group>
        {draft.state.kind === 'conflict' ? (
          <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('notes:editor.conflict')}</Text>
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => void draft.resolve('load')}>
                  {t('notes:editor.loadSaved')}
                </Button>
                <Button size="xs" variant="default" onClick={() => void draft.resolve('keep')}>
                  {t('notes:editor.keepMine')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <TextInput
          label={t('notes:editor.title')}
          value={draft.content.title}
          maxLength={200}
          onChange={(e) => {
            const title = e.currentTarget.value;
            draft.edit((c) => ({ ...c, title }));
          }}
        />
        {template.sections.map((section) => (
          <Textarea
            key={section.key}
            label={t(`notes:sections.${section.key}`, { defaultValue: section.label })}
            value={draft.content.sections[section.key] ?? ''}
            autosize
            minRows={3}
            maxRows={20}
            maxLength={20_000}
            onChange={(e) => {
              const text = e.currentTarget.value;
              draft.edit((c) => ({ ...c, sections: { ...c.sections, [section.key]: text } }));
            }}
          />
        ))}
      </Stack>
      <ConfirmDialog
        opened={confirm === 'sign'}
        onClose={() => setConfirm(null)}
        title={t('notes:sign.title')}
        body={t('notes:sign.body')}
        confirmLabel={t('notes:sign.confirm')}
        isPending={step.isPending}
        error={stepError}
        onConfirm={() => void run('sign')}
      />
      <ConfirmDialog
        opened={confirm === 'discard'}
        onClose={() => setConfirm(null)}
        title={t('notes:discard.title')}
        body={t('notes:discard.body')}
        confirmLabel={t('notes:discard.confirm')}
        color="red"
        isPending={step.isPending}
        error={stepError}
        onConfirm={() => void run('discard')}
      />
    </Paper>
  );
}
