import { describe, expect, it } from 'vitest';
import {
  facilityTimeZone,
  instantOfLocal,
  localDateOf,
  localTimeOf,
  startOfLocalDay,
} from './scheduling-format';

describe("times in the facility's zone", () => {
  it("takes the zone of the appointment's facility, else the browser's", () => {
    const facilities = [{ id: 'f1', timeZone: 'Asia/Tokyo' }];
    expect(facilityTimeZone(facilities, 'f1')).toBe('Asia/Tokyo');
    expect(facilityTimeZone(facilities, 'other')).toBe('UTC'); // the test browser's zone
  });

  it('reads the local date and time of an instant', () => {
    expect(localDateOf('2026-03-03T04:30:00Z', 'America/New_York')).toBe('2026-03-02');
    expect(localTimeOf('2026-03-03T04:30:00Z', 'America/New_York')).toBe('23:30');
  });

  it('turns a local date and time back into the instant', () => {
    expect(instantOfLocal('2026-07-01', '09:15', 'Europe/Berlin')).toBe('2026-07-01T07:15:00Z');
  });

  it('moves a time that does not exist (spring forward) on by the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026; it is read as 03:30 EDT.
    expect(instantOfLocal('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00Z');
  });

  it('starts a day at local midnight', () => {
    expect(startOfLocalDay('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00Z');
  });
});
