import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { DbOrTx } from '../db.js';
import { AppError } from '../errors.js';

/** Migration 0200's idempotency_key; platform code keeps its own definition. */
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    userId: uuid('user_id').notNull(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] })],
);

/** What identifies one create: who, which route, the client's key and the body's hash. */
export interface IdempotencyClaim {
  userId: string;
  /** The route, e.g. `POST /api/v1/appointments`. */
  scope: string;
  key: string;
  requestHash: string;
}

/** A stored answer handed back to a retry. */
export interface StoredAnswer {
  statusCode: number;
  body: unknown;
}

export type IdempotentStart =
  | { replay: StoredAnswer }
  | { replay: null; complete(statusCode: number, body: unknown): Promise<void> };

const headerName = 'idempotency-key';
// RFC 9110 field values: visible ASCII (0x21-0x7E); 1 to 255 characters (the table's check).
const keyPattern = /^[\x21-\x7e]{1,255}$/;

function malformed(message: string): AppError {
  return new AppError('validation.failed', `Idempotency-Key ${message}`, {
    errors: [{ path: `headers.${headerName}`, rule: 'invalid_format', message }],
  });
}

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * The claim of a create request that sent `Idempotency-Key`, or null when it sent none.
 * The hash covers the parsed body (defaults applied), so key order and omitted defaults do
 * not make a retry look different. A malformed key answers 400 naming the header.
 */
export function idempotencyClaimOf(request: FastifyRequest): IdempotencyClaim | null {
  const header = request.headers[headerName];
  if (header === undefined) return null;
  if (Array.isArray(header)) throw malformed('must be sent once');
  if (!keyPattern.test(header)) {
    throw malformed('must be 1 to 255 visible ASCII characters');
  }
  const userId = request.principal?.userId;
  // Routes that take a key are signed-in routes; the access hook has already refused others.
  if (!userId) throw new AppError('auth.unauthenticated', 'sign in first');
  return {
    userId,
    scope: `${request.method} ${request.routeOptions.url ?? request.url}`,
    key: header,
    requestHash: requestHash(request.body),
  };
}

/**
 * Starts an idempotent create inside the create's own transaction. The key row is inserted
 * first: when another request holds the same key uncommitted, the insert waits for it, then
 * (if it committed) finds the row and replays its answer; a different body under the same
 * key is refused (422 request.idempotency_key_reused). The caller runs the use case and then
 * `complete`s with its answer in the same transaction; a failed create rolls the key back
 * too, so a retry runs again. Without a claim, `complete` does nothing.
 */
export async function startIdempotent(
  tx: DbOrTx,
  clock: Clock,
  claim: IdempotencyClaim | null,
): Promise<IdempotentStart> {
  if (!claim) return { replay: null, complete: () => Promise.resolve() };
  const inserted = await tx
    .insert(idempotencyKey)
    .values({ ...claim, createdAt: clock.now() })
    .onConflictDoNothing()
    .returning({ key: idempotencyKey.key });
  const where = and(
    eq(idempotencyKey.userId, claim.userId),
    eq(idempotencyKey.scope, claim.scope),
    eq(idempotencyKey.key, claim.key),
  );
  if (inserted.length === 0) {
    const [stored] = await tx.select().from(idempotencyKey).where(where);
    if (!stored || stored.statusCode === null) {
      // Only possible if a row was written outside a create's transaction.
      throw new AppError('resource.conflict', 'the same Idempotency-Key is still being used');
    }
    if (stored.requestHash !== claim.requestHash) {
      throw new AppError(
        'request.idempotency_key_reused',
        'this Idempotency-Key was used with a different request body; use a new key',
      );
    }
    return { replay: { statusCode: stored.statusCode, body: stored.response } };
  }
  return {
    replay: null,
    async complete(statusCode, body) {
      await tx.update(idempotencyKey).set({ statusCode, response: body }).where(where);
    },
  };
}

/** Marks an answer as a replay, so clients and logs can tell it from a fresh create. */
export function markReplayed(reply: FastifyReply): void {
  void reply.header('idempotent-replayed', 'true');
}
