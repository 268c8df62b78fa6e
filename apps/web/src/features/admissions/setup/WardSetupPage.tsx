import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Switch, Table, Text } from '@mantine/core';
import { IconBed, IconEdit, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Ward } from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { WardModal } from './WardModal';
import { WardRooms } from './WardRooms';
import { useWards } from './wardSetup.api';

function WardTable(props: {
  wards: Ward[];
  onOpen: (ward: Ward) => void;
  onEdit: (ward: Ward) => void;
}) {
  const { t } = useTranslation('wardSetup');
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped verticalSpacing="xs" aria-label={t('wards.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('wards.fields.name')}</Table.Th>
            <Table.Th scope="col">{t('wards.fields.kind')}</Table.Th>
            <Table.Th scope="col">{t('wards.fields.beds')}</Table.Th>
            <Table.Th scope="col">{t('common.status')}</Table.Th>
            <Table.Th scope="col">{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.wards.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {w.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {w.code}
                </Text>
              </Table.Td>
              <Table.Td>{t(`kinds.${w.kind}`)}</Table.Td>
              <Table.Td>{w.bedCount}</Table.Td>
              <Table.Td miw={110}>
                <Badge variant="light" color={w.isActive ? 'green' : 'gray'}>
                  {w.isActive ? t('common.active') : t('common.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconBed size={14} aria-hidden />}
                    aria-label={t('wards.manageNamed', { name: w.name })}
                    onClick={() => props.onOpen(w)}
                  >
                    {t('wards.manage')}
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    leftSection={<IconEdit size={14} aria-hidden />}
                    aria-label={t('wards.editNamed', { name: w.name })}
                    onClick={() => props.onEdit(w)}
                  >
                    {t('common.edit')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * /admin/wards: the wards of a facility (kind, beds in service), and one ward's rooms and
 * beds with their attributes. The facility and the open ward are in the URL
 * (`?facility=…&ward=…`), so a reload or a link keeps them.
 */
export function WardSetupPage() {
  const { t } = useTranslation('wardSetup');
  const me = useSignedInMe();
  const [params, setParams] = useSearchParams();
  const facilityId = params.get('facility') ?? me.currentFacilityId ?? me.facilities[0]?.id ?? null;
  const wardId = params.get('ward');
  const wards = useWards(facilityId);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<Ward | 'new' | null>(null);
  const shown = (wards.data ?? []).filter((w) => includeInactive || w.isActive);

  const go = (next: { facility: string | null; ward?: string }) =>
    setParams(
      {
        ...(next.facility ? { facility: next.facility } : {}),
        ...(next.ward ? { ward: next.ward } : {}),
      },
      { replace: false },
    );

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {facilityId === null ? (
        <Text c="dimmed">{t('common.noFacility')}</Text>
      ) : wardId ? (
        <WardRooms wardId={wardId} onBack={() => go({ facility: facilityId })} />
      ) : (
        <Paper withBorder p="md">
          <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
            <Group align="flex-end" gap="md" wrap="wrap">
              <Select
                label={t('facility')}
                allowDeselect={false}
                w={300}
                data={me.facilities.map((f) => ({ value: f.id, label: f.name }))}
                value={facilityId}
                onChange={(value) => go({ facility: value })}
              />
              <Switch
                label={t('common.includeInactive')}
                checked={includeInactive}
                onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
                mb={8}
              />
            </Group>
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setEditing('new')}
            >
              {t('wards.new')}
            </Button>
          </Group>
          <QueryState query={wards} isEmpty={() => shown.length === 0} empty={t('wards.empty')}>
            {() => (
              <WardTable
                wards={shown}
                onOpen={(w) => go({ facility: facilityId, ward: w.id })}
                onEdit={setEditing}
              />
            )}
          </QueryState>
        </Paper>
      )}
      {editing && facilityId ? (
        <WardModal
          facilityId={facilityId}
          ward={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
