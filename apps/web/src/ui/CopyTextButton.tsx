import { useEffect, useState } from 'react';
import { Button, type ButtonProps } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { copyText } from './clipboard';

/** A button that copies `text` and says so for a moment ("Copied"), politely announced. */
export function CopyTextButton(
  props: { text: string; label: string } & Pick<ButtonProps, 'size' | 'variant'>,
) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <Button
      size={props.size ?? 'sm'}
      variant={props.variant ?? 'default'}
      leftSection={
        state === 'copied' ? (
          <IconCheck size={16} aria-hidden />
        ) : (
          <IconCopy size={16} aria-hidden />
        )
      }
      onClick={() => void copyText(props.text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      <span aria-live="polite">
        {state === 'copied'
          ? t('common:copied')
          : state === 'failed'
            ? t('common:copyFailed')
            : props.label}
      </span>
    </Button>
  );
}
