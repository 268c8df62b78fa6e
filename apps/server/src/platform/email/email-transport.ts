import type { Config } from '../config.js';
import { createSmtpEmailTransport } from './smtp-transport.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

/**
 * Sends one e-mail. Resolves once the peer accepted it; rejects with a DeliveryError (see
 * outbox/delivery-error.ts) whose message carries no address and no message text.
 */
export interface EmailTransport {
  /** Recorded on the message as the transport that delivered it. */
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
}

/** Transport name of messages kept for the message viewer instead of being sent. */
export const viewerTransportName = 'viewer';

/**
 * Demo and development mode: sends nothing. The outbox marks the message sent by 'viewer',
 * and administrators read it in the message viewer, so sign-in links and reminders can be
 * followed without a mail server.
 */
export function createViewerEmailTransport(): EmailTransport {
  return { name: viewerTransportName, send: () => Promise.resolve() };
}

/** SMTP when SMTP_HOST is set, otherwise the viewer. */
export function createEmailTransport(config: Config): EmailTransport {
  if (!config.SMTP_HOST) return createViewerEmailTransport();
  return createSmtpEmailTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: config.SMTP_FROM,
  });
}
