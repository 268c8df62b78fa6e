import type { EmailMessage, EmailTransport } from '../src/platform/email/email-transport.js';
import type { SmsMessage, SmsProvider } from '../src/platform/sms/sms-provider.js';
import type { DeliveryTransports } from '../src/platform/outbox/outbox-delivery.js';

export interface FakePeerBehaviour {
  /** The first N sends fail with `error()`; later ones succeed. */
  failTimes?: number;
  /** Every send fails. */
  alwaysFail?: boolean;
  error?: () => Error;
  /** Each send takes this long before it answers. */
  delayMs?: number;
  /** Sends never answer until release() (a peer that hangs, or a worker that died). */
  hang?: boolean;
}

/**
 * A fake outside peer (SMTP relay, SMS gateway) implementing our transport interface: it
 * records what it accepted and fails, stalls or hangs as told.
 */
export class FakePeer<TMessage> {
  readonly accepted: TMessage[] = [];
  /** Every send call, accepted or not. */
  readonly calls: TMessage[] = [];
  private failuresLeft: number;
  private readonly hung: (() => void)[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly behaviour: FakePeerBehaviour = {},
  ) {
    this.failuresLeft = behaviour.failTimes ?? 0;
  }

  send = async (message: TMessage): Promise<void> => {
    this.calls.push(message);
    this.notify();
    if (this.behaviour.hang) await new Promise<void>((resolve) => this.hung.push(resolve));
    if (this.behaviour.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, this.behaviour.delayMs));
    }
    if (this.behaviour.alwaysFail || this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw this.behaviour.error?.() ?? new Error('peer unavailable (fake)');
    }
    this.accepted.push(message);
    this.notify();
  };

  /** Lets every hung send answer (successfully, unless told to fail). */
  release(): void {
    for (const resolve of this.hung.splice(0)) resolve();
  }

  /** Resolves once `predicate` holds, checking after every call and acceptance. */
  async waitFor(predicate: (peer: this) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake ${this.name}: condition not met in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export class FakeEmailTransport extends FakePeer<EmailMessage> implements EmailTransport {}
export class FakeSmsProvider extends FakePeer<SmsMessage> implements SmsProvider {}

export function fakeTransports(
  email: FakePeerBehaviour = {},
  sms: FakePeerBehaviour = {},
): DeliveryTransports & { email: FakeEmailTransport; sms: FakeSmsProvider } {
  return {
    email: new FakeEmailTransport('fake-email', email),
    sms: new FakeSmsProvider('fake-sms', sms),
  };
}
