import { Select } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BoardBed, BedBoard } from '@meridian/contracts';
import { describeError } from '../../../ui/errors';
import { useAvailableBeds } from './stays.api';

/** The bed a dialog opens with (a bed card on the board). */
export type PresetBed = Pick<BoardBed, 'id' | 'code' | 'roomCode' | 'wardId'>;

/** "Ward 3 North · room 12 · bed A": how staff name a bed. */
export function bedLabel(
  t: TFunction,
  wardName: string,
  roomCode: string,
  bedCode: string,
): string {
  return t('admissions:bedLabel', { ward: wardName, room: roomCode, bed: bedCode });
}

/** Bed ids to their labels, from the board of the facility. */
export function bedLabels(
  t: TFunction,
  board: BedBoard | undefined,
): Map<string, { label: string; wardName: string }> {
  const out = new Map<string, { label: string; wardName: string }>();
  for (const ward of board?.wards ?? []) {
    for (const b of ward.beds) {
      out.set(b.id, { label: bedLabel(t, ward.name, b.roomCode, b.code), wardName: ward.name });
    }
  }
  return out;
}

/**
 * A searchable choice among the facility's available beds, grouped by ward, with the bed the
 * dialog was opened for (which may be reserved for this very stay) kept in the list.
 */
export function BedSelect(props: {
  facilityId: string;
  value: string;
  onChange: (bedId: string) => void;
  preset: PresetBed | null;
  label: string;
  description?: string;
  required?: boolean;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const beds = useAvailableBeds(props.facilityId);
  const groups = (beds.data?.wards ?? [])
    .map((ward) => ({
      group: ward.name,
      items: ward.beds
        .filter((b) => b.state === 'available' && b.isActive)
        .map((b) => ({ value: b.id, label: bedLabel(t, ward.name, b.roomCode, b.code) })),
    }))
    .filter((g) => g.items.length > 0);
  const { preset } = props;
  if (preset && !groups.some((g) => g.items.some((i) => i.value === preset.id))) {
    const wardName =
      beds.data?.wards.find((w) => w.id === preset.wardId)?.name ?? t('admissions:drawer.bed');
    groups.unshift({
      group: wardName,
      items: [{ value: preset.id, label: bedLabel(t, wardName, preset.roomCode, preset.code) }],
    });
  }
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={t('admissions:admit.bedPlaceholder')}
      data={groups}
      value={props.value || null}
      onChange={(id) => props.onChange(id ?? '')}
      searchable
      clearable={!props.required}
      required={props.required}
      nothingFoundMessage={t('admissions:admit.bedNone')}
      disabled={beds.isPending && !preset}
      error={props.error ?? (beds.error ? describeError(beds.error).message : undefined)}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320}
    />
  );
}
