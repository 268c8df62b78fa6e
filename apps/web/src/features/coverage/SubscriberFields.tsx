import { Fieldset, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { relationship, sexAtBirth } from '@meridian/contracts';
import { DateField } from './DateField';
import { localToday, type CoverageValues } from './coverage-form';

/** The policy holder, asked for only when it is not the patient. */
export function SubscriberFields(props: { form: UseFormReturnType<CoverageValues> }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <Fieldset legend={t('coverage:form.subscriber')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('coverage:form.subscriberGiven')}
            required
            {...form.getInputProps('subscriber.name.given')}
          />
          <TextInput
            label={t('coverage:form.subscriberMiddle')}
            {...form.getInputProps('subscriber.name.middle')}
          />
          <TextInput
            label={t('coverage:form.subscriberFamily')}
            required
            {...form.getInputProps('subscriber.name.family')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label={t('coverage:form.subscriberBirthDate')}
            required
            maxDate={localToday()}
            value={form.values.subscriber.birthDate}
            onChange={(v) => form.setFieldValue('subscriber.birthDate', v)}
            error={form.errors['subscriber.birthDate']}
          />
          <Select
            label={t('coverage:form.subscriberSex')}
            data={sexAtBirth.options.map((v) => ({ value: v, label: t(`coverage:sex.${v}`) }))}
            clearable
            {...form.getInputProps('subscriber.sexAtBirth')}
            value={form.values.subscriber.sexAtBirth || null}
            onChange={(v: string | null) => form.setFieldValue('subscriber.sexAtBirth', v ?? '')}
          />
          <TextInput
            label={t('coverage:form.subscriberPhone')}
            type="tel"
            {...form.getInputProps('subscriber.phone')}
          />
          <Select
            label={t('coverage:form.relationshipDetail')}
            data={relationship.options.map((v) => ({
              value: v,
              label: t(`coverage:relationshipDetail.${v}`),
            }))}
            clearable
            {...form.getInputProps('subscriber.relationshipDetail')}
            value={form.values.subscriber.relationshipDetail || null}
            onChange={(v: string | null) =>
              form.setFieldValue('subscriber.relationshipDetail', v ?? '')
            }
          />
        </SimpleGrid>
      </Stack>
    </Fieldset>
  );
}
