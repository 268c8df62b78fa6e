import nodemailer, { type NodemailerError } from 'nodemailer';
import { DeliveryError } from '../outbox/delivery-error.js';
import type { EmailTransport } from './email-transport.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  /** Overrides for tests; the defaults keep one send well inside the outbox's lease. */
  timeouts?: { connectMs: number; greetingMs: number; socketMs: number };
}

const defaultTimeouts = { connectMs: 30_000, greetingMs: 30_000, socketMs: 60_000 };

/** Sends through an SMTP relay with nodemailer, one connection per message. */
export function createSmtpEmailTransport(settings: SmtpSettings): EmailTransport {
  const timeouts = settings.timeouts ?? defaultTimeouts;
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // Message HTML is ours, but never let a message make the server read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    name: 'smtp',
    async send(message) {
      let rejected: readonly unknown[];
      try {
        const info = await transporter.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
        });
        rejected = info.rejected;
      } catch (err) {
        throw smtpDeliveryError(err);
      }
      if (rejected.length > 0) {
        throw new DeliveryError(
          'SMTP server accepted the message but rejected the recipient',
          true,
        );
      }
    },
  };
}

function isNodemailerError(err: unknown): err is NodemailerError {
  return err instanceof Error && 'code' in err;
}

/**
 * A nodemailer error as a DeliveryError. Permanent only when the server refused this message
 * for good: the recipient (RCPT TO 5xx, or an address nodemailer cannot use) or the content
 * (DATA 5xx). A refused sender, failed sign-in or unreachable server is our configuration or
 * the network: retrying after it is fixed must still deliver the message.
 */
export function smtpDeliveryError(err: unknown): DeliveryError {
  if (!isNodemailerError(err)) {
    return new DeliveryError(
      `SMTP send failed: ${err instanceof Error ? err.message : 'unknown error'}`,
      false,
    );
  }
  const command = err.command ?? 'CONN';
  const code = [err.code, err.originalCode, err.timeoutType].filter(Boolean).join('/');
  const refusedRecipient = err.code === 'EENVELOPE' && (command === 'RCPT TO' || command === 'API');
  const refusedContent = command === 'DATA' || err.code === 'EMESSAGE';
  const isPermanent =
    (refusedRecipient && (err.permanent ?? command === 'API')) ||
    (refusedContent && err.permanent === true);
  // The server's reply says why ("5.1.1 User unknown"); the delivery code redacts addresses.
  const why = err.response ?? err.message;
  return new DeliveryError(`SMTP ${command} failed (${code || 'error'}): ${why}`, isPermanent);
}
