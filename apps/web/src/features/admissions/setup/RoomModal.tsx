import { Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { roomInput, type Room, type RoomSexRestriction } from '@meridian/contracts';
import { validateAs } from '../../admin/admin-forms';
import { PlaceModal, usePlaceSubmit } from './PlaceModal';
import { useSaveRoom, type RoomSave } from './wardSetup.api';

interface RoomValues {
  code: string;
  name: string;
  sexRestriction: RoomSexRestriction | 'any';
  isActive: boolean;
}
const fields = ['code', 'name', 'sexRestriction', 'isActive'];

/** Adds a room to the ward, or edits one at the version shown (If-Match). */
export function RoomModal(props: { wardId: string; room: Room | null; onClose: () => void }) {
  const { t } = useTranslation('wardSetup');
  const { room } = props;
  const save = useSaveRoom();
  const toBody = (v: RoomValues) => ({
    code: v.code.trim().toUpperCase(),
    name: v.name.trim() || null,
    sexRestriction: v.sexRestriction === 'any' ? null : v.sexRestriction,
    isActive: v.isActive,
  });
  const form = useForm<RoomValues>({
    initialValues: {
      code: room?.code ?? '',
      name: room?.name ?? '',
      sexRestriction: room?.sexRestriction ?? 'any',
      isActive: room?.isActive ?? true,
    },
    validate: validateAs<RoomValues>(roomInput, toBody, { code: t('common.codeRule') }),
  });
  const { submit, formError } = usePlaceSubmit({
    save,
    form,
    toVars: (v): RoomSave =>
      room
        ? { kind: 'update', id: room.id, version: room.version, body: toBody(v) }
        : { kind: 'create', wardId: props.wardId, body: toBody(v) },
    fieldOf: (path) => (fields.includes(path) ? path : null),
    savedMessage: (saved) => t('rooms.saved', { code: saved.code }),
    onClose: props.onClose,
  });

  return (
    <PlaceModal
      title={room ? t('rooms.editTitle', { code: room.code }) : t('rooms.new')}
      onSubmit={submit}
      onClose={props.onClose}
      saveError={save.error}
      formError={formError}
      submitLabel={room ? t('common:save') : t('rooms.create')}
      isPending={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('rooms.fields.code')}
          description={t('common.codeHint')}
          required
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
        />
        <Select
          label={t('rooms.fields.sexRestriction')}
          allowDeselect={false}
          data={(['any', 'female', 'male'] as const).map((s) => ({
            value: s,
            label: t(`rooms.sex.${s}`),
          }))}
          {...form.getInputProps('sexRestriction')}
        />
      </SimpleGrid>
      <TextInput label={t('rooms.fields.name')} {...form.getInputProps('name')} />
      <Switch
        label={t('common.isActive')}
        {...form.getInputProps('isActive', { type: 'checkbox' })}
      />
    </PlaceModal>
  );
}
