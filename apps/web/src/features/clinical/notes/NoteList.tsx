import {
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { noteKinds, noteStatuses, type NoteSummary } from '@meridian/contracts';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../../ui/QueryState';
import { NoteStatusBadge } from './NoteViewer';
import { noFilters, usePatientNotes, type NoteFilters } from './notes.api';
import classes from './NoteList.module.css';

function Snippet(props: { parts: NonNullable<NoteSummary['snippet']> }) {
  return (
    <Text size="sm" lineClamp={3}>
      {props.parts.map((p, i) =>
        p.isMatch ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </Text>
  );
}

function NoteRow(props: { note: NoteSummary; isSelected: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const { note } = props;
  return (
    <li>
      <UnstyledButton
        className={classes.row}
        data-selected={props.isSelected || undefined}
        aria-current={props.isSelected ? 'true' : undefined}
        onClick={props.onOpen}
        w="100%"
      >
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text
            fw={600}
            size="sm"
            td={note.status === 'entered_in_error' ? 'line-through' : undefined}
          >
            {note.title}
          </Text>
          <NoteStatusBadge status={note.status} />
        </Group>
        <Text size="xs" c="gray.7">
          {t(`notes:kinds.${note.kind}`)} ·{' '}
          {t('notes:list.by', {
            name: note.author.name,
            date: formatDateTime(note.signedAt ?? note.createdAt),
          })}
          {note.addendumCount > 0
            ? ` · ${t('notes:list.addenda', { count: note.addendumCount })}`
            : ''}
        </Text>
        {note.snippet ? <Snippet parts={note.snippet} /> : null}
      </UnstyledButton>
    </li>
  );
}

/** The search box, the filters, and the notes newest first with "Load more". */
export function NoteList(props: {
  patientId: string;
  myUserId: string;
  filters: NoteFilters;
  onFilters: (f: NoteFilters) => void;
  selectedId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { filters } = props;
  const [debounced] = useDebouncedValue(filters, 300);
  const notes = usePatientNotes(props.patientId, debounced);
  const set = (change: Partial<NoteFilters>) => props.onFilters({ ...filters, ...change });
  const isFiltered = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <TextInput
        type="search"
        label={t('notes:list.search')}
        description={t('notes:list.searchHint')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={filters.q}
        maxLength={200}
        onChange={(e) => set({ q: e.currentTarget.value })}
      />
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label={t('notes:list.kind')}
          value={filters.kind}
          onChange={(v) => set({ kind: v ?? '' })}
          data={[
            { value: '', label: t('notes:list.anyKind') },
            ...noteKinds.map((k) => ({ value: k, label: t(`notes:kinds.${k}`) })),
          ]}
          allowDeselect={false}
        />
        <Select
          label={t('notes:list.status')}
          value={filters.status}
          onChange={(v) => set({ status: v ?? '' })}
          data={[
            { value: '', label: t('notes:list.anyStatus') },
            ...noteStatuses.map((s) => ({ value: s, label: t(`notes:statuses.${s}`) })),
          ]}
          allowDeselect={false}
        />
        <Select
          label={t('notes:list.author')}
          value={filters.authorId}
          onChange={(v) => set({ authorId: v ?? '' })}
          data={[
            { value: '', label: t('notes:list.anyone') },
            { value: props.myUserId, label: t('notes:list.me') },
          ]}
          allowDeselect={false}
        />
        <div />
        <TextInput
          type="date"
          label={t('notes:list.from')}
          value={filters.fromDay}
          onChange={(e) => set({ fromDay: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label={t('notes:list.to')}
          value={filters.toDay}
          onChange={(e) => set({ toDay: e.currentTarget.value })}
        />
      </SimpleGrid>
      {isFiltered ? (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => props.onFilters(noFilters)}
          w="fit-content"
        >
          {t('notes:list.clear')}
        </Button>
      ) : null}
      <QueryState
        query={notes}
        isEmpty={() => items.length === 0}
        empty={isFiltered ? t('notes:list.noMatch') : t('notes:list.empty')}
      >
        {() => (
          <Stack gap="xs">
            <ul className={classes.list} aria-label={t('notes:list.label')}>
              {items.map((n) => (
                <NoteRow
                  key={n.id}
                  note={n}
                  isSelected={n.id === props.selectedId}
                  onOpen={() => props.onOpen(n.id)}
                />
              ))}
            </ul>
            {notes.hasNextPage ? (
              <Button
                variant="light"
                onClick={() => void notes.fetchNextPage()}
                loading={notes.isFetchingNextPage}
              >
                {t('common:loadMore')}
              </Button>
            ) : null}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
