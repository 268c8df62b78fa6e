import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { PractitionerProfile } from '@meridian/contracts';
import { QueryState } from '../../../ui/QueryState';
import { useFacilities } from '../../admin/organization.api';
import { usePractitionerTemplates } from '../appointments.api';
import { facilityTimeZone, formatLocalDay, todayIn } from '../scheduling-format';
import { usePractitionerProfiles } from './setup.api';
import { EditButton } from './SetupParts';
import { TemplateEditor } from './TemplateEditor';
import { DeleteTemplateModal, EndTemplateModal } from './TemplateActions';
import { templatePhase, type TemplatePhase } from './template-form';

const phaseColor: Record<TemplatePhase, string> = {
  upcoming: 'blue',
  current: 'green',
  ended: 'gray',
};

/** Working hours: a practitioner's templates, and the weekly editor for one of them. */
export function TemplatesTab() {
  const { t } = useTranslation('scheduleSetup');
  const [params, setParams] = useSearchParams();
  const practitioners = usePractitionerProfiles();
  const practitionerId = params.get('practitioner');
  const practitioner = practitioners.data?.find((p) => p.id === practitionerId) ?? null;

  const choose = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('practitioner', id);
    else next.delete('practitioner');
    setParams(next);
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Select
          label={t('templates.practitioner')}
          placeholder={t('templates.choosePractitioner')}
          searchable
          maw={420}
          data={(practitioners.data ?? []).map((p) => ({
            value: p.id,
            label: `${p.displayName} — ${p.specialty}`,
          }))}
          value={practitionerId}
          onChange={choose}
          nothingFoundMessage={t('practitioners.empty')}
        />
      </Paper>
      {practitioner ? (
        <PractitionerTemplates key={practitioner.id} practitioner={practitioner} />
      ) : (
        <Text c="dimmed">{t('templates.pickFirst')}</Text>
      )}
    </Stack>
  );
}

function PractitionerTemplates(props: { practitioner: PractitionerProfile }) {
  const { t } = useTranslation('scheduleSetup');
  const { practitioner } = props;
  const templates = usePractitionerTemplates(practitioner.id);
  const facilities = useFacilities();
  // 'new', the id being edited, or null.
  const [editing, setEditing] = useState<string | null>(null);
  // Ids, so a confirmation after a conflict acts on the reloaded template and its version.
  const [endingId, setEndingId] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const facilityList = facilities.data ?? [];
  const zoneOf = (facilityId: string) => facilityTimeZone(facilityList, facilityId);
  const facilityName = (id: string) => facilityList.find((f) => f.id === id)?.name ?? '—';
  const all = templates.data ?? [];
  const editedTemplate = all.find((x) => x.id === editing) ?? null;
  const ending = all.find((x) => x.id === endingId) ?? null;
  const deleting = all.find((x) => x.id === deletingId) ?? null;

  return (
    <>
      <Paper withBorder p="md">
        <Group justify="space-between" mb="md">
          <Text fw={500}>{t('templates.of', { name: practitioner.displayName })}</Text>
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setEditing('new')}
            disabled={editing === 'new'}
          >
            {t('templates.new')}
          </Button>
        </Group>
        <QueryState query={templates} isEmpty={(d) => d.length === 0} empty={t('templates.empty')}>
          {(data) => (
            <Table.ScrollContainer minWidth={680} type="native">
              <Table
                striped
                verticalSpacing="xs"
                aria-label={t('templates.of', { name: practitioner.displayName })}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('templates.fields.name')}</Table.Th>
                    <Table.Th scope="col">{t('templates.fields.location')}</Table.Th>
                    <Table.Th scope="col">{t('templates.fields.effectiveFrom')}</Table.Th>
                    <Table.Th scope="col">{t('templates.fields.effectiveUntil')}</Table.Th>
                    <Table.Th scope="col">{t('common.status')}</Table.Th>
                    <Table.Th scope="col">{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((tpl) => {
                    const phase = templatePhase(tpl, todayIn(zoneOf(tpl.facilityId)));
                    return (
                      <Table.Tr key={tpl.id}>
                        <Table.Td>{tpl.name}</Table.Td>
                        <Table.Td>{facilityName(tpl.facilityId)}</Table.Td>
                        <Table.Td>{formatLocalDay(tpl.effectiveFrom)}</Table.Td>
                        <Table.Td>
                          {tpl.effectiveUntil
                            ? formatLocalDay(tpl.effectiveUntil)
                            : t('templates.noEnd')}
                        </Table.Td>
                        <Table.Td miw={100}>
                          <Badge variant="light" size="sm" color={phaseColor[phase]}>
                            {t(`templates.phase.${phase}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <EditButton name={tpl.name} onClick={() => setEditing(tpl.id)} />
                            {phase === 'upcoming' ? (
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                color="red"
                                onClick={() => setDeletingId(tpl.id)}
                                aria-label={t('templates.deleteNamed', { name: tpl.name })}
                              >
                                {t('templates.delete')}
                              </Button>
                            ) : null}
                            {phase === 'current' ? (
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                color="orange"
                                onClick={() => setEndingId(tpl.id)}
                                aria-label={t('templates.endNamed', { name: tpl.name })}
                              >
                                {t('templates.end')}
                              </Button>
                            ) : null}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Paper>
      {editing && (editing === 'new' || editedTemplate) ? (
        <TemplateEditor
          key={editing}
          practitionerId={practitioner.id}
          template={editedTemplate}
          others={all.filter((x) => x.id !== editing)}
          facilities={facilityList}
          defaults={{
            facilityId: practitioner.facilityId,
            today: todayIn(zoneOf(practitioner.facilityId)),
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <EndTemplateModal
        template={ending}
        today={ending ? todayIn(zoneOf(ending.facilityId)) : ''}
        practitionerId={practitioner.id}
        onClose={() => setEndingId(null)}
      />
      <DeleteTemplateModal template={deleting} onClose={() => setDeletingId(null)} />
    </>
  );
}
