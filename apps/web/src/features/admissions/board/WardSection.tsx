import { Badge, Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardBed, BoardWard } from '@meridian/contracts';
import type { BedMenuItem } from './bed-menu';
import { BedCard, type CardDrag } from './BedCard';
import { roomsOf } from './board-view';

/** What each card needs from the page: its menu, and its part in a drag under way. */
export interface CardWiring {
  menuOf: (bed: BoardBed) => BedMenuItem[];
  onMenu: (item: BedMenuItem, bed: BoardBed) => void;
  dragOf: (bed: BoardBed) => CardDrag;
}

const cardWidth = 212;

/**
 * One ward: its name and occupancy, then its rooms, each a box of bed cards. Rooms and cards
 * wrap, so a tablet shows two or three cards a row and a wide screen a whole bay.
 */
export function WardSection(props: {
  ward: BoardWard;
  /** The ward's beds in scope (before the state filter), for its occupancy line. */
  scoped: BoardWard;
  timeZone: string;
  wiring: CardWiring;
}) {
  const { t } = useTranslation();
  const { ward, scoped, wiring } = props;
  const headingId = `ward-${ward.id}`;
  const occupied = scoped.beds.filter((b) => b.state === 'occupied').length;
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Group gap="sm" mb="xs" align="baseline" wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {ward.name}
        </Title>
        <Badge variant="outline" color="gray" size="sm">
          {ward.code}
        </Badge>
        <Text size="sm" c="dimmed">
          {t('beds:ward.occupancy', { occupied, beds: scoped.beds.length })}
        </Text>
      </Group>
      {ward.beds.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('beds:ward.noBeds')}
        </Text>
      ) : (
        <Group gap="sm" align="stretch">
          {roomsOf(ward.beds).map((room) => (
            <Paper key={room.roomId} bg="var(--mantine-color-gray-0)" p="xs" withBorder>
              <Stack gap={6}>
                <Text size="xs" fw={700} c="dimmed">
                  {t(
                    room.sexRestriction === 'female'
                      ? 'beds:ward.roomFemale'
                      : room.sexRestriction === 'male'
                        ? 'beds:ward.roomMale'
                        : 'beds:ward.room',
                    { code: room.roomCode },
                  )}
                </Text>
                <Group gap="xs" align="stretch">
                  {room.beds.map((bed) => (
                    <Box key={bed.id} w={cardWidth}>
                      <BedCard
                        bed={bed}
                        timeZone={props.timeZone}
                        menu={wiring.menuOf(bed)}
                        onMenu={wiring.onMenu}
                        drag={wiring.dragOf(bed)}
                      />
                    </Box>
                  ))}
                </Group>
              </Stack>
            </Paper>
          ))}
        </Group>
      )}
    </Box>
  );
}
