import { useState } from 'react';
import { Alert, Anchor, Button, Center, CloseButton, Group, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BedBoard, BedState, BoardBed } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { describeStayError } from '../stays/stay-errors';
import { formatTime } from '../../../ui/format';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { notifyDone } from '../../coverage/notify';
import { CensusSummary } from '../census/CensusSummary';
import { bedMenuItems, type BedMenuItem } from './bed-menu';
import { useBedBoard, useChangeBedState, useLiveBoard } from './board.api';
import {
  countByState,
  filtersFromParams,
  findBed,
  isMovable,
  isMoveTarget,
  scopedWards,
  shownWards,
  withParam,
  type BoardFilters,
} from './board-view';
import { BlockBedDialog } from './BlockBedDialog';
import { BoardFilterBar, StateLegend } from './BoardFilters';
import { LiveIndicator } from './LiveIndicator';
import { StayDialogs, type StayRequest } from './StayDialogs';
import { TransferDialog, type TransferRequest } from './TransferDialog';
import { WardSection, type CardWiring } from './WardSection';

type Facility = ReturnType<typeof useSignedInMe>['facilities'][number];

/**
 * /beds: the live bed board of the current facility. Per ward a grid of bed cards by room,
 * filtered by ward, state (the legend) and bed attributes, all kept in the URL. Cards drag
 * onto free beds to move a patient; each card's menu offers what its state and the user's
 * permissions allow. Every change anywhere arrives over Server-Sent Events.
 */
export function BedBoardPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const facility = me.facilities.find((f) => f.id === me.currentFacilityId) ?? null;
  if (!facility) {
    return (
      <>
        <PageHeader title={t('beds:title')} />
        <Text c="dimmed">{t('beds:noFacility')}</Text>
      </>
    );
  }
  // Keyed: another facility is another board, with its own stream and dialogs.
  return <FacilityBoard key={facility.id} facility={facility} />;
}

function FacilityBoard(props: { facility: Facility }) {
  const { t } = useTranslation();
  const { facility } = props;
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const board = useBedBoard(facility.id);
  const live = useLiveBoard(facility.id);

  const setParam = (name: 'ward' | 'state' | 'attribute', values: readonly string[]) =>
    setParams((prev) => withParam(prev, name, values), { replace: true });
  const toggleState = (state: BedState) =>
    setParam(
      'state',
      filters.states.includes(state)
        ? filters.states.filter((s) => s !== state)
        : [...filters.states, state],
    );

  return (
    <Stack gap="md">
      <PageHeader
        title={t('beds:title')}
        description={t('beds:description', { facility: facility.name })}
        actions={
          <>
            <LiveIndicator status={live} />
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden />}
              onClick={() => void board.refetch()}
              loading={board.isFetching && !board.isPending}
            >
              {t('beds:refresh')}
            </Button>
          </>
        }
      />
      <QueryState query={board}>
        {(data) => (
          <BoardContent
            board={data}
            facility={facility}
            filters={filters}
            updatedAt={board.dataUpdatedAt}
            onWard={(wardId) => setParam('ward', [wardId])}
            onAttributes={(attributes) => setParam('attribute', attributes)}
            onToggleState={toggleState}
            onClear={() => setParams(new URLSearchParams(), { replace: true })}
          />
        )}
      </QueryState>
      <CensusSummary facilityId={facility.id} />
    </Stack>
  );
}

function BoardContent(props: {
  board: BedBoard;
  facility: Facility;
  filters: BoardFilters;
  updatedAt: number;
  onWard: (wardId: string) => void;
  onAttributes: (attributes: string[]) => void;
  onToggleState: (state: BedState) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const { board, filters } = props;
  const actions = useBoardActions(board);
  if (board.wards.length === 0) return <NoWards />;

  const scoped = scopedWards(board, filters);
  const shown = shownWards(scoped, filters.states);
  const hasBeds = shown.some((w) => w.beds.length > 0);
  return (
    <Stack gap="md">
      <BoardFilterBar
        wards={board.wards}
        filters={filters}
        onWard={props.onWard}
        onAttributes={props.onAttributes}
        onClear={props.onClear}
      />
      <StateLegend
        counts={countByState(scoped)}
        selected={filters.states}
        onToggle={props.onToggleState}
      />
      {actions.failure ? (
        <Alert color="red" role="alert" title={t('beds:changeFailed')}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm">{actions.failure}</Text>
            <CloseButton aria-label={t('common:close')} onClick={actions.dismissFailure} />
          </Group>
        </Alert>
      ) : null}
      {hasBeds ? (
        shown.map((ward, i) => (
          <WardSection
            key={ward.id}
            ward={ward}
            scoped={scoped[i] ?? ward}
            timeZone={props.facility.timeZone}
            wiring={actions.wiring}
          />
        ))
      ) : (
        <Center py="xl">
          <Text c="dimmed">{t('beds:empty.filtered')}</Text>
        </Center>
      )}
      <Text size="xs" c="dimmed">
        {t('beds:updatedAt', {
          time: formatTime(new Date(props.updatedAt), props.facility.timeZone),
        })}
      </Text>
      <TransferDialog
        request={actions.transfer}
        board={board}
        onClose={actions.closeTransfer}
        onMoved={actions.onMoved}
      />
      <BlockBedDialog
        bed={actions.blockBed}
        timeZone={props.facility.timeZone}
        onClose={actions.closeBlock}
        onBlocked={actions.onBlocked}
      />
      <StayDialogs
        facilityId={props.facility.id}
        request={actions.stayRequest}
        onClose={actions.closeStay}
      />
    </Stack>
  );
}

/** "No wards yet": admins get the way to set them up, others whom to ask. */
function NoWards() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Stack align="center" py="xl" gap="xs">
      <Text fw={600}>{t('beds:empty.noWards')}</Text>
      {can('ward.manage') ? (
        <Anchor component={Link} to="/admin/wards">
          {t('beds:empty.setUp')}
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          {t('beds:empty.askAdmin')}
        </Text>
      )}
    </Stack>
  );
}

/** The board's dialogs, the drag under way and the direct bed steps, with their outcome. */
function useBoardActions(board: BedBoard) {
  const { t } = useTranslation();
  const can = useCan();
  const change = useChangeBedState();
  const [dragged, setDragged] = useState<BoardBed | null>(null);
  const [transfer, setTransfer] = useState<TransferRequest | null>(null);
  const [blockBed, setBlockBed] = useState<BoardBed | null>(null);
  const [stayRequest, setStayRequest] = useState<StayRequest | null>(null);
  const canMove = can('admission.write');

  const startTransfer = (from: BoardBed, toBedId: string | null) => {
    const found = findBed(board, from.id);
    if (found) setTransfer({ from: found, toBedId });
  };
  const onMenu = (item: BedMenuItem, bed: BoardBed) => {
    change.reset();
    const stayId = bed.occupant?.stayId;
    if (item === 'admit') setStayRequest({ kind: 'admit', bed });
    else if (item === 'open_stay' && stayId) setStayRequest({ kind: 'open', stayId });
    else if (item === 'discharge' && stayId) setStayRequest({ kind: 'discharge', stayId });
    else if (item === 'move') startTransfer(bed, null);
    else if (item === 'block') setBlockBed(bed);
    else if (item !== 'open_stay' && item !== 'discharge') {
      change.mutate(
        { bed, body: { action: item } },
        { onSuccess: () => notifyDone(t(`beds:done.${item}`, { bed: bed.code })) },
      );
    }
  };
  const wiring: CardWiring = {
    menuOf: (bed) => bedMenuItems(bed, can),
    onMenu,
    dragOf: (bed) => ({
      isDraggable: canMove && isMovable(bed),
      isDropTarget: dragged !== null && dragged.id !== bed.id && isMoveTarget(bed),
      isDragged: dragged?.id === bed.id,
      onDragStart: setDragged,
      onDragEnd: () => setDragged(null),
      onDrop: (target) => {
        if (dragged) startTransfer(dragged, target.id);
        setDragged(null);
      },
    }),
  };
  return {
    wiring,
    failure: change.error ? describeStayError(change.error) : null,
    dismissFailure: () => change.reset(),
    transfer,
    closeTransfer: () => setTransfer(null),
    onMoved: (bedCode: string) => {
      setTransfer(null);
      notifyDone(t('beds:done.transfer', { bed: bedCode }));
    },
    blockBed,
    closeBlock: () => setBlockBed(null),
    onBlocked: (bed: BoardBed) => {
      setBlockBed(null);
      notifyDone(t('beds:done.block', { bed: bed.code }));
    },
    stayRequest,
    closeStay: () => setStayRequest(null),
  };
}
