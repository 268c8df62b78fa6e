import { ApiError } from '../app/api';
import { i18next } from '../app/i18n';
import { formatDuration, formatTime } from './format';

export interface ErrorDescription {
  message: string;
  /** The server's request id for a 5xx, so staff can quote it to support. */
  requestId?: string;
}

const withRetryTime = new Set(['auth.account_locked', 'request.rate_limited']);

/**
 * A message for staff from any thrown value: known problem+json codes have their own wording
 * in common.json (`errorCodes.<code>`), others fall back to the server's detail.
 */
export function describeError(error: unknown): ErrorDescription {
  const t = i18next.t.bind(i18next);
  if (!(error instanceof ApiError)) return { message: t('common:errors.unexpected') };
  const { problem } = error;
  const requestId = problem.status >= 500 ? problem.requestId : undefined;
  const retry = problem.retryAfterSeconds;
  if (withRetryTime.has(problem.code) && retry !== undefined && retry > 0) {
    const message = t(`common:errorCodes.${problem.code}_retry`, {
      time: formatTime(new Date(Date.now() + retry * 1000)),
      duration: formatDuration(retry),
    });
    return { message };
  }
  const key = `common:errorCodes.${problem.code}`;
  if (i18next.exists(key)) return { message: t(key), ...(requestId ? { requestId } : {}) };
  if (problem.status >= 500 || !problem.detail) {
    return { message: t('common:errors.unexpected'), ...(requestId ? { requestId } : {}) };
  }
  return { message: problem.detail };
}

/** Just the message of `describeError`, with the request id appended when there is one. */
export function errorMessage(error: unknown): string {
  const { message, requestId } = describeError(error);
  return requestId ? `${message} ${i18next.t('common:errors.requestId', { requestId })}` : message;
}
