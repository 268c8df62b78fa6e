import { useState } from 'react';
import { Button, Group, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconEdit, IconList, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Address, Payer } from '@meridian/contracts';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { ActiveBadge } from '../admin/AdminBadges';
import { PayerModal } from './PayerModal';
import { PlansDrawer } from './PlansDrawer';
import { ToggleActiveModal } from './ToggleActiveModal';
import { usePayers, useSavePayer } from './payers.api';

function addressLine(a: Address | null): string {
  if (!a) return '—';
  return [a.line1, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

/** /admin/payers: the payer directory and each payer's plans (billing and administrators). */
export function PayersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [includeInactive, setIncludeInactive] = useState(false);
  const payers = usePayers({ q: q || undefined, includeInactive });
  const save = useSavePayer();
  // 'new', the id of a payer being edited, or null; the modal mounts only while open.
  const [editing, setEditing] = useState<string | null>(null);
  const [plansOf, setPlansOf] = useState<string | null>(null);
  const [togglingId, setTogglingId] = useState<string | null>(null);
  const find = (id: string | null) => payers.data?.find((p) => p.id === id) ?? null;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('coverage:payers.title')}
        description={t('coverage:payers.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('coverage:payers.new')}
          </Button>
        }
      />
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" mb="md" wrap="wrap">
          <TextInput
            label={t('coverage:payers.search')}
            placeholder={t('coverage:payers.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 16rem' }}
            type="search"
          />
          <Switch
            label={t('coverage:payers.includeInactive')}
            checked={includeInactive}
            onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
        <QueryState
          query={payers}
          isEmpty={(data) => data.length === 0}
          empty={q ? t('coverage:payers.noMatch') : t('coverage:payers.empty')}
        >
          {(data) => (
            <PayersTable
              payers={data}
              onPlans={setPlansOf}
              onEdit={setEditing}
              onToggle={setTogglingId}
            />
          )}
        </QueryState>
      </Paper>

      {editing ? (
        <PayerModal
          key={editing}
          payer={editing === 'new' ? null : find(editing)}
          latest={async () => (await payers.refetch()).data?.find((p) => p.id === editing)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <PlansDrawer payer={find(plansOf)} onClose={() => setPlansOf(null)} />
      <ToggleActiveModal
        kind="payers"
        target={find(togglingId)}
        save={(p) =>
          save.mutateAsync({
            kind: 'update',
            id: p.id,
            version: p.version,
            body: { isActive: !p.isActive },
          })
        }
        onClose={() => setTogglingId(null)}
      />
    </Stack>
  );
}

function PayersTable(props: {
  payers: Payer[];
  onPlans: (id: string) => void;
  onEdit: (id: string) => void;
  onToggle: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped verticalSpacing="xs" aria-label={t('coverage:payers.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('coverage:payers.fields.name')}</Table.Th>
            <Table.Th scope="col">{t('coverage:payers.contact')}</Table.Th>
            <Table.Th scope="col">{t('coverage:common.status')}</Table.Th>
            <Table.Th scope="col">{t('coverage:common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.payers.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {p.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {p.payerId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.phone ?? '—'}</Text>
                <Text size="xs" c="dimmed">
                  {addressLine(p.address)}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActiveBadge isActive={p.isActive} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconList size={14} aria-hidden />}
                    onClick={() => props.onPlans(p.id)}
                    aria-label={t('coverage:payers.plansOf', { name: p.name })}
                  >
                    {t('coverage:payers.plans')}
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    leftSection={<IconEdit size={14} aria-hidden />}
                    onClick={() => props.onEdit(p.id)}
                    aria-label={t('coverage:payers.editNamed', { name: p.name })}
                  >
                    {t('coverage:common.edit')}
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color={p.isActive ? 'red' : 'green'}
                    onClick={() => props.onToggle(p.id)}
                    aria-label={t(
                      `coverage:payers.${p.isActive ? 'deactivateTitle' : 'reactivateTitle'}`,
                      { name: p.name },
                    )}
                  >
                    {p.isActive ? t('coverage:common.deactivate') : t('coverage:common.reactivate')}
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
