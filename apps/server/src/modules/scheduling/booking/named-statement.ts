import type pg from 'pg';
import type { DbOrTx } from '../../../platform/db.js';

/** What node-postgres offers on a pool and on a connection alike. */
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function isQueryable(x: unknown): x is Queryable {
  return typeof x === 'object' && x !== null && typeof (x as Queryable).query === 'function';
}

/**
 * Runs one of the hot statements of booking and the day view as a named prepared statement,
 * on the connection of `tx` (or the pool for the plain db): PostgreSQL parses and plans it
 * once per connection instead of once per request, and the text is sent as is, without
 * drizzle's builders. Rows come back as node-postgres parses them (timestamptz as Date).
 * Tricky: node-postgres caches statements by name per connection, so one name must always
 * carry one text; the names below are constants beside their text.
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
