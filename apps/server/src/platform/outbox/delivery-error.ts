/**
 * Why a message could not be delivered, in words safe to store and show: a transport throws
 * a DeliveryError that quotes no message text and says whether trying again can help (a
 * mailbox that does not exist will not start existing). Addresses and numbers in it are
 * redacted again before the outbox stores it, since peers' replies often echo them.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
  }
}

export interface DeliveryFailure {
  /** Single line, at most maxErrorLength characters, contact details redacted. */
  message: string;
  isPermanent: boolean;
}

export const maxErrorLength = 500;

const emailLike = /[^\s<>"'()[\]{},;:@]+@[^\s<>"'()[\]{},;:@]+/g;
// Runs of digits with phone punctuation; only those with 7+ digits are redacted so SMTP
// reply codes such as "550 5.1.1" stay readable.
const numberLike = /\+?\d[\d\s().-]*\d/g;
const controlChars = /\p{Cc}+/gu;

/** What the message says and to whom: none of it may end up in the stored error. */
export interface MessageSecrets {
  recipient: string;
  subject?: string | null;
  body?: string;
}

/**
 * Removes the message's own recipient, subject and text (when a peer echoes them whole),
 * then any e-mail address and phone-like number, from a transport's text.
 */
export function redactContactDetails(text: string, secrets?: MessageSecrets): string {
  let out = text;
  for (const [secret, label] of [
    [secrets?.body, '[text]'],
    [secrets?.subject, '[subject]'],
    [secrets?.recipient, '[recipient]'],
  ] as const) {
    if (secret && secret.trim().length >= 3) out = out.split(secret).join(label);
  }
  out = out.replace(emailLike, '[address]');
  out = out.replace(numberLike, (run) => (run.replace(/\D/g, '').length >= 7 ? '[number]' : run));
  return out.replace(controlChars, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * What to record about a failed send. Errors we did not shape (a bug, a library's own error)
 * are redacted as well and treated as transient: retrying is the safe default.
 */
export function describeDeliveryFailure(err: unknown, secrets: MessageSecrets): DeliveryFailure {
  const isPermanent = err instanceof DeliveryError && err.isPermanent;
  const raw =
    err instanceof DeliveryError
      ? err.message
      : err instanceof Error
        ? `${err.name}: ${err.message}`
        : `unexpected failure: ${String(err)}`;
  const message = redactContactDetails(raw, secrets) || 'delivery failed';
  return {
    message: message.length > maxErrorLength ? `${message.slice(0, maxErrorLength - 1)}…` : message,
    isPermanent,
  };
}
