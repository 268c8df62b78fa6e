import type { Config } from '../config.js';
import { viewerTransportName } from '../email/email-transport.js';

export interface SmsMessage {
  /** E.164, e.g. +15551234567. */
  to: string;
  text: string;
}

/**
 * Sends one text message through a gateway. Resolves once the gateway accepted it; rejects
 * with a DeliveryError (outbox/delivery-error.ts) that carries no number and no text.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** Development provider: sends nothing; the message is read in the message viewer. */
export function createViewerSmsProvider(): SmsProvider {
  return { name: viewerTransportName, send: () => Promise.resolve() };
}

/** The configured SMS gateway. No real gateway is integrated yet, so this is the viewer. */
export function createSmsProvider(_config: Config): SmsProvider {
  return createViewerSmsProvider();
}
