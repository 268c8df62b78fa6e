// Multi-row INSERT of drizzle rows in one statement: the rows travel as one JSON parameter
// and PostgreSQL expands them with json_to_recordset, so a batch of thousands costs one round
// trip and one parse, and several tables' inserts can share the statement (atomic together).
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

interface TableShape {
  name: string;
  /** [property, column name, SQL type] of every column. */
  columns: [string, string, string][];
}

const shapes = new WeakMap<PgTable, TableShape>();

function shapeOf(table: PgTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    shape = {
      name: getTableName(table),
      // Generated columns (generatedAlwaysAs, identity) take no value from an insert.
      columns: Object.entries(getTableColumns(table))
        .filter(([, col]) => !col.generated && !col.generatedIdentity)
        .map(([prop, col]) => [prop, col.name, col.getSQLType()]),
    };
    shapes.set(table, shape);
  }
  return shape;
}

/** Rows as JSON objects keyed by column name (dates as ISO strings, jsonb as nested JSON). */
function rowsJson(shape: TableShape, rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [prop, column] of shape.columns) {
        const value = row[prop];
        if (value !== undefined) out[column] = value;
      }
      return out;
    }),
  );
}

/**
 * `insert into <table> (<every column>) select ... from json_to_recordset($json)`, with an
 * optional `on conflict do nothing`. Columns left out of a row are NULL, so rows must carry
 * every column that has a default (version, status, ...).
 */
export function insertRowsSql(
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  opts: { onConflictDoNothing?: boolean } = {},
): SQL {
  const shape = shapeOf(table);
  const names = shape.columns.map(([, column]) => `"${column}"`).join(', ');
  const definitions = shape.columns.map(([, column, type]) => `"${column}" ${type}`).join(', ');
  return sql`insert into ${sql.identifier(shape.name)} (${sql.raw(names)})
    select ${sql.raw(names)} from json_to_recordset(${rowsJson(shape, rows)}::json)
      as x(${sql.raw(definitions)})
    ${sql.raw(opts.onConflictDoNothing ? 'on conflict do nothing' : '')}`;
}
