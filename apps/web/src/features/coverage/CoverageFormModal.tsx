import { useState } from 'react';
import { Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifyDone } from './notify';
import { useTranslation } from 'react-i18next';
import { coveragePriority, createCoverageBody, subscriberRelationship } from '@meridian/contracts';
import type { Coverage } from '@meridian/contracts';
import { isVersionMismatch, validateAs } from '../admin/admin-forms';
import { ConflictAlert } from '../admin/ConflictAlert';
import { FormButtons, FormError } from '../admin/FormParts';
import { usePayers, usePlans } from '../payers/payers.api';
import { DateField } from './DateField';
import { SubscriberFields } from './SubscriberFields';
import { useSaveCoverage } from './coverage.api';
import {
  coverageBody,
  coverageFields,
  coverageInitialValues,
  type CoverageValues,
} from './coverage-form';
import { showFormError } from './form-errors';

interface Option {
  value: string;
  label: string;
}

/** Active payers to choose from, plus the coverage's own payer if it has since retired. */
function usePayerOptions(current: Coverage | null): { options: Option[]; isLoading: boolean } {
  const { t } = useTranslation();
  const payers = usePayers({ includeInactive: false });
  const options = (payers.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${p.payerId})`,
  }));
  if (current && !options.some((o) => o.value === current.payer.id)) {
    options.push({
      value: current.payer.id,
      label: t('coverage:form.inactiveOption', { name: current.payer.name }),
    });
  }
  return { options, isLoading: payers.isPending };
}

/** The active plans of the chosen payer, plus the coverage's own plan if it has since retired. */
function usePlanOptions(payerId: string, current: Coverage | null): Option[] {
  const { t } = useTranslation();
  const plans = usePlans(payerId || null);
  const options = (plans.data ?? [])
    .filter((p) => p.isActive)
    .map((p) => ({ value: p.id, label: `${p.name} · ${t(`coverage:planTypes.${p.type}`)}` }));
  const own = current?.plan;
  if (own && current.payer.id === payerId && !options.some((o) => o.value === own.id)) {
    options.push({ value: own.id, label: t('coverage:form.inactiveOption', { name: own.name }) });
  }
  return options;
}

/**
 * Adds a coverage (`coverage` null) or replaces one at the version shown (If-Match). Mount it
 * only while open. `latest` reads the coverage from the reloaded list after a conflict.
 */
export function CoverageFormModal(props: {
  patientId: string;
  coverage: Coverage | null;
  defaultPriority: Coverage['priority'];
  latest: () => Promise<Coverage | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The coverage as the form was last filled from it: its version goes in If-Match.
  const [coverage, setCoverage] = useState(props.coverage);
  const save = useSaveCoverage(props.patientId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CoverageValues>({
    initialValues: coverageInitialValues(props.coverage, props.defaultPriority),
    validate: validateAs<CoverageValues>(createCoverageBody, coverageBody, {
      payerId: t('coverage:form.payerRequired'),
      effectiveFrom: t('coverage:form.dateRequired'),
      effectiveTo: t('coverage:form.endBeforeStart'),
      'subscriber.birthDate': t('coverage:form.birthDateInvalid'),
    }),
  });
  const payers = usePayerOptions(coverage);
  const plans = usePlanOptions(form.values.payerId, coverage);

  const reload = async () => {
    const fresh = await props.latest();
    if (fresh) {
      setCoverage(fresh);
      form.setValues(coverageInitialValues(fresh));
      form.resetDirty();
    }
    setFormError(null);
    save.reset();
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const body = coverageBody(values);
    save.mutate(
      coverage
        ? { kind: 'update', id: coverage.id, version: coverage.version, body }
        : { kind: 'create', body },
      {
        onSuccess: (saved) => {
          notifyDone(
            coverage
              ? t('coverage:saved', { payer: saved.payer.name })
              : t('coverage:created', { payer: saved.payer.name }),
          );
          props.onClose();
        },
        onError: (error) => {
          if (isVersionMismatch(error)) return;
          setFormError(
            showFormError(t, form, error, coverageFields, {
              'coverage.priority_overlap': 'priority',
            }),
          );
        },
      },
    );
  });

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('common:close') }}
      onClose={props.onClose}
      title={coverage ? t('coverage:form.editTitle') : t('coverage:form.addTitle')}
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {isVersionMismatch(save.error) ? (
            <ConflictAlert message={t('coverage:form.conflict')} onReload={() => void reload()} />
          ) : null}
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('coverage:form.payer')}
              placeholder={
                payers.isLoading ? t('common:loading') : t('coverage:form.payerPlaceholder')
              }
              data={payers.options}
              searchable
              required
              nothingFoundMessage={t('coverage:form.noPayer')}
              data-autofocus
              {...form.getInputProps('payerId')}
              onChange={(v: string | null) => {
                form.setFieldValue('payerId', v ?? '');
                // A plan belongs to one payer: a new payer clears it.
                form.setFieldValue('planId', '');
              }}
            />
            <Select
              label={t('coverage:form.plan')}
              placeholder={
                form.values.payerId
                  ? t('coverage:form.planPlaceholder')
                  : t('coverage:form.planNeedsPayer')
              }
              data={plans}
              disabled={!form.values.payerId}
              searchable
              clearable
              nothingFoundMessage={t('coverage:form.noPlan')}
              {...form.getInputProps('planId')}
              // '' is "no plan"; Mantine would show a clear button for it.
              value={form.values.planId || null}
              onChange={(v: string | null) => form.setFieldValue('planId', v ?? '')}
            />
            <TextInput
              label={t('coverage:form.memberId')}
              required
              {...form.getInputProps('memberId')}
            />
            <TextInput
              label={t('coverage:form.groupNumber')}
              {...form.getInputProps('groupNumber')}
            />
            <Select
              label={t('coverage:form.priority')}
              data={coveragePriority.options.map((v) => ({
                value: v,
                label: t(`coverage:priority.${v}`),
              }))}
              allowDeselect={false}
              required
              {...form.getInputProps('priority')}
            />
            <Select
              label={t('coverage:form.relationship')}
              data={subscriberRelationship.options.map((v) => ({
                value: v,
                label: t(`coverage:relationship.${v}`),
              }))}
              allowDeselect={false}
              required
              {...form.getInputProps('subscriberRelationship')}
            />
            <DateField
              label={t('coverage:form.effectiveFrom')}
              required
              value={form.values.effectiveFrom}
              onChange={(v) => form.setFieldValue('effectiveFrom', v)}
              error={form.errors['effectiveFrom']}
            />
            <DateField
              label={t('coverage:form.effectiveTo')}
              description={t('coverage:form.effectiveToHint')}
              clearable
              minDate={form.values.effectiveFrom || undefined}
              value={form.values.effectiveTo}
              onChange={(v) => form.setFieldValue('effectiveTo', v)}
              error={form.errors['effectiveTo']}
            />
          </SimpleGrid>
          {form.values.subscriberRelationship === 'self' ? null : <SubscriberFields form={form} />}
          <FormButtons
            submitLabel={coverage ? t('common:save') : t('coverage:form.addSubmit')}
            isPending={save.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
