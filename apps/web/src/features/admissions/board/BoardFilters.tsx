import { Button, Chip, Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { bedStates, type BedState, type BoardWard } from '@meridian/contracts';
import { bedStateLook } from './bed-state-look';
import { bedAttributeFilters, type BoardFilters, type StateCounts } from './board-view';

/** Ward and bed-attribute filters, and a way back to the whole board. */
export function BoardFilterBar(props: {
  wards: readonly BoardWard[];
  filters: BoardFilters;
  onWard: (wardId: string) => void;
  onAttributes: (attributes: string[]) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const { filters } = props;
  const isFiltered =
    filters.wardId !== null || filters.states.length > 0 || filters.attributes.length > 0;
  return (
    <Group role="group" aria-label={t('beds:filters.label')} gap="md" align="flex-end">
      <NativeSelect
        label={t('beds:filters.ward')}
        value={filters.wardId ?? ''}
        onChange={(e) => props.onWard(e.currentTarget.value)}
        data={[
          { value: '', label: t('beds:filters.allWards') },
          ...props.wards.map((w) => ({ value: w.id, label: w.name })),
        ]}
        w={{ base: '100%', xs: 240 }}
      />
      <div role="group" aria-labelledby="bed-attribute-filter-label">
        <Text id="bed-attribute-filter-label" size="sm" fw={500} mb={4}>
          {t('beds:filters.attributes')}
        </Text>
        <Chip.Group multiple value={filters.attributes} onChange={props.onAttributes}>
          <Group gap={6}>
            {bedAttributeFilters.map((a) => (
              <Chip key={a} value={a} size="sm">
                {t(`beds:attribute.${a}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </div>
      {isFiltered ? (
        <Button variant="subtle" onClick={props.onClear}>
          {t('beds:filters.clear')}
        </Button>
      ) : null}
    </Group>
  );
}

/**
 * The legend: each state's name, icon, colour and count. A state pressed shows only beds in
 * it (several can be pressed); none pressed shows all.
 */
export function StateLegend(props: {
  counts: StateCounts;
  selected: readonly BedState[];
  onToggle: (state: BedState) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group role="group" aria-label={t('beds:legend.label')} gap={6}>
      {bedStates.map((state) => {
        const { color, icon: Icon } = bedStateLook[state];
        const isPressed = props.selected.includes(state);
        return (
          <Button
            key={state}
            size="compact-sm"
            variant={isPressed ? 'light' : 'default'}
            color={color}
            aria-pressed={isPressed}
            leftSection={<Icon size={14} aria-hidden color={`var(--mantine-color-${color}-7)`} />}
            styles={{ root: { borderLeft: `4px solid var(--mantine-color-${color}-6)` } }}
            onClick={() => props.onToggle(state)}
          >
            {t('beds:legend.item', { state: t(`beds:state.${state}`), count: props.counts[state] })}
          </Button>
        );
      })}
    </Group>
  );
}
