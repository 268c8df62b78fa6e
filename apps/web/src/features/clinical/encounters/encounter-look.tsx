import { Badge, ThemeIcon } from '@mantine/core';
import { IconAmbulance, IconBed, IconStethoscope, IconVideo } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EncounterClass, EncounterStatus } from '@meridian/contracts';
import { formatDateTime, formatTime } from '../../../ui/format';

const classIcons = {
  ambulatory: IconStethoscope,
  inpatient: IconBed,
  emergency: IconAmbulance,
  virtual: IconVideo,
} as const;

const classColors: Record<EncounterClass, string> = {
  ambulatory: 'blue',
  inpatient: 'grape',
  emergency: 'red',
  virtual: 'cyan',
};

/** The class as an icon; its name is the label (the row says it in words too). */
export function EncounterClassIcon(props: { encounterClass: EncounterClass }) {
  const { t } = useTranslation();
  const Icon = classIcons[props.encounterClass];
  return (
    <ThemeIcon
      variant="light"
      color={classColors[props.encounterClass]}
      size="lg"
      radius="xl"
      role="img"
      aria-label={t(`encounters:class.${props.encounterClass}`)}
    >
      <Icon size={18} aria-hidden />
    </ThemeIcon>
  );
}

const statusColors: Record<EncounterStatus, string> = {
  planned: 'blue',
  in_progress: 'teal',
  finished: 'gray',
  cancelled: 'orange',
  entered_in_error: 'red',
};

export function EncounterStatusBadge(props: { status: EncounterStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[props.status]} variant="light">
      {t(`encounters:status.${props.status}`)}
    </Badge>
  );
}

/**
 * The period in the facility's zone: "Jan 15, 2026, 9:00 AM – 9:30 AM" when it ends the same
 * day, the full end otherwise, "since ..." while open.
 */
export function formatPeriod(
  startedAt: string,
  endedAt: string | null,
  timeZone: string | undefined,
  since: (start: string) => string,
): string {
  const start = formatDateTime(startedAt, timeZone);
  if (!endedAt) return since(start);
  const day = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', {
      dateStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(new Date(iso));
  const end =
    day(startedAt) === day(endedAt)
      ? formatTime(endedAt, timeZone)
      : formatDateTime(endedAt, timeZone);
  return `${start} – ${end}`;
}
