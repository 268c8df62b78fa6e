import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** The strong ETag of a row version: `"7"`. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/** Sets the ETag header from the row version and hands the body back, for one-line routes. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, body: T): T {
  void reply.header('etag', versionEtag(body.version));
  return body;
}

const etagPattern = /^"(\d{1,9})"$|^(\d{1,9})$/;

/**
 * The row version an update was based on, from `If-Match`. Missing: 428 (updates must say
 * what they saw). Weak tags and `*` are refused: optimistic locking needs the exact version.
 */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    throw new AppError(
      'resource.precondition_required',
      'send If-Match with the ETag of the version you edited',
    );
  }
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = etagPattern.exec(value);
  const digits = match?.[1] ?? match?.[2];
  if (digits === undefined) {
    throw new AppError('validation.failed', 'If-Match must be one ETag such as "3"', {
      errors: [
        { path: 'headers.if-match', rule: 'invalid_format', message: 'must be an ETag like "3"' },
      ],
    });
  }
  return Number(digits);
}

/** The answer when the row moved on since the client read it. */
export function versionMismatch(entity: string, id: string, current: number): AppError {
  return new AppError(
    'resource.version_mismatch',
    `${entity} ${id} has changed (now version ${current}); reload and apply your edit again`,
    { currentVersion: current },
  );
}
