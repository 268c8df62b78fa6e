import { useState, type ReactNode } from 'react';
import { Button, Collapse, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Coverage } from '@meridian/contracts';
import { useCan } from '../../app/auth/useMe';
import { QueryState } from '../../ui/QueryState';
import { CardImagesModal } from './CardImagesModal';
import { CoverageFormModal } from './CoverageFormModal';
import { CoverageItem } from './CoverageItem';
import { CoverageStatusModal, type EndStatus } from './CoverageStatusModal';
import { useCoverages } from './coverage.api';
import { firstFreePriority, groupCoverages, localToday } from './coverage-form';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; id: string }
  | { kind: 'cards'; id: string }
  | { kind: 'end'; id: string; status: EndStatus };

/**
 * The coverage tab of a patient's page: current coverages by priority, the past and
 * cancelled ones folded away, and add, edit, end and card images.
 */
export function CoverageTab({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const canEdit = can('patient.write');
  const coverages = useCoverages(patientId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const today = localToday();
  const grouped = groupCoverages(coverages.data ?? [], today);
  // Read the latest row when acting, so a reload after a conflict uses its new version.
  const target = (id: string) => coverages.data?.find((c) => c.id === id) ?? null;
  const close = () => setDialog(null);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t('coverage:title')}
        </Title>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'add' })}>
            {t('coverage:add')}
          </Button>
        ) : null}
      </Group>
      <QueryState
        query={coverages}
        isEmpty={(data) => data.length === 0}
        empty={t('coverage:empty')}
      >
        {() => (
          <Stack gap="md">
            {grouped.current.length === 0 ? (
              <Text c="dimmed">{t('coverage:noCurrent')}</Text>
            ) : (
              <CoverageList
                items={grouped.current}
                today={today}
                canEdit={canEdit}
                onDialog={setDialog}
              />
            )}
            {grouped.past.length > 0 ? (
              <PastSection count={grouped.past.length}>
                <CoverageList
                  items={grouped.past}
                  today={today}
                  canEdit={canEdit}
                  onDialog={setDialog}
                />
              </PastSection>
            ) : null}
          </Stack>
        )}
      </QueryState>
      <CoverageDialogs
        patientId={patientId}
        dialog={dialog}
        canEdit={canEdit}
        find={target}
        defaultPriority={firstFreePriority(grouped.current)}
        latest={async (id) => (await coverages.refetch()).data?.find((c) => c.id === id)}
        onClose={close}
      />
    </Stack>
  );
}

function CoverageList(props: {
  items: Coverage[];
  today: string;
  canEdit: boolean;
  onDialog: (dialog: Dialog) => void;
}) {
  return (
    <Stack gap="sm">
      {props.items.map((c) => (
        <CoverageItem
          key={c.id}
          coverage={c}
          today={props.today}
          canEdit={props.canEdit}
          onEdit={() => props.onDialog({ kind: 'edit', id: c.id })}
          onCards={() => props.onDialog({ kind: 'cards', id: c.id })}
          onEnd={(status) => props.onDialog({ kind: 'end', id: c.id, status })}
        />
      ))}
    </Stack>
  );
}

/** "Past and cancelled", folded by default: the desk works with what is in force. */
function PastSection(props: { children: ReactNode; count: number }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const Chevron = isOpen ? IconChevronDown : IconChevronRight;
  return (
    <section aria-labelledby="coverage-past-title">
      <UnstyledButton
        onClick={() => setOpen((o) => !o)}
        aria-expanded={isOpen}
        aria-controls="coverage-past"
        py={4}
      >
        <Group gap="xs">
          <Chevron size={18} aria-hidden />
          <Title order={3} size="h5" id="coverage-past-title">
            {t('coverage:past', { count: props.count })}
          </Title>
        </Group>
      </UnstyledButton>
      <Collapse expanded={isOpen} id="coverage-past" mt="sm">
        {props.children}
      </Collapse>
    </section>
  );
}

function CoverageDialogs(props: {
  patientId: string;
  dialog: Dialog | null;
  canEdit: boolean;
  find: (id: string) => Coverage | null;
  defaultPriority: Coverage['priority'];
  latest: (id: string) => Promise<Coverage | undefined>;
  onClose: () => void;
}) {
  const { dialog } = props;
  if (!dialog) return null;
  if (dialog.kind === 'add') {
    return (
      <CoverageFormModal
        patientId={props.patientId}
        coverage={null}
        defaultPriority={props.defaultPriority}
        latest={() => Promise.resolve(undefined)}
        onClose={props.onClose}
      />
    );
  }
  const coverage = props.find(dialog.id);
  if (!coverage) return null;
  switch (dialog.kind) {
    case 'edit':
      return (
        <CoverageFormModal
          key={coverage.id}
          patientId={props.patientId}
          coverage={coverage}
          defaultPriority={coverage.priority}
          latest={() => props.latest(coverage.id)}
          onClose={props.onClose}
        />
      );
    case 'cards':
      return (
        <CardImagesModal coverage={coverage} canEdit={props.canEdit} onClose={props.onClose} />
      );
    case 'end':
      return (
        <CoverageStatusModal
          patientId={props.patientId}
          coverage={coverage}
          status={dialog.status}
          onClose={props.onClose}
        />
      );
  }
}
