import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder until the page is built (issue 5). */
export function WardSetupPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('shell:nav.wardSetup')} />;
}
