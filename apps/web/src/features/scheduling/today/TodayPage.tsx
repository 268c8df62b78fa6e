import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function TodayPage() {
  const { t } = useTranslation('visits');
  return <PageHeader title={t('today.title')} />;
}
