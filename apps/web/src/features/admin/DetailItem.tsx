import type { ReactNode } from 'react';
import { DataList } from '@mantine/core';

/** One label/value row of a DataList. */
export function DetailItem(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children}</DataList.ItemValue>
    </DataList.Item>
  );
}
