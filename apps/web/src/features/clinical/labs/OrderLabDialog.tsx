import { useMemo, useState } from 'react';
import {
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { labPriorities, type LabPriority } from '@meridian/contracts';
import { FormAlert } from '../../../ui/FormAlert';
import { useLabCatalogue, usePlaceLabOrder } from './labs.api';

/** The clinician's order form: tests and panels by type-ahead, priority, a clinical note. */
export function OrderLabDialog(props: {
  patientId: string;
  facilityId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('labs');
  const catalogue = useLabCatalogue('');
  const place = usePlaceLabOrder();
  const [codes, setCodes] = useState<string[]>([]);
  const [priority, setPriority] = useState<LabPriority>('routine');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const data = useMemo(
    () =>
      (catalogue.data?.items ?? []).map((i) => ({
        value: i.code,
        label: `${i.shortName} — ${i.name} (${i.code})`,
      })),
    [catalogue.data],
  );
  const close = () => {
    setCodes([]);
    setPriority('routine');
    setNote('');
    setKey(crypto.randomUUID());
    place.reset();
    props.onClose();
  };
  const submit = () => {
    place.mutate(
      {
        idempotencyKey: key,
        body: {
          patientId: props.patientId,
          facilityId: props.facilityId,
          testCodes: codes,
          priority,
          ...(note.trim() ? { clinicalNote: note.trim() } : {}),
        },
      },
      { onSuccess: close },
    );
  };
  return (
    <Modal opened={props.opened} onClose={close} title={t('order.title')} size="lg">
      <Stack>
        <FormAlert error={place.error} />
        <MultiSelect
          label={t('order.tests')}
          description={t('order.testsHint')}
          data={data}
          value={codes}
          onChange={setCodes}
          searchable
          clearable
          nothingFoundMessage={t('order.nothingFound')}
          maxValues={20}
          disabled={catalogue.isPending}
          data-autofocus
        />
        <div>
          <Text size="sm" fw={500} id="lab-priority-label">
            {t('order.priority')}
          </Text>
          <SegmentedControl
            aria-labelledby="lab-priority-label"
            value={priority}
            onChange={(v) => setPriority(v)}
            data={labPriorities.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          />
        </div>
        <Textarea
          label={t('order.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common:cancel')}
          </Button>
          <Button onClick={submit} loading={place.isPending} disabled={codes.length === 0}>
            {t('order.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
