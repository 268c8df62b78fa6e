import { describe, expect, it } from 'vitest';
import { serializeError } from './logger.js';

describe('error log serialization', () => {
  it('logs a failed query as the database error beneath it, without the parameters', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'user_account_email_unique',
      detail: 'Key (email)=(jane.doe@example.org) already exists.',
    });
    const wrapped = new Error(
      'Failed query: insert into "user_account" values ($1, $2)\nparams: jane.doe@example.org,Jane Doe',
      { cause: pgError },
    );
    const logged = JSON.stringify(serializeError(wrapped));
    expect(logged).toContain('user_account_email_unique');
    expect(logged).toContain('23505');
    expect(logged).not.toContain('jane.doe@example.org');
    expect(logged).not.toContain('Jane Doe');
  });

  it('keeps an ordinary error with its stack', () => {
    const err = new Error('boom');
    const logged = serializeError(err);
    expect(logged.message).toBe('boom');
    expect(logged.stack).toContain('logger.test');
  });
});
