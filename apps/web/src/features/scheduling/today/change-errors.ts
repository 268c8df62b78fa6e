import { ApiError } from '../../../app/api';
import { i18next } from '../../../app/i18n';
import { errorMessage } from '../../../ui/errors';

/**
 * Why a status change or cancellation was refused, in the front desk's words. A 409 (the
 * state machine refused: someone moved the appointment elsewhere) and a 412 (stale version)
 * both mean "refresh and look again".
 */
export function describeChangeError(error: unknown): { message: string; isStale: boolean } {
  if (error instanceof ApiError) {
    if (error.code === 'scheduling.invalid_transition') {
      return { message: i18next.t('visits:errors.invalidTransition'), isStale: true };
    }
    if (error.code === 'scheduling.not_visit_day') {
      return { message: i18next.t('visits:errors.notVisitDay'), isStale: false };
    }
    if (error.code === 'resource.version_mismatch' || error.status === 412) {
      return { message: i18next.t('visits:errors.versionMismatch'), isStale: true };
    }
  }
  return { message: errorMessage(error), isStale: false };
}
