import { Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { wardInput, wardKinds, type Ward, type WardKind } from '@meridian/contracts';
import { validateAs } from '../../admin/admin-forms';
import { useDepartments } from '../../admin/organization.api';
import { PlaceModal, usePlaceSubmit } from './PlaceModal';
import { useSaveWard, type WardSave } from './wardSetup.api';

interface WardValues {
  code: string;
  name: string;
  kind: WardKind;
  departmentId: string | null;
  isActive: boolean;
}
const fields = ['code', 'name', 'kind', 'departmentId', 'isActive'];

/** Creates a ward of the facility, or edits one at the version shown (If-Match). */
export function WardModal(props: { facilityId: string; ward: Ward | null; onClose: () => void }) {
  const { t } = useTranslation('wardSetup');
  const { ward, facilityId } = props;
  const save = useSaveWard();
  const departments = useDepartments(facilityId);
  const toBody = (v: WardValues) => ({
    facilityId,
    code: v.code.trim().toUpperCase(),
    name: v.name.trim(),
    kind: v.kind,
    departmentId: v.departmentId,
    isActive: v.isActive,
  });
  const form = useForm<WardValues>({
    initialValues: {
      code: ward?.code ?? '',
      name: ward?.name ?? '',
      kind: ward?.kind ?? 'medical_surgical',
      departmentId: ward?.departmentId ?? null,
      isActive: ward?.isActive ?? true,
    },
    validate: validateAs<WardValues>(wardInput, toBody, { code: t('common.codeRule') }),
  });
  const { submit, formError } = usePlaceSubmit({
    save,
    form,
    toVars: (v): WardSave => {
      const { facilityId: _f, ...patch } = toBody(v);
      return ward
        ? { kind: 'update', id: ward.id, version: ward.version, body: patch }
        : { kind: 'create', body: toBody(v) };
    },
    fieldOf: (path) => (fields.includes(path) ? path : null),
    savedMessage: (saved) => t('wards.saved', { name: saved.name }),
    onClose: props.onClose,
  });

  return (
    <PlaceModal
      title={ward ? t('wards.editTitle', { name: ward.name }) : t('wards.new')}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={ward ? t('common:save') : t('wards.create')}
      isPending={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('wards.fields.code')}
          description={t('common.codeHint')}
          required
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
        />
        <Select
          label={t('wards.fields.kind')}
          allowDeselect={false}
          data={wardKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          {...form.getInputProps('kind')}
        />
      </SimpleGrid>
      <TextInput label={t('wards.fields.name')} required {...form.getInputProps('name')} />
      <Select
        label={t('wards.fields.department')}
        clearable
        data={(departments.data ?? [])
          .filter((d) => d.isActive || d.id === ward?.departmentId)
          .map((d) => ({ value: d.id, label: d.name }))}
        {...form.getInputProps('departmentId')}
      />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </PlaceModal>
  );
}
