import { describe, expect, it } from 'vitest';
import { composeReminderMessage, formatVisitTime, reminderLink } from './reminder-message.js';

const facts = {
  startsAt: new Date('2026-01-20T14:30:00Z'),
  timeZone: 'America/New_York',
  practitionerName: 'Dr. Ana <Ruiz>',
  facilityName: 'Northside & Co Clinic',
  link: 'https://hms.example.org/r/abc.def',
};

describe('composeReminderMessage', () => {
  it('writes the e-mail with the local time, the names and the link', () => {
    const m = composeReminderMessage('email', facts);
    expect(m.subject).toBe('Appointment reminder: Tue, Jan 20, 9:30 AM EST');
    expect(m.body).toContain(
      'your appointment with Dr. Ana <Ruiz> at Northside & Co Clinic on Tuesday, January 20, 2026 at 9:30 AM EST.',
    );
    expect(m.body).toContain(facts.link);
    expect(m.html).toContain('Dr. Ana &lt;Ruiz&gt; at Northside &amp; Co Clinic');
    expect(m.html).toContain(`<a href="${facts.link}">`);
  });

  it('writes a short text message in plain GSM spaces', () => {
    const m = composeReminderMessage('sms', facts);
    expect(m).toEqual({
      subject: null,
      body:
        'Reminder: appointment with Dr. Ana <Ruiz> at Northside & Co Clinic, ' +
        'Tue, Jan 20, 9:30 AM EST. Confirm or cancel: https://hms.example.org/r/abc.def',
      html: null,
    });
    expect(m.body).not.toMatch(/[\u202f\u00a0]/);
  });

  it('tells the time of the facility, across a DST change', () => {
    expect(formatVisitTime(new Date('2026-03-09T13:00:00Z'), 'America/New_York')).toBe(
      'Monday, March 9, 2026 at 9:00 AM EDT',
    );
    expect(formatVisitTime(new Date('2026-03-09T13:00:00Z'), 'Europe/Berlin')).toBe(
      'Monday, March 9, 2026 at 2:00 PM GMT+1',
    );
  });
});

describe('reminderLink', () => {
  it('uses the public address without a doubled slash', () => {
    expect(reminderLink({ PUBLIC_URL: 'https://hms.example.org/', PORT: 3000 }, 't.s')).toBe(
      'https://hms.example.org/r/t.s',
    );
  });

  it('falls back to the local server', () => {
    expect(reminderLink({ PORT: 3150 }, 't.s')).toBe('http://localhost:3150/r/t.s');
  });
});
