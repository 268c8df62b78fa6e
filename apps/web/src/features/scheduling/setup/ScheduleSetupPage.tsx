import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function ScheduleSetupPage() {
  const { t } = useTranslation('scheduleSetup');
  return <PageHeader title={t('title')} />;
}
