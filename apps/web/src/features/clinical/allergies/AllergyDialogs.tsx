import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  allergyCategories,
  allergyClinicalStatuses,
  allergyCriticalities,
  allergyTypes,
  commonAllergens,
  reactionSeverities,
  type Allergy,
  type AllergyCategory,
  type AllergyInput,
  type ReactionSeverity,
  type SubstanceSystem,
} from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { FormAlert } from '../../../ui/FormAlert';
import { applyServerErrors } from '../../../ui/forms';
import { FormButtons } from '../../admin/FormParts';
import { notifyDone } from '../../coverage/notify';
import {
  useAllergyStep,
  useDrugClasses,
  useIngredientSearch,
  useRecordAllergy,
} from './allergies.api';

interface Values {
  category: AllergyCategory;
  system: SubstanceSystem;
  code: string;
  display: string;
  type: NonNullable<AllergyInput['type']>;
  criticality: NonNullable<AllergyInput['criticality']>;
  clinicalStatus: NonNullable<AllergyInput['clinicalStatus']>;
  verificationStatus: NonNullable<AllergyInput['verificationStatus']>;
  reactions: { manifestation: string; severity: ReactionSeverity }[];
  onset: string;
  note: string;
}

function initialValues(a: Allergy | null): Values {
  return {
    category: a?.category ?? 'medication',
    system: a?.substance.system ?? 'rxnorm',
    code: a?.substance.code ?? '',
    display: a?.substance.display ?? '',
    type: a?.type ?? 'allergy',
    criticality: a?.criticality ?? 'unable_to_assess',
    clinicalStatus: a?.clinicalStatus ?? 'active',
    verificationStatus:
      a && a.verificationStatus !== 'entered_in_error' ? a.verificationStatus : 'confirmed',
    reactions:
      a?.reactions.map((r) => ({ manifestation: r.manifestation, severity: r.severity })) ?? [],
    onset: a?.onset ?? '',
    note: a?.note ?? '',
  };
}

function refusal(error: unknown, t: (key: string) => string): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'allergy.duplicate_active') return t('allergies:form.duplicate');
  if (error.code === 'resource.version_mismatch') return t('allergies:form.changedMeanwhile');
  if (error.code === 'allergy.invalid_transition') return t('allergies:form.cannotChange');
  return null;
}

/** Add (allergy null) or edit an allergy. */
export function AllergyDialog(props: {
  patientId: string;
  allergy: Allergy | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={props.allergy ? t('allergies:form.editTitle') : t('allergies:form.addTitle')}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      {props.opened ? (
        <AllergyForm patientId={props.patientId} allergy={props.allergy} onClose={props.onClose} />
      ) : null}
    </Modal>
  );
}

const fields = [
  'category',
  'substance',
  'substance.code',
  'substance.display',
  'substance.system',
  'type',
  'criticality',
  'clinicalStatus',
  'verificationStatus',
  'onset',
  'note',
];

function AllergyForm(props: { patientId: string; allergy: Allergy | null; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordAllergy(props.patientId);
  const step = useAllergyStep();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: initialValues(props.allergy) });
  const v = form.values;

  const submit = form.onSubmit(async (values) => {
    setMessage(null);
    if (!values.display.trim() || (values.system !== 'text' && !values.code)) {
      form.setFieldError('substance.display', t('allergies:form.substanceRequired'));
      return;
    }
    const body = {
      category: values.category,
      substance:
        values.system === 'text'
          ? { system: 'text' as const, display: values.display.trim() }
          : { system: values.system, code: values.code, display: values.display.trim() },
      type: values.type,
      criticality: values.criticality,
      clinicalStatus: values.clinicalStatus,
      verificationStatus: values.verificationStatus,
      reactions: values.reactions
        .filter((r) => r.manifestation.trim())
        .map((r) => ({ manifestation: r.manifestation.trim(), severity: r.severity })),
      onset: values.onset.trim() || null,
      note: values.note.trim() || null,
    };
    try {
      if (props.allergy) {
        await step.mutateAsync({ allergy: props.allergy, step: { kind: 'update', body } });
        notifyDone(t('allergies:form.saved'));
      } else {
        await record.mutateAsync(body);
        notifyDone(t('allergies:form.added'));
      }
      props.onClose();
    } catch (error) {
      const ours = refusal(error, t);
      if (ours && error instanceof ApiError && error.code === 'allergy.duplicate_active') {
        form.setFieldError('substance.display', ours);
      } else {
        setMessage(ours ?? applyServerErrors(form, error, fields));
      }
    }
  });

  const setCategory = (category: AllergyCategory) => {
    form.setValues({
      category,
      system: category === 'medication' ? 'rxnorm' : 'snomed',
      code: '',
      display: '',
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert error={null} message={message} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('allergies:form.category')}
            data={allergyCategories.map((c) => ({ value: c, label: t(`allergies:category.${c}`) }))}
            value={v.category}
            onChange={(c) => c && setCategory(c)}
            allowDeselect={false}
            error={form.errors.category}
          />
          <Select
            label={t('allergies:form.type')}
            data={allergyTypes.map((c) => ({ value: c, label: t(`allergies:type.${c}`) }))}
            allowDeselect={false}
            {...form.getInputProps('type')}
          />
        </SimpleGrid>
        <SubstancePicker
          values={v}
          error={
            form.errors['substance.display'] ??
            form.errors['substance.code'] ??
            form.errors.substance
          }
          onChange={(s) => form.setValues(s)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('allergies:form.criticality')}
            data={allergyCriticalities.map((c) => ({
              value: c,
              label: t(`allergies:criticality.${c}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('criticality')}
          />
          <Select
            label={t('allergies:form.clinicalStatus')}
            data={allergyClinicalStatuses.map((c) => ({
              value: c,
              label: t(`allergies:status.${c}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('clinicalStatus')}
          />
          <Select
            label={t('allergies:form.verificationStatus')}
            data={(['unconfirmed', 'confirmed', 'refuted'] as const).map((c) => ({
              value: c,
              label: t(`allergies:verification.${c}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('verificationStatus')}
          />
        </SimpleGrid>
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm" fw={500} id="reactions-label">
              {t('allergies:form.reactions')}
            </Text>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() =>
                form.insertListItem('reactions', { manifestation: '', severity: 'moderate' })
              }
              disabled={v.reactions.length >= 10}
            >
              {t('allergies:form.addReaction')}
            </Button>
          </Group>
          {v.reactions.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('allergies:form.noReactions')}
            </Text>
          ) : null}
          {v.reactions.map((_, i) => (
            <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('allergies:form.manifestation', { n: i + 1 })}
                placeholder={t('allergies:form.manifestationPlaceholder')}
                {...form.getInputProps(`reactions.${i}.manifestation`)}
              />
              <Select
                w={140}
                label={t('allergies:form.severity', { n: i + 1 })}
                data={reactionSeverities.map((s) => ({
                  value: s,
                  label: t(`allergies:severity.${s}`),
                }))}
                allowDeselect={false}
                {...form.getInputProps(`reactions.${i}.severity`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('allergies:form.removeReaction', { n: i + 1 })}
                onClick={() => form.removeListItem('reactions', i)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
        <TextInput
          label={t('allergies:form.onset')}
          description={t('allergies:form.onsetHint')}
          {...form.getInputProps('onset')}
        />
        <Textarea
          label={t('allergies:form.note')}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
        />
        <FormButtons
          submitLabel={props.allergy ? t('allergies:form.save') : t('allergies:form.add')}
          isPending={record.isPending || step.isPending}
          onCancel={props.onClose}
        />
      </Stack>
    </form>
  );
}

type SubstanceValues = Pick<Values, 'system' | 'code' | 'display'>;

/**
 * Medication: an RxNorm ingredient or a drug class from the catalogue, or free text. Food,
 * environment, biologic: the built-in SNOMED CT list, or free text.
 */
function SubstancePicker(props: {
  values: Values;
  error: React.ReactNode;
  onChange: (s: SubstanceValues) => void;
}) {
  const { t } = useTranslation();
  const { category, system, display } = props.values;
  const isMedication = category === 'medication';
  const [query, setQuery] = useState(system === 'rxnorm' ? display : '');
  const ingredients = useIngredientSearch(isMedication && system === 'rxnorm' ? query : '');
  const classes = useDrugClasses(isMedication && system === 'drug-class');
  const modes: SubstanceSystem[] = isMedication
    ? ['rxnorm', 'drug-class', 'text']
    : ['snomed', 'text'];

  let picker;
  if (system === 'rxnorm') {
    const hits = ingredients.data?.items ?? [];
    const chosen = props.values.code
      ? [{ value: props.values.code, label: props.values.display }]
      : [];
    const options = [
      ...chosen,
      ...hits
        .filter((h) => h.rxcui !== props.values.code)
        .map((h) => ({ value: h.rxcui, label: h.name })),
    ];
    picker = (
      <Select
        label={t('allergies:form.ingredient')}
        placeholder={t('allergies:form.ingredientPlaceholder')}
        searchable
        searchValue={query}
        onSearchChange={setQuery}
        filter={({ options: all }) => all}
        nothingFoundMessage={query.trim().length >= 2 ? t('allergies:form.noMatch') : undefined}
        data={options}
        value={props.values.code || null}
        onChange={(code, option) =>
          props.onChange({ system: 'rxnorm', code: code ?? '', display: option?.label ?? '' })
        }
        error={
          props.error ?? (ingredients.isError ? t('allergies:form.catalogueFailed') : undefined)
        }
        required
      />
    );
  } else if (system === 'drug-class') {
    picker = (
      <Select
        label={t('allergies:form.drugClass')}
        placeholder={classes.isPending ? t('common:loading') : undefined}
        searchable
        data={(classes.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
        value={props.values.code || null}
        onChange={(code, option) =>
          props.onChange({ system: 'drug-class', code: code ?? '', display: option?.label ?? '' })
        }
        error={props.error ?? (classes.isError ? t('allergies:form.catalogueFailed') : undefined)}
        required
      />
    );
  } else if (system === 'snomed') {
    picker = (
      <Select
        label={t('allergies:form.substance')}
        searchable
        data={commonAllergens
          .filter((a) => a.category === category || category === 'biologic')
          .map((a) => ({ value: a.code, label: a.display }))}
        value={props.values.code || null}
        onChange={(code, option) =>
          props.onChange({ system: 'snomed', code: code ?? '', display: option?.label ?? '' })
        }
        error={props.error}
        required
      />
    );
  } else {
    picker = (
      <TextInput
        label={t('allergies:form.substanceText')}
        value={display}
        onChange={(e) =>
          props.onChange({ system: 'text', code: '', display: e.currentTarget.value })
        }
        error={props.error}
        required
      />
    );
  }
  return (
    <Stack gap={6}>
      <SegmentedControl
        aria-label={t('allergies:form.substanceKind')}
        value={system}
        data={modes.map((m) => ({ value: m, label: t(`allergies:system.${m}`) }))}
        onChange={(m) => {
          setQuery('');
          props.onChange({ system: m, code: '', display: '' });
        }}
      />
      {picker}
    </Stack>
  );
}

/** Entered in error, with its reason. */
export function AllergyErrorDialog(props: { allergy: Allergy | null; onClose: () => void }) {
  const { t } = useTranslation();
  const step = useAllergyStep();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm({ initialValues: { reason: '' } });
  const submit = form.onSubmit(async ({ reason }) => {
    if (!props.allergy) return;
    if (!reason.trim()) {
      form.setFieldError('reason', t('allergies:form.reasonRequired'));
      return;
    }
    setMessage(null);
    try {
      await step.mutateAsync({
        allergy: props.allergy,
        step: { kind: 'entered-in-error', body: { reason: reason.trim() } },
      });
      notifyDone(t('allergies:form.markedError'));
      form.reset();
      props.onClose();
    } catch (error) {
      setMessage(refusal(error, t) ?? applyServerErrors(form, error, ['reason']));
    }
  });
  return (
    <Modal
      opened={props.allergy !== null}
      onClose={props.onClose}
      title={t('allergies:form.errorTitle', { display: props.allergy?.substance.display ?? '' })}
      closeButtonProps={{ 'aria-label': t('common:close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert error={null} message={message} />
          <TextInput
            label={t('allergies:form.reason')}
            required
            {...form.getInputProps('reason')}
          />
          <FormButtons
            submitLabel={t('allergies:form.markError')}
            color="red"
            isPending={step.isPending}
            onCancel={props.onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
