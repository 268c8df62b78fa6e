import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.js';
import { FakeSmsProvider } from '../../../test/fake-transports.js';
import { outboxMessage } from '../outbox/outbox.tables.js';
import { deliverDueMessages, type DeliveryTransports } from '../outbox/outbox-delivery.js';
import { createSmtpEmailTransport, type SmtpSettings } from './smtp-transport.js';

/** What the fake relay received: the envelope and the raw RFC 5322 message. */
interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

/**
 * A real SMTP peer on loopback (the smtp-server package): the relay the hospital would run.
 * It refuses RCPT TO for addresses at unknown.example and defers those at busy.example.
 */
async function startRelay(opts: { requireAuth?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: !opts.requireAuth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.username === 'meridian' && auth.password === 's3cret') {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@unknown.example')) {
        callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), {
            responseCode: 550,
          }),
        );
      } else if (address.address.endsWith('@busy.example')) {
        callback(Object.assign(new Error('4.2.2 mailbox busy'), { responseCode: 452 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let ctx: TestContext;
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  ctx = await createTestContext();
  relay = await startRelay();
});
afterAll(async () => {
  await relay.close();
  await ctx.close();
});
beforeEach(async () => {
  await ctx.platform.db.delete(outboxMessage);
  relay.received.length = 0;
});

const quick = { connectMs: 2_000, greetingMs: 2_000, socketMs: 2_000 };

function transportsFor(settings: Partial<SmtpSettings> = {}): DeliveryTransports {
  return {
    email: createSmtpEmailTransport({
      host: '127.0.0.1',
      port: relay.port,
      secure: false,
      from: 'Meridian <no-reply@hospital.example>',
      timeouts: quick,
      ...settings,
    }),
    sms: new FakeSmsProvider('fake-sms'),
  };
}

async function enqueueEmail(recipient: string): Promise<string> {
  return ctx.platform.db.transaction((tx) =>
    ctx.platform.outbox.enqueue(tx, {
      channel: 'email',
      recipient,
      subject: 'Appointment reminder',
      body: 'Plain text reminder.',
      html: '<p>HTML reminder.</p>',
    }),
  );
}

async function row(id: string) {
  const [r] = await ctx.platform.db.select().from(outboxMessage).where(eq(outboxMessage.id, id));
  if (!r) throw new Error(`no outbox row ${id}`);
  return r;
}

describe('SMTP transport against a real SMTP peer', () => {
  it('delivers the message with text and HTML parts from SMTP_FROM', async () => {
    const id = await enqueueEmail('pat@hospital.example');

    expect(await deliverDueMessages(ctx.platform, transportsFor())).toMatchObject({ sent: 1 });

    expect(await row(id)).toMatchObject({ status: 'sent', transport: 'smtp' });
    expect(relay.received).toHaveLength(1);
    const mail = relay.received[0]!;
    expect(mail.from).toBe('no-reply@hospital.example');
    expect(mail.to).toEqual(['pat@hospital.example']);
    expect(mail.raw).toContain('Subject: Appointment reminder');
    expect(mail.raw).toContain('Plain text reminder.');
    expect(mail.raw).toContain('<p>HTML reminder.</p>');
  });

  it('signs in with SMTP_USER and SMTP_PASSWORD when the relay requires it', async () => {
    const authRelay = await startRelay({ requireAuth: true });
    try {
      const id = await enqueueEmail('pat@hospital.example');
      const good = transportsFor({ port: authRelay.port, user: 'meridian', password: 's3cret' });
      await deliverDueMessages(ctx.platform, good);
      expect(await row(id)).toMatchObject({ status: 'sent' });
      expect(authRelay.received[0]?.user).toBe('meridian');

      // Wrong credentials are our configuration, not the message's fault: it is retried.
      const other = await enqueueEmail('pat@hospital.example');
      const bad = transportsFor({ port: authRelay.port, user: 'meridian', password: 'wrong' });
      await deliverDueMessages(ctx.platform, bad);
      const r = await row(other);
      expect(r.status).toBe('failed');
      expect(r.lastError).toMatch(/EAUTH/);
      expect(r.lastError).not.toContain('wrong');
    } finally {
      await authRelay.close();
    }
  });

  it('gives up at once on a recipient the relay refuses for good, without storing the address', async () => {
    const id = await enqueueEmail('nobody@unknown.example');

    expect(await deliverDueMessages(ctx.platform, transportsFor())).toMatchObject({ dead: 1 });

    const r = await row(id);
    expect(r).toMatchObject({ status: 'dead', attempts: 1 });
    expect(r.lastError).toContain('RCPT TO');
    expect(r.lastError).toContain('550');
    expect(r.lastError).toContain('user unknown');
    expect(r.lastError).not.toContain('nobody@unknown.example');
  });

  it('retries a recipient the relay defers (4xx)', async () => {
    const id = await enqueueEmail('pat@busy.example');

    expect(await deliverDueMessages(ctx.platform, transportsFor())).toMatchObject({ failed: 1 });

    const r = await row(id);
    expect(r.status).toBe('failed');
    expect(r.lastError).toContain('452');
  });

  it('retries when the relay cannot be reached', async () => {
    const closed = await startRelay();
    await closed.close();
    const id = await enqueueEmail('pat@hospital.example');

    await deliverDueMessages(ctx.platform, transportsFor({ port: closed.port }));

    const r = await row(id);
    expect(r.status).toBe('failed');
    expect(r.lastError).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
  });
});
