import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function CalendarPage() {
  const { t } = useTranslation('calendar');
  return <PageHeader title={t('title')} />;
}
