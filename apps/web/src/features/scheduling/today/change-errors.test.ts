import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { describeChangeError } from './change-errors';

const refusal = (status: number, code: ErrorCode) =>
  new ApiError({ type: 'about:blank', title: code, status, code });

describe('describeChangeError', () => {
  it('says a check-in is for the visit day only, without asking for a refresh', () => {
    expect(describeChangeError(refusal(409, 'scheduling.not_visit_day'))).toEqual({
      message:
        'Patients can be checked in or taken to a room only on the day of their appointment.',
      isStale: false,
    });
  });

  it('asks for a refresh when the status moved on elsewhere', () => {
    expect(describeChangeError(refusal(409, 'scheduling.invalid_transition')).isStale).toBe(true);
    expect(describeChangeError(refusal(412, 'resource.version_mismatch')).isStale).toBe(true);
  });
});
