import { Badge, Button, Group, Menu, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { MantineColor } from '@mantine/core';
import { IconChevronDown, IconEdit, IconId } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Coverage } from '@meridian/contracts';
import { formatDate } from '../../ui/format';
import type { EndStatus } from './CoverageStatusModal';

/** What the reader should know at a glance: in force, not yet, ended, cancelled, in error. */
export type CoverageState = 'active' | 'future' | 'ended' | 'cancelled' | 'entered_in_error';

export function coverageState(c: Coverage, today: string): CoverageState {
  if (c.status !== 'active') return c.status;
  if (c.effectiveTo !== null && c.effectiveTo < today) return 'ended';
  if (c.effectiveFrom > today) return 'future';
  return 'active';
}

const stateColors: Record<CoverageState, MantineColor> = {
  active: 'green',
  future: 'blue',
  ended: 'gray',
  cancelled: 'orange',
  entered_in_error: 'red',
};

const priorityColors: Record<Coverage['priority'], MantineColor> = {
  // Filled badges need a shade that keeps white text above AA: cyan and teal do not.
  primary: 'indigo',
  secondary: 'grape',
  tertiary: 'dark',
};

/** A calendar date (YYYY-MM-DD) for people; parsed as UTC so no zone shifts the day. */
function day(iso: string | null): string {
  return iso ? formatDate(`${iso}T00:00:00Z`, 'UTC') : '';
}

function Detail(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm">{props.children}</Text>
    </div>
  );
}

function SubscriberText(props: { coverage: Coverage }) {
  const { t } = useTranslation();
  const { coverage } = props;
  const s = coverage.subscriber;
  if (coverage.subscriberRelationship === 'self' || !s)
    return <>{t('coverage:relationship.self')}</>;
  const name = [s.name.given, s.name.middle, s.name.family].filter(Boolean).join(' ');
  return (
    <>
      {t('coverage:item.subscriberLine', {
        name,
        relationship: t(`coverage:relationship.${coverage.subscriberRelationship}`),
        birthDate: day(s.birthDate),
      })}
    </>
  );
}

/** One coverage as a card: payer and plan, member and group, subscriber, dates, state. */
export function CoverageItem(props: {
  coverage: Coverage;
  today: string;
  canEdit: boolean;
  onEdit: () => void;
  onCards: () => void;
  onEnd: (status: EndStatus) => void;
}) {
  const { t } = useTranslation();
  const { coverage: c } = props;
  const state = coverageState(c, props.today);
  const isLive = c.status === 'active';
  const titleId = `coverage-${c.id}-title`;

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge color={priorityColors[c.priority]} variant="filled" size="sm">
                {t(`coverage:priority.${c.priority}`)}
              </Badge>
              <Badge color={stateColors[state]} variant="light" size="sm">
                {t(`coverage:state.${state}`)}
              </Badge>
            </Group>
            <Title order={3} size="h4" id={titleId}>
              {c.payer.name}
            </Title>
            <Text size="sm" c="dimmed">
              {c.plan
                ? `${c.plan.name} · ${t(`coverage:planTypes.${c.plan.type}`)}`
                : t('coverage:item.noPlan')}
              {' · '}
              <Text span ff="monospace" size="sm">
                {c.payer.payerId}
              </Text>
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconId size={14} aria-hidden />}
              onClick={props.onCards}
              aria-label={t('coverage:item.cardsOf', { payer: c.payer.name })}
            >
              {t('coverage:item.cards')}
              {c.hasCardFront || c.hasCardBack
                ? ` (${Number(c.hasCardFront) + Number(c.hasCardBack)})`
                : ''}
            </Button>
            {props.canEdit && isLive ? (
              <>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  leftSection={<IconEdit size={14} aria-hidden />}
                  onClick={props.onEdit}
                  aria-label={t('coverage:item.editOf', { payer: c.payer.name })}
                >
                  {t('coverage:item.edit')}
                </Button>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      rightSection={<IconChevronDown size={14} aria-hidden />}
                      aria-label={t('coverage:item.endOf', { payer: c.payer.name })}
                    >
                      {t('coverage:item.end')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => props.onEnd('cancelled')}>
                      {t('coverage:status.title.cancelled')}
                    </Menu.Item>
                    <Menu.Item color="red" onClick={() => props.onEnd('entered_in_error')}>
                      {t('coverage:status.title.entered_in_error')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </>
            ) : null}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Detail label={t('coverage:form.memberId')}>
            <Text span ff="monospace" size="sm">
              {c.memberId}
            </Text>
          </Detail>
          <Detail label={t('coverage:form.groupNumber')}>{c.groupNumber ?? '—'}</Detail>
          <Detail label={t('coverage:item.subscriber')}>
            <SubscriberText coverage={c} />
          </Detail>
          <Detail label={t('coverage:item.effective')}>
            {c.effectiveTo
              ? t('coverage:item.dateRange', { from: day(c.effectiveFrom), to: day(c.effectiveTo) })
              : t('coverage:item.dateOpen', { from: day(c.effectiveFrom) })}
          </Detail>
        </SimpleGrid>
        {c.statusReason ? (
          <Text size="sm" c="dimmed">
            {t('coverage:item.reason', { reason: c.statusReason })}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
