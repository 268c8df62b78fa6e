import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput with a show/hide toggle whose name does not contain "password":
 * the default ("Toggle password visibility") made "Password" match two elements for screen
 * reader users' label search and for browser tests alike.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      {...props}
      visibilityToggleButtonProps={{
        'aria-label': t('common:showTyped'),
        ...props.visibilityToggleButtonProps,
      }}
    />
  );
}
