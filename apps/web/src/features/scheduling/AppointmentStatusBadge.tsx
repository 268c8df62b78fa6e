import { Badge } from '@mantine/core';
import {
  IconCalendarCheck,
  IconCalendarEvent,
  IconCalendarX,
  IconCircleCheck,
  IconClock,
  IconDoorEnter,
  IconHourglass,
  IconUserCheck,
  IconUserX,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AppointmentStatus } from '@meridian/contracts';

const statusIcons: Record<AppointmentStatus, Icon> = {
  held: IconHourglass,
  booked: IconCalendarEvent,
  confirmed: IconCalendarCheck,
  arrived: IconUserCheck,
  in_room: IconDoorEnter,
  completed: IconCircleCheck,
  cancelled: IconCalendarX,
  no_show: IconUserX,
};

const statusColors: Record<AppointmentStatus, string> = {
  held: 'gray',
  booked: 'blue',
  confirmed: 'teal',
  arrived: 'orange',
  in_room: 'grape',
  completed: 'green',
  cancelled: 'gray',
  no_show: 'red',
};

/** The status's icon, decorative: the status is always written next to it. */
export function StatusIcon(props: { status: AppointmentStatus; size?: number }) {
  const StatusGlyph = statusIcons[props.status] ?? IconClock;
  return <StatusGlyph size={props.size ?? 14} aria-hidden />;
}

/** An appointment's status as an icon and a word ("Arrived"). */
export function AppointmentStatusBadge(props: { status: AppointmentStatus }) {
  const { t } = useTranslation('calendar');
  return (
    <Badge
      color={statusColors[props.status]}
      variant="light"
      leftSection={<StatusIcon status={props.status} size={12} />}
    >
      {t(`status.${props.status}`)}
    </Badge>
  );
}
