import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../ui/PageHeader';
import { AppointmentTypesTab } from './AppointmentTypesTab';
import { ExceptionsTab } from './ExceptionsTab';
import { PractitionersTab } from './PractitionersTab';
import { ReminderRulesTab } from './ReminderRulesTab';
import { ResourcesTab } from './ResourcesTab';
import { TemplatesTab } from './TemplatesTab';

const tabs = [
  'practitioners',
  'templates',
  'exceptions',
  'types',
  'resources',
  'reminders',
] as const;
type Tab = (typeof tabs)[number];

function isTab(value: string | null): value is Tab {
  return (tabs as readonly (string | null)[]).includes(value);
}

/**
 * /admin/scheduling: the practice manager's calendar setup. Each section is a tab whose name
 * is in the URL (`?tab=templates`), so it can be linked to and survives a reload.
 */
export function ScheduleSetupPage() {
  const { t } = useTranslation('scheduleSetup');
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = isTab(raw) ? raw : 'practitioners';

  const choose = (value: string | null) => {
    if (!isTab(value)) return;
    // Each tab's own parameters (e.g. the chosen practitioner) belong to that tab.
    setParams({ tab: value }, { replace: false });
  };

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Tabs value={tab} onChange={choose} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="practitioners">
          <PractitionersTab />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="exceptions">
          <ExceptionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="types">
          <AppointmentTypesTab />
        </Tabs.Panel>
        <Tabs.Panel value="resources">
          <ResourcesTab />
        </Tabs.Panel>
        <Tabs.Panel value="reminders">
          <ReminderRulesTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
