import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '@meridian/contracts';
import { fetchAppointment, useRescheduleAppointment } from '../appointments.api';
import { conflictingAppointmentIdOf, schedulingErrorMessage } from '../scheduling-errors';
import { formatAppointmentWhen } from '../scheduling-format';

export interface MoveCommand {
  appointment: Appointment;
  startsAt: string;
  endsAt: string;
  practitionerId?: string;
  /** Called when the server refuses, e.g. to put a dragged event back. */
  revert?: () => void;
  /** The caller shows a refusal itself (a form); no red notification then. */
  quiet?: boolean;
}

/**
 * A refusal in words, naming the appointment in the way and its time when the server says
 * which one it is (and the caller may see it).
 */
export async function describeRefusal(
  t: TFunction,
  error: unknown,
  timeZone: string,
): Promise<string> {
  const message = schedulingErrorMessage(t, error);
  const conflictId = conflictingAppointmentIdOf(error);
  if (!conflictId) return message;
  try {
    const other = await fetchAppointment(conflictId);
    return t('calendar:conflict.withAppointment', {
      message,
      type: other.appointmentTypeName,
      practitioner: other.practitionerName,
      when: formatAppointmentWhen(other, timeZone),
    });
  } catch {
    return message;
  }
}

/**
 * Reschedules with feedback: a notification on success, and on refusal (409 conflict, 422
 * rule, 412 stale) the event goes back and a red notification says why. The lists refetch
 * either way (the mutation invalidates them). `move` answers null when moved, else the
 * refusal in words.
 */
export function useMoveAppointment(timeZone: string) {
  const { t } = useTranslation('calendar');
  const reschedule = useRescheduleAppointment();
  return {
    isPending: reschedule.isPending,
    move: async (cmd: MoveCommand): Promise<string | null> => {
      try {
        const saved = await reschedule.mutateAsync({
          id: cmd.appointment.id,
          version: cmd.appointment.version,
          body: {
            startsAt: cmd.startsAt,
            endsAt: cmd.endsAt,
            ...(cmd.practitionerId ? { practitionerId: cmd.practitionerId } : {}),
          },
        });
        notifications.show({
          color: 'green',
          title: t('move.doneTitle'),
          message: t('move.done', { when: formatAppointmentWhen(saved, timeZone) }),
          closeButtonProps: { 'aria-label': t('common:close') },
        });
        return null;
      } catch (error) {
        cmd.revert?.();
        const message = await describeRefusal(t, error, timeZone);
        if (!cmd.quiet) {
          notifications.show({
            color: 'red',
            title: t('move.refusedTitle'),
            message,
            autoClose: 12_000,
            closeButtonProps: { 'aria-label': t('common:close') },
          });
        }
        return message;
      }
    },
  };
}
