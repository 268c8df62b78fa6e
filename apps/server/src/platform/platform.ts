import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { Database, Db } from './db.js';
import type { Encryptor } from './crypto.js';
import type { AuditRecorder } from './audit/audit.service.js';
import type { SessionService } from './auth/session.service.js';
import type { AccessService } from './auth/access.js';
import type { Outbox } from './outbox/outbox.js';
import { createMergeRegistry, type MergeRegistry } from './patient-merge.js';
import { createCareEpisodeRegistry, type CareEpisodeRegistry } from './care-episodes.js';
import { createAuditRecorder } from './audit/audit.service.js';
import { createSessionService } from './auth/session.service.js';
import { createAccessService } from './auth/access.js';
import { createOutbox } from './outbox/outbox.js';
import { createEncryptor } from './crypto.js';
import { createLinkSigner, type LinkSigner } from './signed-links.js';
import { createLiveHub, type LiveHub } from './live/live-hub.js';

/** The platform services every module is built from. Tests build one per database. */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  encryptor: Encryptor;
  audit: AuditRecorder;
  sessions: SessionService;
  access: AccessService;
  outbox: Outbox;
  /** Signs and checks the links sent to patients (reminders, waitlist offers). */
  links: LinkSigner;
  /** Modules' patient-merge handlers (modules/patients runs the merge). */
  patientMerge: MergeRegistry;
  /** Visits and stays announce their starts and ends here (the clinical record listens). */
  careEpisodes: CareEpisodeRegistry;
  /** This instance's LISTEN connection for live screens (opened while anyone subscribes). */
  live: LiveHub;
}

export function createPlatform(opts: {
  config: Config;
  database: Database;
  clock: Clock;
  encryptionKey: Buffer;
}): Platform {
  const { config, database, clock } = opts;
  const audit = createAuditRecorder(clock);
  return {
    config,
    database,
    db: database.db,
    clock,
    encryptor: createEncryptor(opts.encryptionKey),
    audit,
    sessions: createSessionService(database.pool, clock),
    access: createAccessService({ db: database.db, audit, clock }),
    outbox: createOutbox(clock),
    links: createLinkSigner(opts.encryptionKey, clock),
    patientMerge: createMergeRegistry(),
    careEpisodes: createCareEpisodeRegistry(),
    live: createLiveHub({
      clientConfig: { ...database.pool.options, application_name: 'meridian-live' },
    }),
  };
}
