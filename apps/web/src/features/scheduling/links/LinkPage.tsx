import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconHeartbeat,
  IconWifiOff,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { LinkView } from '@meridian/contracts';
import { usePageTitle } from '../../../app/shell/usePageTitle';
import { formatDateTime } from '../../../ui/format';
import { LinkDetails } from './LinkDetails';
import { linkProblemOf, stateKey, type LinkProblem } from './link-state';
import { useLinkAction, useLinkView, type LinkAction } from './links.api';

/**
 * /r/:token: what a patient opens from a reminder or a waitlist offer, on a phone, without
 * signing in. Shows the appointment and the answers the link still allows, as big buttons;
 * cancelling or declining asks once more. No staff navigation here.
 */
export function LinkPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation('links');
  usePageTitle(t('title'));
  const view = useLinkView(token);
  const act = useLinkAction(token);
  const [answered, setAnswered] = useState<LinkAction | null>(null);

  const answer = (action: LinkAction) => {
    setAnswered(null);
    act.mutate(action, {
      onSuccess: () => setAnswered(action),
      // The appointment moved on elsewhere: show where it stands now.
      onError: (error) => {
        const problem = linkProblemOf(error);
        if (problem === 'unavailable' || problem === 'not_allowed') void view.refetch();
      },
    });
  };

  let content: ReactNode;
  if (view.isPending) {
    content = (
      <Group role="status" gap="sm" justify="center" py="xl">
        <Loader size="sm" aria-hidden />
        <Text>{t('loading')}</Text>
      </Group>
    );
  } else if (view.error) {
    const problem = linkProblemOf(view.error);
    content = (
      <ProblemPanel
        problem={problem}
        {...(problem === 'failed' ? { onRetry: () => void view.refetch() } : {})}
      />
    );
  } else {
    const actProblem = act.error ? linkProblemOf(act.error) : null;
    const lastAction = act.variables;
    content =
      actProblem === 'invalid' || actProblem === 'expired' ? (
        <ProblemPanel problem={actProblem} />
      ) : (
        <Stack gap="md">
          {actProblem ? (
            <ProblemPanel
              problem={actProblem}
              compact
              {...(actProblem === 'failed' && lastAction
                ? { onRetry: () => answer(lastAction) }
                : {})}
            />
          ) : null}
          <LinkCard
            view={view.data}
            answered={answered}
            pending={act.isPending ? act.variables : null}
            onAnswer={answer}
          />
        </Stack>
      );
  }
  return <LinkFrame>{content}</LinkFrame>;
}

/** The page around the content: the hospital's name, nothing to navigate to. */
function LinkFrame(props: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" bg="gray.0">
      <Box
        component="header"
        bg="white"
        px="md"
        py="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group gap={8} wrap="nowrap" maw={560} mx="auto">
          <ThemeIcon size={30} radius="md" aria-hidden>
            <IconHeartbeat size={20} />
          </ThemeIcon>
          <Text fw={700} size="lg">
            {t('common:appName')}
          </Text>
        </Group>
      </Box>
      <Container component="main" size={560} px="md" py="lg">
        {props.children}
      </Container>
    </Box>
  );
}

const problemIcon: Record<LinkProblem, typeof IconAlertTriangle> = {
  invalid: IconAlertTriangle,
  expired: IconAlertTriangle,
  unavailable: IconAlertTriangle,
  not_allowed: IconAlertTriangle,
  failed: IconWifiOff,
};

/**
 * Why the link cannot be used (or the answer did not go through). As the page's heading
 * when there is nothing else to show; `compact` as an alert above the appointment.
 */
function ProblemPanel(props: { problem: LinkProblem; compact?: boolean; onRetry?: () => void }) {
  const { t } = useTranslation('links');
  const Icon = problemIcon[props.problem];
  const color = props.problem === 'failed' ? 'orange' : 'red';
  const title = t(`problem.${props.problem}.title`);
  const body = (
    <Stack gap="sm" align="stretch">
      <Text>{t(`problem.${props.problem}.body`)}</Text>
      {props.onRetry ? (
        <Button size="lg" variant="light" color={color} onClick={props.onRetry}>
          {t('retry')}
        </Button>
      ) : null}
    </Stack>
  );
  if (props.compact) {
    return (
      <Alert color={color} role="alert" title={title} icon={<Icon size={20} aria-hidden />}>
        {body}
      </Alert>
    );
  }
  return (
    <Paper withBorder radius="md" p="lg" role="alert">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon color={color} variant="light" size={36} radius="xl" aria-hidden>
            <Icon size={22} />
          </ThemeIcon>
          <Title order={1} size="h3">
            {title}
          </Title>
        </Group>
        {body}
      </Stack>
    </Paper>
  );
}

const goodStates = new Set(['reminder.confirmed', 'offer.accepted']);

function LinkCard(props: {
  view: LinkView;
  answered: LinkAction | null;
  pending: LinkAction | null;
  onAnswer: (action: LinkAction) => void;
}) {
  const { t } = useTranslation('links');
  const { view } = props;
  const key = stateKey(view);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // After an answer, the new headline is where the patient reads on.
  useEffect(() => {
    if (props.answered) headingRef.current?.focus();
  }, [props.answered]);
  const isOpen = view.actions.length > 0;
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {goodStates.has(key) ? (
            <ThemeIcon color="green" variant="light" size={36} radius="xl" aria-hidden>
              <IconCircleCheck size={22} />
            </ThemeIcon>
          ) : null}
          <Title order={1} size="h3" ref={headingRef} tabIndex={-1}>
            {t(`state.${key}`)}
          </Title>
        </Group>
        {/* Focus moves to the new headline; the alert adds what happens next. */}
        {props.answered ? (
          <Alert color="green" variant="light" role="status">
            <Text>{t(`done.${props.answered}`)}</Text>
          </Alert>
        ) : null}
        {isOpen && !props.answered && (view.status === 'booked' || view.status === 'open') ? (
          <Text c="dimmed">{t(view.purpose === 'reminder' ? 'hint.reminder' : 'hint.offer')}</Text>
        ) : null}
        <LinkDetails view={view} />
        {isOpen ? (
          <LinkActions actions={view.actions} pending={props.pending} onAnswer={props.onAnswer} />
        ) : null}
        {isOpen ? (
          <Text size="sm" c="dimmed">
            {t('expiresAt', { time: formatDateTime(view.expiresAt, view.timeZone) })}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The answers still open: the positive one first; cancel and decline ask once more. */
function LinkActions(props: {
  actions: LinkAction[];
  pending: LinkAction | null;
  onAnswer: (action: LinkAction) => void;
}) {
  const { t } = useTranslation('links');
  const [asking, setAsking] = useState<'cancel' | 'decline' | null>(null);
  const questionRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);
  const isBusy = props.pending !== null;

  if (asking && props.actions.includes(asking)) {
    return (
      <Paper withBorder radius="md" p="md" bg="red.0">
        <Stack gap="sm">
          <Title order={2} size="h4" ref={questionRef} tabIndex={-1}>
            {t(`ask.${asking}`)}
          </Title>
          <Text>{t(`ask.${asking}Body`)}</Text>
          <Button
            size="lg"
            color="red.9"
            fullWidth
            loading={props.pending === asking}
            onClick={() => props.onAnswer(asking)}
          >
            {t(`ask.${asking}Yes`)}
          </Button>
          <Button
            size="lg"
            variant="default"
            fullWidth
            disabled={isBusy}
            onClick={() => setAsking(null)}
          >
            {t('ask.keep')}
          </Button>
        </Stack>
      </Paper>
    );
  }
  const positive = props.actions.filter((a) => a === 'confirm' || a === 'accept');
  const negative = props.actions.filter(
    (a): a is 'cancel' | 'decline' => a === 'cancel' || a === 'decline',
  );
  return (
    <Stack gap="sm">
      {positive.map((action) => (
        <Button
          key={action}
          size="lg"
          fullWidth
          loading={props.pending === action}
          disabled={isBusy && props.pending !== action}
          onClick={() => props.onAnswer(action)}
        >
          {t(`actions.${action}`)}
        </Button>
      ))}
      {negative.map((action) => (
        <Button
          key={action}
          size="lg"
          fullWidth
          variant="outline"
          color="red.9"
          disabled={isBusy}
          onClick={() => setAsking(action)}
        >
          {t(`actions.${action}`)}
        </Button>
      ))}
    </Stack>
  );
}
