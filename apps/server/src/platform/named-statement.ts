import type pg from 'pg';
import { getTableColumns, type Table } from 'drizzle-orm';
import type { DbOrTx } from './db.js';

/** What node-postgres offers on a pool and on a connection alike. */
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function isQueryable(x: unknown): x is Queryable {
  return typeof x === 'object' && x !== null && typeof (x as Queryable).query === 'function';
}

/**
 * Runs a hot statement (booking, the day view, admitting and moving patients) as a named
 * prepared statement on the connection of `tx` (or the pool for the plain db): PostgreSQL
 * parses and plans it once per connection instead of once per request, and the text is sent
 * as is, without drizzle's builders. Rows come back as node-postgres parses them
 * (timestamptz as Date). Tricky: node-postgres caches statements by name per connection, so
 * one name must always carry one text: keep each name a constant beside its text, prefixed
 * with its module.
 */
export async function runNamed<R extends pg.QueryResultRow>(
  tx: DbOrTx,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  // drizzle's node-postgres session keeps its client (the transaction's connection) here.
  const client: unknown = (tx._.session as unknown as { client?: unknown }).client;
  if (!isQueryable(client)) throw new Error('runNamed needs a node-postgres session');
  const result = await client.query<R>({ name, text, values });
  return result.rows;
}

/**
 * A row of `table` from a row a named statement returned with the table's own column names:
 * `returning *` or `select t.*`, or `to_json(t)` nested in a bigger answer. Each column goes
 * under its drizzle key through the column's own driver mapping, as drizzle reads it (times
 * that JSON carries as text become Dates, a range column's text is parsed).
 */
export function rowOf<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const v = raw[column.name];
    out[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  return out;
}
