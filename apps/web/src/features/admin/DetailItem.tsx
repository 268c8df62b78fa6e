import type { ReactNode } from 'react';
import { DataList } from '@mantine/core';

/** One label/value row of a DataList. Long unbroken values (URLs, identifiers) wrap. */
export function DetailItem(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{props.children}</DataList.ItemValue>
    </DataList.Item>
  );
}
