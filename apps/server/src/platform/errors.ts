import { errorStatus, type ErrorCode, type FieldError } from '@meridian/contracts';

/**
 * The one error type. `code` decides the HTTP status (see contracts' errorStatus);
 * `message` names ids and the rule that failed, never PHI.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      [k: string]: unknown;
    } = {},
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A validation error for one field, shaped like the schema validator's errors. */
export function fieldError(path: string, rule: string, message: string): AppError {
  return new AppError('validation.failed', `${path}: ${message}`, {
    errors: [{ path, rule, message }],
  });
}

export function notFound(entity: string, id: string): AppError {
  return new AppError('resource.not_found', `${entity} ${id} was not found`);
}

/**
 * Database constraint names mapped to codes, so a constraint violation that a race let
 * through still answers with the friendly code. Modules register theirs at load time.
 */
const constraintCodes = new Map<string, { code: ErrorCode; message: string; path?: string }>();

export function registerConstraint(
  name: string,
  code: ErrorCode,
  message: string,
  path?: string,
): void {
  constraintCodes.set(name, { code, message, ...(path ? { path } : {}) });
}

interface PgError {
  code?: string;
  constraint?: string;
}

function isPgError(err: unknown): err is PgError {
  return typeof err === 'object' && err !== null && 'code' in err && 'severity' in err;
}

/** Turns a PostgreSQL error into an AppError when we know what it means, else returns null. */
export function fromDatabaseError(thrown: unknown): AppError | null {
  // Tricky: drizzle wraps the driver's error in a DrizzleQueryError; the pg error is its cause.
  const err =
    !isPgError(thrown) && thrown instanceof Error && isPgError(thrown.cause)
      ? thrown.cause
      : thrown;
  if (!isPgError(err)) return null;
  if (err.constraint) {
    const known = constraintCodes.get(err.constraint);
    if (known) {
      return new AppError(known.code, known.message, {
        ...(known.path
          ? { errors: [{ path: known.path, rule: 'conflict', message: known.message }] }
          : {}),
      });
    }
  }
  // 40001 serialization failure, 40P01 deadlock: the client may simply retry.
  if (err.code === '40001' || err.code === '40P01') {
    return new AppError('resource.conflict', 'a concurrent change conflicted; retry the request');
  }
  if (err.code === '23505') return new AppError('resource.conflict', 'the record already exists');
  return null;
}
