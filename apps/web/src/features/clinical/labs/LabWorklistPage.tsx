import { useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  specimenTypes,
  type LabOrder,
  type LabWorklistItem,
  type SpecimenType,
} from '@meridian/contracts';
import { useSignedInMe } from '../../../app/auth/useMe';
import { formatDateTime } from '../../../ui/format';
import { FormAlert } from '../../../ui/FormAlert';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { OrderStatusBadge } from './lab-display';
import { useCollectSpecimen, useLabWorklist } from './labs.api';
import { ResultEntryDialog } from './ResultEntryDialog';

type Stage = 'all' | 'collection' | 'results';

/** /lab: the facility's orders awaiting collection or results, stat first. */
export function LabWorklistPage() {
  const { t } = useTranslation('labs');
  const me = useSignedInMe();
  const [stage, setStage] = useState<Stage>('all');
  const facilityId = me.currentFacilityId ?? '';
  const worklist = useLabWorklist(facilityId, stage);
  const [collecting, setCollecting] = useState<LabOrder | null>(null);
  const [entering, setEntering] = useState<LabWorklistItem | null>(null);
  return (
    <Stack gap="md">
      <PageHeader title={t('worklist.title')} />
      <SegmentedControl
        aria-label={t('worklist.stage')}
        value={stage}
        onChange={(v) => setStage(v)}
        data={(['all', 'collection', 'results'] as const).map((s) => ({
          value: s,
          label: t(`worklist.stages.${s}`),
        }))}
        w="fit-content"
      />
      {facilityId === '' ? (
        <Text c="dimmed">{t('worklist.noFacility')}</Text>
      ) : (
        <QueryState
          query={worklist}
          isEmpty={(p) => p.items.length === 0}
          empty={t('worklist.empty')}
        >
          {(page) => (
            <Table.ScrollContainer minWidth={700}>
              <Table aria-label={t('worklist.title')} verticalSpacing="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('worklist.order')}</Table.Th>
                    <Table.Th scope="col">{t('worklist.patient')}</Table.Th>
                    <Table.Th scope="col">{t('worklist.tests')}</Table.Th>
                    <Table.Th scope="col">{t('order.priority')}</Table.Th>
                    <Table.Th scope="col">{t('worklist.status')}</Table.Th>
                    <Table.Th scope="col">{t('tab.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((item) => {
                    const { order, patient } = item;
                    const name = patient.name
                      ? `${patient.name.family}, ${patient.name.given}`
                      : patient.mrn;
                    return (
                      <Table.Tr key={order.id}>
                        <Table.Td>
                          <Text fw={600}>{order.orderNumber}</Text>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(order.orderedAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Link to={`/patients/${patient.id}/results`}>{name}</Link>
                          <Text size="xs" c="dimmed">
                            {patient.mrn}
                          </Text>
                        </Table.Td>
                        <Table.Td>{order.tests.map((x) => x.shortName).join(', ')}</Table.Td>
                        <Table.Td fw={order.priority === 'routine' ? 400 : 700}>
                          {t(`priority.${order.priority}`)}
                        </Table.Td>
                        <Table.Td>
                          <OrderStatusBadge
                            status={order.status}
                            reportStatus={order.reportStatus}
                          />
                        </Table.Td>
                        <Table.Td>
                          {order.status === 'ordered' ? (
                            <Button
                              size="xs"
                              onClick={() => setCollecting(order)}
                              aria-label={t('worklist.collectOne', { number: order.orderNumber })}
                            >
                              {t('worklist.collect')}
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              onClick={() => setEntering(item)}
                              aria-label={t('worklist.enterOne', { number: order.orderNumber })}
                            >
                              {t('worklist.enter')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      )}
      <CollectDialog order={collecting} onClose={() => setCollecting(null)} />
      <ResultEntryDialog
        order={entering?.order ?? null}
        patient={{
          sexAtBirth: entering?.patient.sexAtBirth ?? null,
          birthDate: entering?.patient.birthDate ?? null,
        }}
        onClose={() => setEntering(null)}
      />
    </Stack>
  );
}

function CollectDialog(props: { order: LabOrder | null; onClose: () => void }) {
  const { t } = useTranslation('labs');
  const collect = useCollectSpecimen();
  const [specimen, setSpecimen] = useState<SpecimenType>('venous_blood');
  const close = () => {
    collect.reset();
    props.onClose();
  };
  return (
    <Modal
      opened={props.order !== null}
      onClose={close}
      title={props.order ? t('collect.title', { number: props.order.orderNumber }) : ''}
    >
      <Stack>
        <FormAlert error={collect.error} />
        <Select
          label={t('collect.specimen')}
          data={specimenTypes.map((s) => ({ value: s, label: t(`specimen.${s}`) }))}
          value={specimen}
          onChange={(v) => setSpecimen(v ?? 'venous_blood')}
          allowDeselect={false}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common:cancel')}
          </Button>
          <Button
            loading={collect.isPending}
            onClick={() =>
              props.order &&
              collect.mutate(
                { order: props.order, body: { specimenType: specimen } },
                { onSuccess: close },
              )
            }
          >
            {t('collect.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
