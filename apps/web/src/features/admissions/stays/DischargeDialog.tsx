import { useState } from 'react';
import { Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { dischargeDisposition, type DischargeDisposition, type Stay } from '@meridian/contracts';
import { serverNow } from '../../../app/api';
import { useSignedInMe } from '../../../app/auth/useMe';
import { FormAlert } from '../../../ui/FormAlert';
import { FormButtons } from '../../admin/FormParts';
import { facilityTimeZone } from '../../scheduling/scheduling-format';
import { instantOfLocalDateTime } from './stay-time';
import { localNow, StepModal, useStepSubmit } from './StepDialogs';

type DischargeStay = Pick<Stay, 'id' | 'version' | 'stayNumber' | 'facilityId' | 'admittedAt'>;

interface DischargeValues {
  disposition: DischargeDisposition | '';
  dischargedAt: string;
  destination: string;
  summary: string;
}

const fields = ['disposition', 'dischargedAt', 'destination', 'summary'] as const;

/**
 * Discharges the patient: disposition, when (default now; never before admission nor in the
 * future), where to for a transfer, and the discharge summary. The bed turns dirty.
 */
export function DischargeDialog(props: {
  stay: DischargeStay;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <StepModal
      title={t('admissions:discharge.title')}
      opened={props.opened}
      onClose={props.onClose}
    >
      <DischargeForm {...props} />
    </StepModal>
  );
}

function DischargeForm(props: { stay: DischargeStay; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const timeZone = facilityTimeZone(me.facilities, props.stay.facilityId);
  const stepProps = { ...props, timeZone, opened: true };
  const [openedAt] = useState(() => localNow(timeZone));
  const form = useForm<DischargeValues>({
    initialValues: {
      disposition: '',
      dischargedAt: openedAt,
      destination: '',
      summary: '',
    },
    validate: {
      disposition: (v) => (v ? null : t('admissions:discharge.needDisposition')),
      dischargedAt: (v) => {
        const at = instantOfLocalDateTime(v, timeZone);
        if (!at) return t('admissions:errors.when');
        // A minute's grace: the field holds minutes, the clock seconds.
        if (Date.parse(at) > serverNow() + 60_000) return t('admissions:errors.inFuture');
        const admittedAt = props.stay.admittedAt;
        if (admittedAt && Date.parse(at) < Date.parse(admittedAt) - 60_000) {
          return t('admissions:errors.codes.admission.before_admission');
        }
        return null;
      },
      destination: (v, values) =>
        values.disposition === 'transferred' && !v.trim()
          ? t('admissions:errors.destination')
          : null,
    },
  });
  const step = useStepSubmit('discharge', stepProps, form, fields, 'dischargedAt');
  const isTransfer = form.values.disposition === 'transferred';
  const submit = form.onSubmit((v) => {
    if (!v.disposition) return;
    const summary = v.summary.trim();
    return step.submit(
      {
        disposition: v.disposition,
        // Tricky: the field holds whole minutes, so "now" left as is would go as the start of
        // this minute, before an admission or move made seconds ago (422). Untouched, the
        // server's clock decides.
        dischargedAt:
          v.dischargedAt === openedAt
            ? undefined
            : (instantOfLocalDateTime(v.dischargedAt, timeZone) ?? undefined),
        summary: summary ? v.summary : null,
        destination: v.disposition === 'transferred' ? v.destination.trim() : null,
      },
      t('admissions:discharge.done', { number: props.stay.stayNumber }),
    );
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('admissions:discharge.title')}>
      <Stack>
        <FormAlert error={null} message={step.formError} />
        <Select
          label={t('admissions:discharge.disposition')}
          placeholder={t('admissions:discharge.dispositionPlaceholder')}
          data={dischargeDisposition.options.map((d) => ({
            value: d,
            label: t(`admissions:disposition.${d}`),
          }))}
          required
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('disposition')}
        />
        <TextInput
          type="datetime-local"
          label={t('admissions:discharge.dischargedAt')}
          required
          {...form.getInputProps('dischargedAt')}
        />
        {isTransfer ? (
          <TextInput
            label={t('admissions:discharge.destination')}
            description={t('admissions:discharge.destinationHint')}
            required
            maxLength={200}
            {...form.getInputProps('destination')}
          />
        ) : null}
        <Textarea
          label={t('admissions:discharge.summary')}
          autosize
          minRows={4}
          maxRows={12}
          maxLength={20_000}
          {...form.getInputProps('summary')}
        />
        <Text size="sm" c="dimmed">
          {t('admissions:discharge.bedNote')}
        </Text>
        <FormButtons
          submitLabel={t('admissions:discharge.submit')}
          isPending={step.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}
