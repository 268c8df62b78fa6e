import { z } from 'zod';

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const boolFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  /** 32 bytes as base64 or 64 hex characters; generated into DATA_DIR in embedded mode. */
  ENCRYPTION_KEY: z.string().optional(),
  LOG_LEVEL: logLevel.default('info'),
  /** Starts the pg-boss workers in this process (`meridian start --role api` turns it off). */
  WORKERS: boolFlag.default(true),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: boolFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Meridian <no-reply@meridian.local>'),
  /** Seeds demo data on the first embedded start (default on in embedded mode only). */
  DEMO: boolFlag.optional(),
  /** Sign-in attempts allowed per IP per minute on the auth endpoints. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Set when a TLS-terminating proxy forwards the client address. */
  TRUST_PROXY: boolFlag.default(false),
  /** Minutes after a booked or confirmed appointment's start before the job marks a no-show. */
  SCHEDULING_NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** Hours an Idempotency-Key is remembered (a retry after that runs as a new request). */
  IDEMPOTENCY_KEY_RETENTION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** Hours after a discharge during which it may still be undone (a correction). */
  ADMISSIONS_UNDO_DISCHARGE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /** Minutes a critical lab result may wait for a clinician's acknowledgement before escalation. */
  LAB_CRITICAL_ACK_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
});

export type Config = z.infer<typeof envSchema> & {
  /** True when Meridian runs its own PostgreSQL from DATA_DIR. */
  embedded: boolean;
};

/** Parses the environment once; bad configuration fails fast with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return { ...parsed.data, embedded: parsed.data.DATABASE_URL === undefined };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
