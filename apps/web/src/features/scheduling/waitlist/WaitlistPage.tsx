import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function WaitlistPage() {
  const { t } = useTranslation('waitlist');
  return <PageHeader title={t('title')} />;
}
