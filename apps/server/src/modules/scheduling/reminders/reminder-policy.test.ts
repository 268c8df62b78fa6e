import { describe, expect, it } from 'vitest';
import { chooseReminderChannel, pickNearestDue, type ContactStanding } from './reminder-policy.js';

const mobile = { kind: 'mobile', number: '+15550100001' };
const home = { kind: 'home', number: '+15550100002' };

function patient(o: Partial<ContactStanding> = {}): ContactStanding {
  return {
    status: 'active',
    deceased: false,
    email: 'pat@example.org',
    preferredContact: null,
    consentSms: true,
    consentEmail: true,
    phones: [mobile],
    ...o,
  };
}

describe('chooseReminderChannel', () => {
  it.each([
    ['SMS when SMS is preferred and consented', { preferredContact: 'sms' }, 'sms'],
    ['e-mail when e-mail is preferred and consented', { preferredContact: 'email' }, 'email'],
    [
      'e-mail when SMS is preferred but not consented',
      { preferredContact: 'sms', consentSms: false },
      'email',
    ],
    [
      'SMS when e-mail is preferred but there is no address',
      { preferredContact: 'email', email: null },
      'sms',
    ],
    [
      'e-mail when SMS is preferred but the only phone is a landline',
      { preferredContact: 'sms', phones: [home] },
      'email',
    ],
    ['e-mail first without a preference', { preferredContact: null }, 'email'],
    ['e-mail first when phone calls are preferred', { preferredContact: 'phone' }, 'email'],
    ['SMS when only SMS is consented', { consentEmail: false }, 'sms'],
  ] as const)('chooses %s', (_story, o, channel) => {
    const choice = chooseReminderChannel(patient(o));
    expect(choice).toMatchObject({ channel });
    expect(choice).toHaveProperty(
      'recipient',
      channel === 'sms' ? mobile.number : 'pat@example.org',
    );
  });

  it('texts the first mobile number, skipping a preferred landline', () => {
    const second = { kind: 'mobile', number: '+15550100003' };
    expect(
      chooseReminderChannel(patient({ consentEmail: false, phones: [home, second, mobile] })),
    ).toEqual({ channel: 'sms', recipient: second.number });
  });

  it.each([
    ['no_consent', { consentSms: false, consentEmail: false }],
    ['no_contact', { consentEmail: false, phones: [home] }],
    ['no_contact', { consentSms: false, email: null }],
    ['patient_deceased', { deceased: true }],
    ['patient_merged', { status: 'merged' }],
  ] as const)('skips with %s', (skip, o) => {
    expect(chooseReminderChannel(patient(o))).toEqual({ skip });
  });
});

describe('pickNearestDue', () => {
  it('sends the rule nearest the visit and supersedes the earlier ones', () => {
    const rules = [
      { id: 'a', hoursBefore: 72 },
      { id: 'b', hoursBefore: 2 },
      { id: 'c', hoursBefore: 24 },
    ];
    expect(pickNearestDue(rules)).toEqual({
      send: { id: 'b', hoursBefore: 2 },
      superseded: [
        { id: 'c', hoursBefore: 24 },
        { id: 'a', hoursBefore: 72 },
      ],
    });
  });

  it('has nothing to send when nothing is due', () => {
    expect(pickNearestDue([])).toBeNull();
  });
});
