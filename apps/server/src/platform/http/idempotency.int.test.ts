import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../test/factories.js';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { requestHash, startIdempotent, type IdempotencyClaim } from './idempotency.js';

let ctx: TestContext;
let userId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  userId = (await createStaff(ctx.platform)).id;
});
afterAll(() => ctx.close());

const claim = (body: unknown, key = newId()): IdempotencyClaim => ({
  userId,
  scope: 'POST /api/v1/things',
  key,
  requestHash: requestHash(body),
});

/** A create as a route runs it: the key, the work, the stored answer, in one transaction. */
function create(c: IdempotencyClaim, work: () => Promise<unknown> = () => Promise.resolve()) {
  return ctx.platform.db.transaction(async (tx) => {
    const started = await startIdempotent(tx, ctx.platform.clock, c);
    if (started.replay) return { ...started.replay, replayed: true };
    await work();
    const body = { id: newId() };
    await started.complete(201, body);
    return { statusCode: 201, body, replayed: false };
  });
}

const keyRows = (key: string) =>
  ctx.platform.database.pool
    .query('select status_code, response from idempotency_key where key = $1', [key])
    .then((r) => r.rows as unknown[]);

describe('an idempotent create', () => {
  it('stores the answer with the key and replays it for the same body', async () => {
    const c = claim({ a: 1 });
    const first = await create(c);
    const again = await create(claim({ a: 1 }, c.key));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await keyRows(c.key)).toEqual([{ status_code: 201, response: first.body }]);
  });

  it('refuses the key with another body', async () => {
    const c = claim({ a: 1 });
    await create(c);
    await expect(create(claim({ a: 2 }, c.key))).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'request.idempotency_key_reused',
    );
  });

  it('forgets the key when the create fails, so a retry runs again', async () => {
    const c = claim({ a: 1 });
    await expect(create(c, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await keyRows(c.key)).toEqual([]);
    expect(await create(c)).toMatchObject({ replayed: false });
  });

  it('makes a concurrent retry wait for the first and then replay its answer', async () => {
    const c = claim({ a: 1 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstHasKey!: () => void;
    const keyTaken = new Promise<void>((resolve) => (firstHasKey = resolve));
    const first = create(c, () => {
      firstHasKey();
      return held;
    });
    await keyTaken;
    const second = create(c);
    // The second waits on the first's uncommitted key row.
    const early = await Promise.race([second.then(() => 'done'), delay(200).then(() => 'waiting')]);
    expect(early).toBe('waiting');
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toEqual({ ...a, replayed: true });
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
