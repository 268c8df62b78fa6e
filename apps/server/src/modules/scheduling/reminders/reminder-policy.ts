/**
 * Who gets a reminder, by which channel, and which of several due rules is sent: pure rules,
 * unit-tested without a database.
 */

export type ReminderChannel = 'email' | 'sms';

/** Why a due reminder was recorded without a message (appointment_reminder.skip_reason). */
export type ReminderSkipReason =
  /** Neither SMS nor e-mail is consented to. */
  | 'no_consent'
  /** Consent is given, but there is no mobile number or e-mail address to use it with. */
  | 'no_contact'
  | 'patient_deceased'
  | 'patient_merged'
  /** A rule nearer to the visit was due at the same time and was sent instead. */
  | 'superseded';

export interface ContactStanding {
  status: 'active' | 'inactive' | 'merged';
  deceased: boolean;
  email: string | null;
  preferredContact: string | null;
  consentSms: boolean;
  consentEmail: boolean;
  /** Preferred first. */
  phones: readonly { kind: string; number: string }[];
}

export type ChannelChoice =
  { channel: ReminderChannel; recipient: string } | { skip: ReminderSkipReason };

/**
 * The channel for a patient's reminder: the preferred contact when it is consented to and
 * usable, else the other consented channel. Text messages go to mobile numbers only (a
 * landline cannot receive them). With no preference (or phone/mail), e-mail comes first.
 * Restricted records (VIP, employee, confidential) get reminders like everyone else: the
 * message names no diagnosis and no reason.
 */
export function chooseReminderChannel(p: ContactStanding): ChannelChoice {
  if (p.status === 'merged') return { skip: 'patient_merged' };
  if (p.deceased) return { skip: 'patient_deceased' };
  if (!p.consentSms && !p.consentEmail) return { skip: 'no_consent' };

  const mobile = p.phones.find((phone) => phone.kind === 'mobile');
  const usable: Record<ReminderChannel, string | null> = {
    sms: p.consentSms && mobile ? mobile.number : null,
    email: p.consentEmail && p.email ? p.email : null,
  };
  const order: ReminderChannel[] =
    p.preferredContact === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  for (const channel of order) {
    const recipient = usable[channel];
    if (recipient) return { channel, recipient };
  }
  return { skip: 'no_contact' };
}

export interface DueRule {
  id: string;
  hoursBefore: number;
}

/**
 * Of the rules due for one appointment at once, only the one nearest the visit is sent; the
 * others are recorded as superseded. This covers a booking made late (a visit booked 24 h
 * ahead gets the 24 h reminder, not a 72 h one as well) and a worker that was down for a
 * while (one reminder on its return, not a burst).
 */
export function pickNearestDue<T extends DueRule>(
  due: readonly T[],
): { send: T; superseded: T[] } | null {
  if (due.length === 0) return null;
  const sorted = [...due].sort((a, b) => a.hoursBefore - b.hoursBefore);
  const [send, ...superseded] = sorted as [T, ...T[]];
  return { send, superseded };
}
