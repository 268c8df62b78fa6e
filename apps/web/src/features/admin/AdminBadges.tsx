import { Badge, Group } from '@mantine/core';
import type { MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roleRequiresMfa } from '@meridian/contracts';
import type { Role, User } from '@meridian/contracts';

export function RoleBadges(props: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {props.roles.map((role) => (
        <Badge key={role} variant="light" color={role === 'admin' ? 'grape' : 'blue'} size="sm">
          {t(`admin:roles.${role}`)}
        </Badge>
      ))}
    </Group>
  );
}

const statusColors: Record<string, MantineColor> = {
  // users
  active: 'green',
  disabled: 'gray',
  // audit outcomes
  success: 'green',
  failure: 'orange',
  denied: 'red',
  // outbox messages
  pending: 'blue',
  sent: 'green',
  failed: 'orange',
  dead: 'red',
};

/**
 * A status as a coloured badge with its translated label. `group` is the catalogue section
 * (`userStatus`, `outcome`, `messageStatus`) so the same word may read differently per area.
 */
export function StatusBadge(props: {
  group: 'userStatus' | 'outcome' | 'messageStatus';
  value: string;
}) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColors[props.value] ?? 'gray'} size="sm">
      {t(`admin:${props.group}.${props.value}`)}
    </Badge>
  );
}

export function ActiveBadge(props: { isActive: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={props.isActive ? 'green' : 'gray'} size="sm">
      {props.isActive ? t('admin:common.active') : t('admin:common.inactive')}
    </Badge>
  );
}

/** Enrolled, not set up, or not set up although the user's role requires it (a warning). */
export function MfaBadge(props: { user: Pick<User, 'mfaEnrolled' | 'roles'> }) {
  const { t } = useTranslation();
  if (props.user.mfaEnrolled) {
    return (
      <Badge color="green" variant="light" size="sm">
        {t('admin:mfa.enrolled')}
      </Badge>
    );
  }
  return roleRequiresMfa(props.user.roles) ? (
    <Badge color="orange" variant="light" size="sm">
      {t('admin:mfa.requiredNotEnrolled')}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" size="sm">
      {t('admin:mfa.notEnrolled')}
    </Badge>
  );
}
