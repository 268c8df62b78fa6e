import { NativeSelect } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingHospital } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '@meridian/contracts';
import { authApi } from '../auth/auth.api';
import { meQueryKey, refreshMe } from '../auth/useMe';
import { errorMessage } from '../../ui/errors';
import classes from './shell.module.css';

/**
 * The facility this session works in. Switching refreshes `me` and every cached query, since
 * operational data (lists, calendars, beds) is per facility.
 */
export function FacilitySwitcher(props: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { facilities, currentFacilityId } = props.me;
  const mutation = useMutation({
    mutationFn: (facilityId: string) => authApi.switchFacility({ facilityId }),
    onSuccess: async (body, facilityId) => {
      await refreshMe(queryClient, body);
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      const name = facilities.find((f) => f.id === facilityId)?.name ?? '';
      notifications.show({ message: t('shell:facility.switched', { name }) });
    },
    onError: (error) => {
      notifications.show({
        color: 'red',
        title: t('shell:facility.switchFailed'),
        message: errorMessage(error),
      });
    },
  });

  if (facilities.length === 0) return null;
  const value = (mutation.isPending ? mutation.variables : currentFacilityId) ?? '';
  const data = facilities.map((f) => ({ value: f.id, label: f.name }));
  return (
    <NativeSelect
      label={t('shell:facility.label')}
      data={
        currentFacilityId === null
          ? [{ value: '', label: t('shell:facility.choose'), disabled: true }, ...data]
          : data
      }
      value={value}
      onChange={(e) => {
        if (e.currentTarget.value) mutation.mutate(e.currentTarget.value);
      }}
      disabled={mutation.isPending}
      leftSection={<IconBuildingHospital size={18} stroke={1.6} aria-hidden />}
      w={{ base: 190, sm: 260, lg: 300 }}
      // The label is for assistive technology; the building icon says it to the eye.
      classNames={{ label: classes.visuallyHidden }}
    />
  );
}
