import { useRef, useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EncounterDetail } from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { newIdempotencyKey, useSchedulingPractitioners } from '../../scheduling/appointments.api';
import { encounterErrorMessage } from './encounter-errors';
import { useStartEncounter } from './encounters.api';

type ManualClass = 'emergency' | 'ambulatory' | 'virtual';

/**
 * Starts an encounter now in the current facility (an emergency visit by default), with an
 * attending practitioner: the signed-in clinician when they have a practitioner profile.
 */
export function StartEncounterDialog(props: {
  patientId: string;
  facilityId: string;
  opened: boolean;
  onClose: () => void;
  onStarted: (encounter: EncounterDetail) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('encounters:start.title')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.opened ? <StartForm {...props} /> : null}
    </Modal>
  );
}

function StartForm(props: {
  patientId: string;
  facilityId: string;
  onClose: () => void;
  onStarted: (encounter: EncounterDetail) => void;
}) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const practitioners = useSchedulingPractitioners();
  const mine = practitioners.data?.find((p) => p.userId === me.user.id && p.isActive);
  const [encounterClass, setEncounterClass] = useState<ManualClass>('emergency');
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const attending = chosen ?? mine?.id ?? null;
  // One key per body: a double submit of the same start creates one encounter.
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const start = useStartEncounter();
  const errors = start.error ? encounterErrorMessage(start.error) : null;

  return (
    <form
      onSubmit={(ev) => {
        ev.preventDefault();
        const body = {
          patientId: props.patientId,
          facilityId: props.facilityId,
          class: encounterClass,
          reason: reason.trim() === '' ? null : reason.trim(),
          participants: attending
            ? [{ practitionerId: attending, role: 'attending' as const }]
            : [],
        };
        const text = JSON.stringify(body);
        if (attempt.current?.body !== text)
          attempt.current = { key: newIdempotencyKey(), body: text };
        start.mutate(
          { idempotencyKey: attempt.current.key, body },
          {
            onSuccess: (encounter) => {
              props.onClose();
              props.onStarted(encounter);
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('encounters:fields.class')}
          value={encounterClass}
          onChange={(v) => setEncounterClass(v)}
          data={(['emergency', 'ambulatory', 'virtual'] as const).map((c) => ({
            value: c,
            label: t(`encounters:class.${c}`),
          }))}
        />
        <TextInput
          label={t('encounters:fields.reason')}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          maxLength={500}
        />
        <Select
          label={t('encounters:start.attending')}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('encounters:start.clearAttending') }}
          data={(practitioners.data ?? [])
            .filter((p) => p.isActive)
            .map((p) => ({ value: p.id, label: p.displayName }))}
          value={attending}
          onChange={setChosen}
        />
        <FormAlert error={null} message={errors} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={start.isPending}>
            {t('encounters:start.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
