import PgBoss from 'pg-boss';
import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import type { Platform } from './platform.js';
import { loggerOptions } from './logger.js';
import { pruneIdempotencyKeysJob } from './http/idempotency-pruning.js';
import { createDeliveryTransports, type DeliveryTransports } from './outbox/outbox-delivery.js';
import {
  startOutboxWorker,
  type OutboxWorker,
  type OutboxWorkerOptions,
} from './outbox/outbox-worker.js';

export interface JobContext {
  platform: Platform;
  jobId: string;
  logger: Logger;
}

export interface JobDefinition<TData> {
  /** Queue name, `<module>.<job>` in kebab case, e.g. `scheduling.send-reminders`. */
  name: string;
  /** Checks the job's data before the handler runs: queued jobs outlive deploys. */
  data: z.ZodType<TData>;
  /** Throwing fails the attempt; pg-boss retries it with backoff up to retryLimit. */
  handler(data: TData, ctx: JobContext): Promise<void>;
  /** Cron expression (5 fields, minute granularity) evaluated in scheduleTimeZone. */
  schedule?: string;
  /** IANA zone for the schedule; default UTC. */
  scheduleTimeZone?: string;
  /** Data of the scheduled runs; default `{}`. */
  scheduleData?: TData & object;
  /** Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry (doubling after); default 30. */
  retryDelaySeconds?: number;
  /** An attempt running longer than this is failed and retried; default 15 min. */
  expireInSeconds?: number;
}

interface RegisteredJob {
  name: string;
  schedule: { cron: string; timeZone: string; data: object } | null;
  queue: { retryLimit: number; retryDelay: number; retryBackoff: true; expireInSeconds: number };
  run(data: unknown, ctx: JobContext): Promise<void>;
}

const jobNamePattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * The jobs a process runs. Modules define theirs at import time (top level of a
 * `<module>.jobs.ts` that the module's index.ts imports), so a worker-only process, which
 * builds no HTTP app, still knows them; startWorkers then creates queues, workers and
 * schedules for all of them.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, RegisteredJob>();

  define<TData>(def: JobDefinition<TData>): JobDefinition<TData> {
    if (!jobNamePattern.test(def.name)) {
      throw new Error(`job name ${def.name} must look like module.job-name`);
    }
    if (this.jobs.has(def.name)) throw new Error(`job ${def.name} is defined twice`);
    this.jobs.set(def.name, {
      name: def.name,
      schedule: def.schedule
        ? {
            cron: def.schedule,
            timeZone: def.scheduleTimeZone ?? 'UTC',
            data: def.scheduleData ?? {},
          }
        : null,
      queue: {
        retryLimit: def.retryLimit ?? 3,
        retryDelay: def.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
      },
      run: (data, ctx) => def.handler(def.data.parse(data), ctx),
    });
    return def;
  }

  list(): readonly RegisteredJob[] {
    return [...this.jobs.values()];
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }
}

/** The process-wide registry that startWorkers uses unless told otherwise. */
export const jobRegistry = new JobRegistry();

// The platform's own jobs. Tricky: their files import only types from here (a value import
// would be a cycle that runs them before jobRegistry exists), so they are registered here.
jobRegistry.define(pruneIdempotencyKeysJob);

/** Defines a background job (and optionally its schedule) in the process-wide registry. */
export function defineJob<TData>(def: JobDefinition<TData>): JobDefinition<TData> {
  return jobRegistry.define(def);
}

export interface WorkerOptions {
  registry?: JobRegistry;
  /** Default: SMTP when SMTP_HOST is set, else the message viewer; SMS to the viewer. */
  transports?: DeliveryTransports;
  logger?: Logger;
  outbox?: Omit<OutboxWorkerOptions, 'logger'>;
  /** How often idle job workers look for new jobs; default 2 s (pg-boss's minimum 0.5 s). */
  jobPollingIntervalSeconds?: number;
  /** How long stop() waits for running jobs and sends; default 20 s. */
  stopTimeoutMs?: number;
}

export interface Workers {
  /** Queues a job for any worker process; returns the job id. */
  send(name: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  outbox: OutboxWorker;
  /** Stops taking work and waits (bounded) for running jobs and sends to finish. */
  stop(): Promise<void>;
}

/** pg-boss keeps its tables in their own schema of the application's database. */
export const jobsSchema = 'pgboss';

/**
 * Starts the background workers in this process: pg-boss (installing or upgrading its schema
 * under its own advisory lock, so several instances may start at once) with every registered
 * job and schedule, and outbox delivery.
 */
export async function startWorkers(platform: Platform, opts: WorkerOptions = {}): Promise<Workers> {
  const registry = opts.registry ?? jobRegistry;
  const logger = opts.logger ?? createWorkerLogger(platform.config.LOG_LEVEL);
  const transports = opts.transports ?? createDeliveryTransports(platform.config);
  if (transports.email.name === 'viewer') {
    logger.warn('SMTP_HOST is not set: e-mail is kept in the message viewer, not sent');
  }
  if (transports.sms.name === 'viewer') {
    logger.warn('no SMS gateway is configured: text messages are kept in the message viewer');
  }
  const stopTimeoutMs = opts.stopTimeoutMs ?? 20_000;

  const pool = platform.database.pool;
  const boss = new PgBoss({
    schema: jobsSchema,
    // One pool for the whole process; pg-boss only needs a query function.
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    // Tricky: pg-boss looks for due schedules at this interval but skips a look that comes
    // less than the interval after the last one (by the database's clock), so its default of
    // 30 s often means 60 s; then a look that drifts past a minute's boundary sends that
    // minute and the one before is never sent. Every-minute jobs (reminders, no-shows) lost
    // runs that way. Looking every 10 s (so at least every 20 s) covers every minute.
    cronMonitorIntervalSeconds: 10,
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  let outbox: OutboxWorker;
  try {
    await registerJobs(boss, registry, {
      platform,
      logger,
      pollingIntervalSeconds: opts.jobPollingIntervalSeconds,
    });
    outbox = await startOutboxWorker(platform, transports, { ...opts.outbox, logger });
  } catch (err) {
    await boss.stop({ graceful: false });
    throw err;
  }
  logger.info({ jobs: registry.list().map((j) => j.name) }, 'workers started');

  return {
    send: (name, data, options) => boss.send(name, data, options ?? {}),
    outbox,
    async stop() {
      const started = Date.now();
      await outbox.stop(stopTimeoutMs);
      const left = Math.max(stopTimeoutMs - (Date.now() - started), 1_000);
      await boss.stop({ graceful: true, wait: true, timeout: left });
      logger.info('workers stopped');
    },
  };
}

/** The HTTP server's log settings (redaction, error shape), for a process without one. */
function createWorkerLogger(level: string): Logger {
  const options = loggerOptions(level);
  return pino(typeof options === 'object' ? options : { level }).child({ role: 'worker' });
}

async function registerJobs(
  boss: PgBoss,
  registry: JobRegistry,
  o: { platform: Platform; logger: Logger; pollingIntervalSeconds: number | undefined },
): Promise<void> {
  for (const job of registry.list()) {
    await boss.createQueue(job.name, { name: job.name, ...job.queue });
    // createQueue keeps an existing queue's settings: bring them up to date with the code.
    await boss.updateQueue(job.name, { name: job.name, ...job.queue });
    const jobLogger = o.logger.child({ job: job.name });
    await boss.work(
      job.name,
      o.pollingIntervalSeconds ? { pollingIntervalSeconds: o.pollingIntervalSeconds } : {},
      async (batch) => {
        for (const j of batch) {
          await job.run(j.data, { platform: o.platform, jobId: j.id, logger: jobLogger });
        }
      },
    );
    if (job.schedule) {
      await boss.schedule(job.name, job.schedule.cron, job.schedule.data, {
        tz: job.schedule.timeZone,
      });
    } else {
      await boss.unschedule(job.name);
    }
  }
  // A schedule whose job left the code would queue jobs nobody works on.
  for (const s of await boss.getSchedules()) {
    if (!registry.has(s.name)) await boss.unschedule(s.name);
  }
}
