import { describe, expect, it } from 'vitest';
import {
  DeliveryError,
  describeDeliveryFailure,
  maxErrorLength,
  redactContactDetails,
} from './delivery-error.js';

const message = {
  recipient: 'Pat.Jones@example.org',
  subject: 'Your results',
  body: 'Your HbA1c result is 6.1%.',
};

describe('redactContactDetails', () => {
  it.each([
    ['the recipient itself', '550 <Pat.Jones@example.org> unknown', '550 <[recipient]> unknown'],
    ['any other address', 'relay denied for a.b+c@x.example.com', 'relay denied for [address]'],
    [
      'a phone number with punctuation',
      'number +1 (555) 010-9999 blocked',
      'number [number] blocked',
    ],
    [
      'the whole message text',
      'content "Your HbA1c result is 6.1%." refused',
      'content "[text]" refused',
    ],
    ['the subject', 'subject Your results too long', 'subject [subject] too long'],
  ])('removes %s', (_what, input, expected) => {
    expect(redactContactDetails(input, message)).toBe(expected);
  });

  it('keeps SMTP reply codes, short numbers and loopback addresses readable', () => {
    expect(redactContactDetails('450 4.7.1 try again in 300 s (127.0.0.1:2525)')).toBe(
      '450 4.7.1 try again in 300 s (127.0.0.1:2525)',
    );
  });

  it('turns control characters and line breaks into single spaces', () => {
    expect(redactContactDetails('line one\r\n\tline\u0000two')).toBe('line one line two');
  });
});

describe('describeDeliveryFailure', () => {
  it('keeps a DeliveryError message and its permanence', () => {
    expect(describeDeliveryFailure(new DeliveryError('gone for good', true), message)).toEqual({
      message: 'gone for good',
      isPermanent: true,
    });
  });

  it('treats errors no transport shaped as transient, named by their type', () => {
    expect(describeDeliveryFailure(new TypeError('x is undefined'), message)).toEqual({
      message: 'TypeError: x is undefined',
      isPermanent: false,
    });
    expect(describeDeliveryFailure('weird', message).message).toBe('unexpected failure: weird');
  });

  it('caps the stored text', () => {
    const long = describeDeliveryFailure(new DeliveryError('x'.repeat(2000), false), message);
    expect(long.message).toHaveLength(maxErrorLength);
    expect(long.message.endsWith('…')).toBe(true);
  });
});
