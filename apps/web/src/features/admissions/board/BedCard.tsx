import { useState, type DragEvent } from 'react';
import { ActionIcon, Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import {
  IconBiohazard,
  IconCalendarTime,
  IconDoorExit,
  IconDots,
  IconGripVertical,
  IconLock,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BoardBed, BoardOccupant } from '@meridian/contracts';
import { News2Badge } from '../../clinical/vitals/News2Badge';
import type { BedMenuItem } from './bed-menu';
import { bedStateLook } from './bed-state-look';
import { formatWhen } from './board-format';
import { bedAttributeFilters, hasAttribute } from './board-view';

/** Drag-and-drop of one card: a source when its patient can move, a target when free. */
export interface CardDrag {
  isDraggable: boolean;
  /** A drag is under way and this bed can take the patient. */
  isDropTarget: boolean;
  isDragged: boolean;
  onDragStart: (bed: BoardBed) => void;
  onDragEnd: () => void;
  onDrop: (bed: BoardBed) => void;
}

/**
 * One bed: code, state (name, icon and colour), who is in it or expected, why it is
 * blocked, and its menu. Occupied cards drag onto available ones to move the patient; the
 * menu's "Move to bed…" does the same from the keyboard.
 */
export function BedCard(props: {
  bed: BoardBed;
  timeZone: string;
  menu: BedMenuItem[];
  onMenu: (item: BedMenuItem, bed: BoardBed) => void;
  drag: CardDrag;
}) {
  const { t } = useTranslation();
  const { bed, drag } = props;
  const [isOver, setIsOver] = useState(false);
  const look = bedStateLook[bed.state];
  const StateIcon = look.icon;
  const names = { bed: bed.code, room: bed.roomCode };

  const dropHandlers = drag.isDropTarget
    ? {
        onDragOver: (e: DragEvent) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        },
        onDragEnter: () => setIsOver(true),
        onDragLeave: () => setIsOver(false),
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          setIsOver(false);
          drag.onDrop(bed);
        },
      }
    : {};
  const dragHandlers = drag.isDraggable
    ? {
        draggable: true,
        onDragStart: (e: DragEvent) => {
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', bed.id);
          drag.onDragStart(bed);
        },
        onDragEnd: drag.onDragEnd,
      }
    : {};

  return (
    <Paper
      withBorder
      p="xs"
      role="group"
      aria-label={t('beds:card.label', { ...names, state: t(`beds:state.${bed.state}`) })}
      title={drag.isDraggable ? t('beds:card.dragHint') : undefined}
      data-bed-id={bed.id}
      style={{
        borderLeft: `5px solid var(--mantine-color-${look.color}-6)`,
        cursor: drag.isDraggable ? 'grab' : undefined,
        opacity: drag.isDragged ? 0.5 : undefined,
        outline: drag.isDropTarget
          ? `2px ${isOver ? 'solid' : 'dashed'} var(--mantine-color-green-7)`
          : undefined,
        minHeight: 96,
      }}
      {...dragHandlers}
      {...dropHandlers}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Group gap={2} wrap="nowrap">
            {drag.isDraggable ? (
              <IconGripVertical size={14} aria-hidden color="var(--mantine-color-dimmed)" />
            ) : null}
            <Text fw={700} size="sm">
              {bed.code}
            </Text>
          </Group>
          <Group gap={2} wrap="nowrap">
            <Badge
              color={look.color}
              c={look.labelColor}
              variant="light"
              size="sm"
              leftSection={<StateIcon size={12} aria-hidden />}
            >
              {t(`beds:state.${bed.state}`)}
            </Badge>
            {props.menu.length > 0 ? (
              <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
                <Menu.Target>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('beds:card.actions', names)}
                  >
                    <IconDots size={16} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {props.menu.map((item) => (
                    <Menu.Item key={item} onClick={() => props.onMenu(item, bed)}>
                      {t(`beds:menu.${item}`)}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        </Group>
        <BedDetails bed={bed} timeZone={props.timeZone} />
        {drag.isDropTarget ? (
          <Text size="xs" c="var(--mantine-color-green-light-color)" fw={600}>
            {t('beds:card.dropHere')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function BedDetails(props: { bed: BoardBed; timeZone: string }) {
  const { t } = useTranslation();
  const { bed, timeZone } = props;
  const attributes = bedAttributeFilters.filter((a) => hasAttribute(bed, a));
  return (
    <>
      {bed.occupant ? <OccupantDetails occupant={bed.occupant} timeZone={timeZone} /> : null}
      {bed.state === 'reserved' && !bed.occupant ? (
        <Text size="xs">{t('beds:card.awaitingPatient')}</Text>
      ) : null}
      {bed.state === 'blocked' ? (
        <>
          <Text size="xs">{bed.blockedReason ?? t('beds:card.noReason')}</Text>
          {bed.blockedUntil ? (
            <Text size="xs" c="dimmed">
              {t('beds:card.blockedUntil', { when: formatWhen(bed.blockedUntil, timeZone) })}
            </Text>
          ) : null}
        </>
      ) : null}
      {bed.state === 'dirty' || bed.state === 'cleaning' ? (
        <Text size="xs" c="dimmed">
          {t('beds:card.since', { when: formatWhen(bed.stateSince, timeZone) })}
        </Text>
      ) : null}
      {attributes.length > 0 ? (
        <Text size="xs" c="dimmed">
          {attributes.map((a) => t(`beds:attribute.${a}`)).join(' · ')}
        </Text>
      ) : null}
    </>
  );
}

/** The patient in (or expected in) a bed; a restricted one without identifying details. */
function OccupantDetails(props: { occupant: BoardOccupant; timeZone: string }) {
  const { t } = useTranslation();
  const { occupant: o, timeZone } = props;
  const when = (iso: string) => formatWhen(iso, timeZone);
  const identity = [
    o.ageYears !== null && o.sexAtBirth
      ? t('beds:card.ageSex', { age: o.ageYears, sex: t(`beds:sexShort.${o.sexAtBirth}`) })
      : null,
    o.mrn ? t('beds:card.mrn', { mrn: o.mrn }) : null,
  ].filter(Boolean);
  return (
    <Stack gap={2}>
      {o.restricted ? (
        <Group gap={4} wrap="nowrap">
          <IconLock size={14} aria-hidden />
          <Text size="sm" fw={600}>
            {t('beds:card.restricted')}
          </Text>
        </Group>
      ) : (
        <>
          <Text size="sm" fw={600} lineClamp={1}>
            {o.displayName}
          </Text>
          {identity.length > 0 ? (
            <Text size="xs" c="dimmed">
              {identity.join(' · ')}
            </Text>
          ) : null}
          {o.attendingName ? (
            <Text size="xs" lineClamp={1}>
              {t('beds:card.attending', { name: o.attendingName })}
            </Text>
          ) : null}
        </>
      )}
      {o.status === 'pre_admitted' && o.expectedAt ? (
        <Text size="xs">{t('beds:card.expected', { when: when(o.expectedAt) })}</Text>
      ) : null}
      <Group gap={4}>
        {!o.restricted && o.dayOfStay !== null ? (
          <Badge size="xs" variant="outline" color="gray">
            {t('beds:card.day', { day: o.dayOfStay })}
          </Badge>
        ) : null}
        <Badge size="xs" variant="light" color="grape">
          {t(`admissions:levelOfCare.${o.levelOfCare}`)}
        </Badge>
        {o.isolation.map((p) => (
          <Badge
            key={p}
            size="xs"
            variant="filled"
            color="red.9"
            leftSection={<IconBiohazard size={10} aria-hidden />}
          >
            {t('beds:card.isolation', { precaution: t(`admissions:isolation.${p}`) })}
          </Badge>
        ))}
        {o.news2 ? <News2Badge news2={o.news2} size="xs" /> : null}
      </Group>
      {o.status === 'on_leave' ? (
        <Group gap={4} wrap="nowrap">
          <IconDoorExit size={14} aria-hidden />
          <Text size="xs" fw={600}>
            {o.leaveExpectedReturnAt
              ? t('beds:card.onLeaveUntil', { when: when(o.leaveExpectedReturnAt) })
              : t('beds:card.onLeave')}
          </Text>
        </Group>
      ) : null}
      {o.dischargeExpectedAt ? (
        <Group gap={4} wrap="nowrap">
          <IconCalendarTime size={14} aria-hidden />
          <Text size="xs" fw={600}>
            {t('beds:card.dischargeExpected', { when: when(o.dischargeExpectedAt) })}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}
