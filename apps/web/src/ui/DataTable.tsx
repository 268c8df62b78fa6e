import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/** One column of a `DataTable`: its header and what a row shows in it. */
export interface DataColumn<T> {
  /** Unique among the columns; React's key for the header and the cells. */
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** A floor for the cells' width, for content that must not wrap (a status badge). */
  minWidth?: number;
}

/**
 * A striped table of rows, one column per `columns` entry, with column headers scoped for
 * screen readers. Wider than the screen, it scrolls sideways inside its own box (tablets).
 */
export function DataTable<T extends { id: string }>(props: {
  /** The table's accessible name. */
  label: string;
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  /** Below this width (px) the table scrolls instead of squeezing its columns. */
  minWidth: number;
}) {
  return (
    <Table.ScrollContainer minWidth={props.minWidth} type="native">
      <Table striped verticalSpacing="xs" aria-label={props.label}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th key={c.key} scope="col">
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.id}>
              {props.columns.map((c) => (
                <Table.Td key={c.key} miw={c.minWidth}>
                  {c.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
