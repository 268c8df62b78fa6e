import { describe, expect, it } from 'vitest';
import type { Problem } from '@meridian/contracts';
import { ApiError } from '../../../app/api';
import { placeBookingError } from './booking-errors';

function problem(code: Problem['code'], extra: Partial<Problem> = {}): ApiError {
  return new ApiError({ type: 'about:blank', title: code, status: 409, code, ...extra });
}

describe('where the booking dialog shows a refusal', () => {
  it('puts conflicts and working-hour rules beside the chosen time', () => {
    expect(placeBookingError(problem('scheduling.slot_taken'))).toBe('slot');
    expect(placeBookingError(problem('scheduling.patient_busy'))).toBe('slot');
    expect(placeBookingError(problem('scheduling.outside_working_hours'))).toBe('slot');
    expect(placeBookingError(problem('scheduling.in_past'))).toBe('slot');
  });

  it('puts a deceased or merged-away patient beside the patient', () => {
    expect(placeBookingError(problem('scheduling.patient_deceased'))).toBe('patient');
    expect(placeBookingError(problem('patient.merged'))).toBe('patient');
  });

  it('places validation errors by their field path', () => {
    const overbook = problem('validation.failed', {
      errors: [{ path: 'overbook.reason', message: 'is required', rule: 'required' }],
    });
    expect(placeBookingError(overbook)).toBe('overbook');
  });

  it('shows errors about several parts, or none, on top', () => {
    const both = problem('validation.failed', {
      errors: [
        { path: 'patientId', message: 'x', rule: 'x' },
        { path: 'startsAt', message: 'y', rule: 'y' },
      ],
    });
    expect(placeBookingError(both)).toBe('general');
    expect(placeBookingError(problem('access.forbidden'))).toBe('general');
    expect(placeBookingError(new Error('boom'))).toBe('general');
  });
});
