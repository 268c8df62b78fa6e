import { useCallback, useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { serverNow } from '../api';
import { useAuth } from '../auth/AuthContext';
import { authApi } from '../auth/auth.api';
import {
  lastSessionActivityAt,
  onOtherTabActivity,
  serverTouchIntervalMs,
} from '../auth/session-activity';
import { useMe } from '../auth/useMe';
import { formatCountdown, formatTime } from '../../ui/format';

/** How long before idle expiry the warning appears. */
export const expiryWarningMs = 2 * 60 * 1000;

/**
 * Warns two minutes before the session's idle expiry and returns to sign-in when it passes.
 * The expiry comes from `me`; calls made since `me` was fetched (in any tab) also kept the
 * session alive, so before warning it asks `me` again rather than warn a working user.
 * Nothing here polls: an idle session is left to expire. Times are the server's (`serverNow`).
 */
export function SessionExpiryWatcher() {
  const { t } = useTranslation();
  const { me, dataUpdatedAt, refetch } = useMe();
  const { endSession, signOut } = useAuth();
  // The expiry (ms) the warning is showing for; a fresh `me` with a later one hides it.
  const [warnedFor, setWarnedFor] = useState<number | null>(null);
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);
  const [now, setNow] = useState(serverNow);
  const [isExtending, setIsExtending] = useState(false);

  const idleExpiresAt = me ? Date.parse(me.session.idleExpiresAt) : Number.POSITIVE_INFINITY;
  const absoluteExpiresAt = me
    ? Date.parse(me.session.absoluteExpiresAt)
    : Number.POSITIVE_INFINITY;
  // At the 12-hour limit the idle expiry is capped by the absolute one; staying is no use.
  const isAbsoluteLimit = absoluteExpiresAt - idleExpiresAt < 1000;
  const isWarning = warnedFor === idleExpiresAt && dismissedFor !== idleExpiresAt;

  const keptAliveElsewhere = useCallback(
    () => !isAbsoluteLimit && lastSessionActivityAt() - dataUpdatedAt >= serverTouchIntervalMs,
    [dataUpdatedAt, isAbsoluteLimit],
  );

  const expire = useCallback(() => {
    // Tricky: end the session on the server too. If this clock runs ahead of the server's,
    // the session would otherwise live on for a moment after the screen said it ended.
    void authApi.logout().catch(() => undefined);
    endSession('auth.session_expired');
  }, [endSession]);

  // Schedule the warning and the expiry from the latest `me`.
  useEffect(() => {
    if (!Number.isFinite(idleExpiresAt)) return;
    const warn = setTimeout(
      () => {
        if (keptAliveElsewhere()) {
          void refetch();
          return;
        }
        setNow(serverNow());
        setWarnedFor(idleExpiresAt);
      },
      Math.max(0, idleExpiresAt - expiryWarningMs - serverNow()),
    );
    const end = setTimeout(
      () => {
        if (keptAliveElsewhere()) void refetch();
        else expire();
      },
      Math.max(0, idleExpiresAt - serverNow()),
    );
    return () => {
      clearTimeout(warn);
      clearTimeout(end);
    };
  }, [idleExpiresAt, keptAliveElsewhere, refetch, expire]);

  // While warning: tick the countdown, and learn at once if another tab stays signed in.
  useEffect(() => {
    if (!isWarning) return;
    const tick = setInterval(() => setNow(serverNow()), 1000);
    const stop = onOtherTabActivity(() => {
      if (keptAliveElsewhere()) void refetch();
    });
    return () => {
      clearInterval(tick);
      stop();
    };
  }, [isWarning, keptAliveElsewhere, refetch]);

  const staySignedIn = async () => {
    setIsExtending(true);
    try {
      await refetch(); // fetching `me` extends the session; the new expiry reschedules
    } finally {
      setIsExtending(false);
    }
  };

  if (!me) return null;
  const minutes = Math.round(me.session.idleTimeoutSeconds / 60);
  return (
    <Modal
      opened={isWarning}
      onClose={() => (isAbsoluteLimit ? setDismissedFor(idleExpiresAt) : void staySignedIn())}
      title={t('shell:expiry.title')}
      closeOnClickOutside={false}
      withCloseButton={false}
      size="md"
    >
      <Stack gap="md">
        <Text>
          {isAbsoluteLimit
            ? t('shell:expiry.absoluteBody', {
                time: formatTime(me.session.absoluteExpiresAt),
              })
            : t('shell:expiry.idleBody', { count: minutes })}
        </Text>
        <Text fw={600} size="lg">
          {t('shell:expiry.countdownLabel')}{' '}
          <span role="timer" aria-live="off" data-testid="session-countdown">
            {formatCountdown(idleExpiresAt - now)}
          </span>
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => void signOut()}>
            {t('shell:userMenu.signOut')}
          </Button>
          {isAbsoluteLimit ? (
            <Button onClick={() => setDismissedFor(idleExpiresAt)} data-autofocus>
              {t('shell:expiry.dismiss')}
            </Button>
          ) : (
            <Button onClick={() => void staySignedIn()} loading={isExtending} data-autofocus>
              {t('shell:expiry.stay')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
