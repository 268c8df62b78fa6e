import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function PatientAppointmentsTab() {
  const { t } = useTranslation('visits');
  return <PageHeader title={t('patientTab.title')} />;
}
