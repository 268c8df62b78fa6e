import { useEffect, useEffectEvent, useState } from 'react';
import { bedBoardEvent, type BedBoardEvent } from '@meridian/contracts';

/** The stream's state, for a "live" / "reconnecting" indicator. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * After the server refused the stream outright (the browser then stops retrying, e.g. on a
 * 5xx from a restarting instance), wait this long and open a new one.
 */
const reopenAfterMs = 5_000;

/**
 * Listens to the facility's bed changes (GET /api/v1/bed-board/events, `event: beds`), as
 * the board and the housekeeping list do. `onEvent` gets each change (ids only: refetch
 * what it names); `onReconnect` runs when the stream comes back after a drop, since changes
 * made meanwhile were not sent. The browser's EventSource reconnects by itself after a drop;
 * a stream it gave up on is reopened here. Returns the stream's state.
 */
export function useBedBoardEvents(
  facilityId: string | null | undefined,
  onEvent: (event: BedBoardEvent) => void,
  onReconnect?: () => void,
  /** The board's stream (admission.read) or housekeeping's (bed.housekeeping): same events. */
  stream: 'board' | 'housekeeping' = 'board',
): LiveStatus {
  const emit = useEffectEvent((event: BedBoardEvent) => onEvent(event));
  const reconnected = useEffectEvent(() => onReconnect?.());
  // Tagged with the facility, so another facility's stream starts as "connecting".
  const [state, setState] = useState<{ facilityId: string; status: LiveStatus } | null>(null);

  useEffect(() => {
    if (!facilityId || typeof EventSource === 'undefined') return;
    const path =
      stream === 'board' ? '/api/v1/bed-board/events' : '/api/v1/bed-board/housekeeping/events';
    const url = `${path}?facilityId=${encodeURIComponent(facilityId)}`;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let hasDropped = false;
    const onBeds = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = bedBoardEvent.safeParse(data);
      if (parsed.success) emit(parsed.data);
    };
    const onOpen = () => {
      setState({ facilityId, status: 'live' });
      if (hasDropped) reconnected();
      hasDropped = false;
    };
    const onError = () => {
      hasDropped = true;
      setState({ facilityId, status: 'reconnecting' });
      if (source?.readyState === EventSource.CLOSED) {
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(open, reopenAfterMs);
      }
    };
    function open() {
      source?.close();
      source = new EventSource(url, { withCredentials: true });
      source.addEventListener('beds', onBeds);
      source.addEventListener('open', onOpen);
      source.addEventListener('error', onError);
    }
    open();
    return () => {
      clearTimeout(reopenTimer);
      source?.close();
    };
  }, [facilityId, stream]);

  return state && state.facilityId === facilityId ? state.status : 'connecting';
}
