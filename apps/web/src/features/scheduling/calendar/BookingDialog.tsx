import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type {
  Appointment,
  BookAppointmentInput,
  PatientSummary,
  Slot,
  SlotSearchQuery,
} from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { DateField } from '../../coverage/DateField';
import { notifyDone } from '../../coverage/notify';
import { PatientPicker } from '../../merge/PatientPicker';
import { FormAlert } from '../../../ui/FormAlert';
import {
  newIdempotencyKey,
  useAppointmentTypes,
  useBookAppointment,
  useSchedulingPractitioners,
} from '../appointments.api';
import { facilityTimeZone, addDays, formatAppointmentWhen, todayIn } from '../scheduling-format';
import { placeBookingError, type BookingErrorPlace } from './booking-errors';
import { specialtiesOf } from './practitioner-options';
import { PractitionerSelect } from './PractitionerSelect';
import { SlotFinder } from './SlotFinder';
import { describeRefusal } from './useMoveAppointment';

/** What the dialog opens with: a practitioner, a time picked on the calendar, a date. */
export interface BookingPreset {
  practitionerId?: string | null;
  /** An exact start chosen on the calendar (the slot finder is not needed then). */
  startsAt?: string;
  /** The first day to search from (local date). */
  date?: string;
  /** The patient to book for, when booking from their record. */
  patient?: PatientSummary | null;
}

/** The slots API searches at most 31 days. */
const maxRangeDays = 31;

/**
 * Books an appointment: a patient, a type, a practitioner or a specialty, a date range whose
 * free slots are offered as buttons, then a reason and note. Refusals show beside the part
 * they are about and the dialog keeps what was typed.
 */
export function BookingDialog(props: {
  opened: boolean;
  preset: BookingPreset;
  onClose: () => void;
  onBooked?: (appointment: Appointment) => void;
}) {
  const { t } = useTranslation('calendar');
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="xl"
      title={t('booking.title')}
      closeButtonProps={{ 'aria-label': t('booking.close') }}
    >
      {props.opened ? (
        <BookingForm preset={props.preset} onClose={props.onClose} onBooked={props.onBooked} />
      ) : null}
    </Modal>
  );
}

type Target = 'practitioner' | 'specialty';

function BookingForm(props: {
  preset: BookingPreset;
  onClose: () => void;
  onBooked?: ((appointment: Appointment) => void) | undefined;
}) {
  const { t } = useTranslation('calendar');
  const me = useSignedInMe();
  const can = useCan();
  const types = useAppointmentTypes();
  const practitioners = useSchedulingPractitioners();
  const book = useBookAppointment();
  const zoneOf = (facilityId: string) => facilityTimeZone(me.facilities, facilityId);
  const homeZone = facilityTimeZone(me.facilities, me.currentFacilityId);
  const today = todayIn(homeZone);
  const firstDay = props.preset.date && props.preset.date > today ? props.preset.date : today;

  const [patient, setPatient] = useState<PatientSummary | null>(props.preset.patient ?? null);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [target, setTarget] = useState<Target>('practitioner');
  const [practitionerId, setPractitionerId] = useState<string | null>(
    props.preset.practitionerId ?? null,
  );
  const [specialty, setSpecialty] = useState<string | null>(null);
  const [from, setFrom] = useState(firstDay);
  const [to, setTo] = useState(addDays(firstDay, 6));
  // A slot picked in the finder; until then, the time picked on the calendar (if any).
  const [picked, setPicked] = useState<Slot | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [overbook, setOverbook] = useState(false);
  const [overbookReason, setOverbookReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<BookingErrorPlace, string>>>({});
  // One key per submission of the same booking; a retry of it reuses the key.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const chosen = picked ?? presetSlot(props.preset, practitioners.data);
  const type = types.data?.find((x) => x.id === typeId) ?? null;
  const activeTypes = (types.data ?? []).filter((x) => x.isActive);
  const rangeError =
    !from || !to
      ? null
      : to < from
        ? t('booking.rangeBackwards')
        : addDays(from, maxRangeDays - 1) < to
          ? t('booking.rangeTooLong', { days: maxRangeDays })
          : null;

  const query = useMemo<SlotSearchQuery | null>(() => {
    if (!typeId || rangeError || !from || !to) return null;
    if (target === 'practitioner' && practitionerId) {
      return { appointmentTypeId: typeId, practitionerId, from, to };
    }
    if (target === 'specialty' && specialty) {
      return { appointmentTypeId: typeId, specialty, from, to };
    }
    return null;
  }, [typeId, target, practitionerId, specialty, from, to, rangeError]);

  const chosenPractitioner = practitioners.data?.find((p) => p.id === chosen?.practitionerId);

  function choose(slot: Slot) {
    setPicked(slot);
    setErrors((e) => ({ ...e, slot: undefined }));
  }

  function validate(): boolean {
    const next: typeof errors = {};
    if (!patient) next.patient = t('booking.needPatient');
    if (!typeId) next.type = t('booking.needType');
    if (!chosen) next.slot = t('booking.needSlot');
    if (overbook && !overbookReason.trim()) next.overbook = t('booking.needOverbookReason');
    setErrors(next);
    return Object.keys(next).length === 0;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!validate() || !patient || !typeId || !chosen) return;
    const body: BookAppointmentInput = {
      patientId: patient.id,
      practitionerId: chosen.practitionerId,
      appointmentTypeId: typeId,
      startsAt: chosen.startsAt,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(overbook ? { overbook: { reason: overbookReason.trim() } } : {}),
    };
    const bodyText = JSON.stringify(body);
    if (attempt.current?.body !== bodyText) {
      attempt.current = { key: newIdempotencyKey(), body: bodyText };
    }
    try {
      const saved = await book.mutateAsync({ body, idempotencyKey: attempt.current.key });
      notifyDone(
        t('booking.done', { when: formatAppointmentWhen(saved, zoneOf(saved.facilityId)) }),
      );
      props.onBooked?.(saved);
      props.onClose();
    } catch (error) {
      const place = placeBookingError(error);
      const zone = zoneOf(chosenPractitioner?.facilityId ?? me.currentFacilityId ?? '');
      const message =
        error instanceof ApiError && error.code === 'validation.failed'
          ? Object.values(error.fieldErrors()).join(' ')
          : await describeRefusal(t, error, zone);
      setErrors({ [place]: message });
    }
  }

  const slotHeadingId = 'booking-slots';
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('booking.title')}>
      <Stack gap="md">
        <FormAlert error={null} message={errors.general ?? null} />
        <div>
          <PatientPicker
            id="booking-patient"
            label={t('booking.patient')}
            description={t('booking.patientHint')}
            selected={patient}
            otherId={null}
            onSelect={(p) => {
              setPatient(p);
              setErrors((x) => ({ ...x, patient: undefined }));
            }}
          />
          {errors.patient ? (
            <Text size="sm" c="red.9" role="alert" mt={4}>
              {errors.patient}
            </Text>
          ) : null}
        </div>

        <Select
          label={t('booking.type')}
          placeholder={t('booking.typePlaceholder')}
          data={activeTypes.map((x) => ({
            value: x.id,
            label: t('booking.typeOption', { name: x.name, minutes: x.durationMinutes }),
          }))}
          value={typeId}
          onChange={(id) => {
            setTypeId(id);
            setPicked(null);
            setErrors((x) => ({ ...x, type: undefined }));
          }}
          searchable
          required
          disabled={types.isPending}
          error={errors.type}
          nothingFoundMessage={t('booking.noType')}
        />

        <Stack gap="xs">
          <SegmentedControl
            aria-label={t('booking.whoLabel')}
            value={target}
            onChange={setTarget}
            data={[
              { value: 'practitioner', label: t('booking.byPractitioner') },
              { value: 'specialty', label: t('booking.bySpecialty') },
            ]}
          />
          {target === 'practitioner' ? (
            <PractitionerSelect
              label={t('booking.practitioner')}
              value={practitionerId}
              onChange={(id) => setPractitionerId(id)}
              only={type?.practitionerIds ?? null}
              clearable
            />
          ) : (
            <Select
              label={t('booking.specialty')}
              data={specialtiesOf(practitioners.data ?? [])}
              value={specialty}
              onChange={setSpecialty}
              searchable
              clearable
            />
          )}
        </Stack>

        <Group grow align="flex-start">
          <DateField label={t('booking.from')} value={from} onChange={setFrom} minDate={today} />
          <DateField
            label={t('booking.to')}
            value={to}
            onChange={setTo}
            minDate={from || today}
            error={rangeError}
          />
        </Group>

        <div>
          <Title order={3} size="h5" id={slotHeadingId} mb="xs">
            {t('booking.freeSlots')}
          </Title>
          <SlotFinder
            query={query}
            chosen={chosen}
            onChoose={choose}
            zoneOf={zoneOf}
            practitioners={practitioners.data ?? []}
            headingId={slotHeadingId}
          />
        </div>

        <ChosenTime
          chosen={chosen}
          durationMinutes={type?.durationMinutes ?? null}
          practitionerName={chosenPractitioner?.displayName ?? ''}
          timeZone={chosen ? zoneOf(chosen.facilityId) : homeZone}
          error={errors.slot ?? null}
        />

        <Textarea
          label={t('booking.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
        />
        <Textarea
          label={t('booking.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />

        {can('appointment.overbook') ? (
          <Stack gap="xs">
            <Checkbox
              label={t('booking.overbook')}
              description={t('booking.overbookHint')}
              checked={overbook}
              onChange={(e) => setOverbook(e.currentTarget.checked)}
            />
            {overbook ? (
              <TextInput
                label={t('booking.overbookReason')}
                value={overbookReason}
                onChange={(e) => setOverbookReason(e.currentTarget.value)}
                maxLength={500}
                required
                error={errors.overbook}
              />
            ) : null}
          </Stack>
        ) : null}

        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={book.isPending}>
            {t('booking.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The time the booking will take, and why the server refused it if it did. */
function ChosenTime(props: {
  chosen: Slot | null;
  durationMinutes: number | null;
  practitionerName: string;
  timeZone: string;
  error: string | null;
}) {
  const { t } = useTranslation('calendar');
  const { chosen } = props;
  const endsAt =
    chosen && props.durationMinutes !== null
      ? new Date(Date.parse(chosen.startsAt) + props.durationMinutes * 60_000).toISOString()
      : chosen?.endsAt;
  return (
    <Alert
      color={props.error ? 'red' : chosen ? 'blue' : 'gray'}
      variant="light"
      role={props.error ? 'alert' : undefined}
      title={t('booking.chosenTitle')}
    >
      <Text size="sm">
        {chosen && endsAt
          ? t('booking.chosen', {
              when: formatAppointmentWhen({ startsAt: chosen.startsAt, endsAt }, props.timeZone),
              practitioner: props.practitionerName,
            })
          : t('booking.nothingChosen')}
      </Text>
      {props.error ? (
        <Text size="sm" c="red.9" mt={4}>
          {props.error}
        </Text>
      ) : null}
    </Alert>
  );
}

/** A time picked on the calendar, as a slot of the preset practitioner (their facility). */
function presetSlot(
  preset: BookingPreset,
  practitioners: readonly { id: string; facilityId: string }[] | undefined,
): Slot | null {
  if (!preset.startsAt || !preset.practitionerId) return null;
  const p = practitioners?.find((x) => x.id === preset.practitionerId);
  if (!p) return null;
  return {
    practitionerId: p.id,
    facilityId: p.facilityId,
    startsAt: preset.startsAt,
    endsAt: preset.startsAt,
  };
}
