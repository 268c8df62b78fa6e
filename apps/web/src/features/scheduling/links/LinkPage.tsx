import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/PageHeader';

/** Placeholder: this page is being built. */
export function LinkPage() {
  const { t } = useTranslation('links');
  return <PageHeader title={t('title')} />;
}
