import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { roleRequiresMfa, type Me } from '@meridian/contracts';
import { authApi } from '../../app/auth/auth.api';
import { useRefreshMe } from '../../app/auth/useMe';
import { MfaEnrolment } from '../auth/MfaEnrolment';
import { RecoveryCodes } from '../auth/RecoveryCodes';
import { ConfirmSecurityModal } from './ConfirmSecurityModal';

type Dialog = 'regenerate' | 'disable' | null;

/** Two-factor authentication: status, set up, new recovery codes, turn off. */
export function TwoFactorSection(props: { me: Me }) {
  const { t } = useTranslation();
  const refreshMe = useRefreshMe();
  const { me } = props;
  const isRequired = roleRequiresMfa(me.roles);
  const [isEnrolling, setIsEnrolling] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const enrolled = me.user.mfaEnrolled;
  const enrolHeading = useRef<HTMLHeadingElement>(null);
  // The setup opens below the fold on a tablet: bring it into view and to the reader.
  useEffect(() => {
    if (isEnrolling) enrolHeading.current?.focus();
  }, [isEnrolling]);
  return (
    <Card>
      <Stack gap="md">
        <Group justify="space-between" align="center" wrap="wrap" gap="xs">
          <Title order={2} size="h3">
            {t('account:mfa.title')}
          </Title>
          <Badge
            variant="light"
            color={enrolled ? 'meridian' : 'gray'}
            leftSection={enrolled ? <IconShieldCheck size={14} aria-hidden /> : null}
          >
            {enrolled ? t('account:mfa.on') : t('account:mfa.off')}
          </Badge>
        </Group>
        <Text size="sm">{enrolled ? t('account:mfa.onBody') : t('account:mfa.offBody')}</Text>

        {!enrolled && !isEnrolling ? (
          <Group>
            <Button
              leftSection={<IconShieldCheck size={18} aria-hidden />}
              onClick={() => setIsEnrolling(true)}
            >
              {t('account:mfa.setUp')}
            </Button>
          </Group>
        ) : null}
        {!enrolled && isEnrolling ? (
          <Stack gap="sm">
            <Title order={3} size="h4" ref={enrolHeading} tabIndex={-1}>
              {t('auth:enrol.title')}
            </Title>
            <MfaEnrolment onEnrolled={setCodes} />
            <Group>
              <Button variant="subtle" onClick={() => setIsEnrolling(false)}>
                {t('common:cancel')}
              </Button>
            </Group>
          </Stack>
        ) : null}

        {enrolled ? (
          <Stack gap="sm">
            <Group gap="sm">
              <Button
                variant="default"
                leftSection={<IconKey size={18} aria-hidden />}
                onClick={() => setDialog('regenerate')}
              >
                {t('account:mfa.regenerate')}
              </Button>
              {isRequired ? null : (
                <Button
                  variant="default"
                  color="red"
                  leftSection={<IconShieldOff size={18} aria-hidden />}
                  onClick={() => setDialog('disable')}
                >
                  {t('account:mfa.disable')}
                </Button>
              )}
            </Group>
            {isRequired ? (
              <Text size="sm" c="dimmed">
                {t('account:mfa.required')}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Stack>

      <ConfirmSecurityModal
        opened={dialog === 'regenerate'}
        onClose={() => setDialog(null)}
        title={t('account:mfa.regenerateTitle')}
        submitLabel={t('account:mfa.regenerateSubmit')}
        action={(password) => authApi.regenerateRecoveryCodes({ password })}
        onDone={(result) => {
          setDialog(null);
          setCodes(result.recoveryCodes);
        }}
      >
        <Text size="sm">{t('account:mfa.regenerateBody')}</Text>
      </ConfirmSecurityModal>

      <ConfirmSecurityModal
        opened={dialog === 'disable'}
        onClose={() => setDialog(null)}
        title={t('account:mfa.disableTitle')}
        submitLabel={t('account:mfa.disableSubmit')}
        danger
        action={(password) => authApi.disableMfa({ password })}
        onDone={(body) => {
          setDialog(null);
          void refreshMe(body);
          notifications.show({ message: t('account:mfa.disabled') });
        }}
      >
        <Text size="sm">{t('account:mfa.disableBody')}</Text>
      </ConfirmSecurityModal>

      <Modal
        opened={codes !== null}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnEscape={false}
        closeOnClickOutside={false}
        title={t('auth:recovery.title')}
        size="lg"
      >
        {codes ? (
          <RecoveryCodes
            codes={codes}
            email={me.user.email}
            onDone={() => {
              setCodes(null);
              setIsEnrolling(false);
              void refreshMe();
            }}
          />
        ) : null}
      </Modal>
    </Card>
  );
}
