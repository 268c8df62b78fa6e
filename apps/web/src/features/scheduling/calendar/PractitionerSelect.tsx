import { useMemo } from 'react';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PractitionerProfile } from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { useDepartments } from '../../admin/organization.api';
import { describeError } from '../../../ui/errors';
import { useSchedulingPractitioners } from '../appointments.api';
import { practitionerGroups } from './practitioner-options';

/** The names of the current facility's departments, for grouping and headings. */
export function useDepartmentNames() {
  const me = useSignedInMe();
  const departments = useDepartments(me.currentFacilityId);
  return useMemo(() => {
    const names = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
    return { departments: departments.data ?? [], nameOf: (id: string) => names.get(id) };
  }, [departments.data]);
}

/** A searchable practitioner picker, grouped by department and specialty. */
export function PractitionerSelect(props: {
  value: string | null;
  onChange: (id: string | null, practitioner: PractitionerProfile | null) => void;
  label: string;
  placeholder?: string;
  clearable?: boolean;
  error?: string | null;
  description?: string;
  /** Only these practitioners (e.g. those an appointment type allows); default all. */
  only?: readonly string[] | null;
}) {
  const { t } = useTranslation('calendar');
  const practitioners = useSchedulingPractitioners();
  const { nameOf } = useDepartmentNames();
  const allowed = props.only && props.only.length > 0 ? new Set(props.only) : null;
  const list = (practitioners.data ?? []).filter((p) => !allowed || allowed.has(p.id));
  const data = practitionerGroups(list, nameOf);
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={props.placeholder ?? t('picker.practitionerPlaceholder')}
      data={data}
      value={props.value}
      onChange={(id) => props.onChange(id, practitioners.data?.find((p) => p.id === id) ?? null)}
      searchable
      clearable={props.clearable}
      nothingFoundMessage={t('picker.noPractitioner')}
      disabled={practitioners.isPending}
      error={
        props.error ??
        (practitioners.error ? describeError(practitioners.error).message : undefined)
      }
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={360}
    />
  );
}
