// The importer's use cases: bundles from files (the CLI, the demo seed) and a bundle from an
// API body. Patients are registered at the facility given by code.
import type { FhirImportReport } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import { requireFacilityScope } from '../../../platform/auth/facility-scope.js';
import type { DbOrTx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { createOrganizationService } from '../../organization/index.js';
import { importFhirBundle, type FhirImportDeps } from './import-fhir.js';
import { importFhirFiles } from './import-files.js';

export interface FhirImportRequest {
  /** Code of the home facility of registered patients (e.g. MGH); none when left out. */
  facilityCode?: string;
  actorUserId?: string | null;
  /** Run inside this transaction (each patient a savepoint): the demo seed. */
  tx?: DbOrTx;
}

export function createFhirImportService(platform: Platform) {
  const organization = createOrganizationService(platform);

  async function facilityIdOf(db: DbOrTx, code: string | undefined): Promise<string | null> {
    if (code === undefined) return null;
    const wanted = code.trim().toUpperCase();
    const [found] = await organization.findFacilities(db, { codes: [wanted] });
    if (!found) {
      throw new AppError('validation.failed', `no facility has code ${wanted}`, {
        errors: [
          { path: 'facility', rule: 'not_found', message: `no facility has code ${wanted}` },
        ],
      });
    }
    return found.id;
  }

  async function prepare(req: FhirImportRequest) {
    const db = req.tx ?? platform.db;
    const deps: FhirImportDeps = {
      db,
      audit: platform.audit,
      clock: platform.clock,
      encryptor: platform.encryptor,
    };
    const opts = {
      facilityId: await facilityIdOf(db, req.facilityCode),
      actorUserId: req.actorUserId ?? null,
    };
    return { deps, opts };
  }

  return {
    /** A .json/.json.gz file, or every such file of a folder. */
    async importFiles(target: string, req: FhirImportRequest = {}): Promise<FhirImportReport> {
      const { deps, opts } = await prepare(req);
      return (await importFhirFiles(deps, target, opts)).toReport();
    },

    /** One bundle, already parsed. */
    async importBundle(bundle: unknown, req: FhirImportRequest = {}): Promise<FhirImportReport> {
      const { deps, opts } = await prepare(req);
      return (await importFhirBundle(deps, bundle, opts)).toReport();
    },

    /**
     * An API body: patients registered at the named facility, else the session's; a body
     * that is no importable Bundle answers problem+json (per-patient failures are the report's).
     */
    async importForUser(
      principal: Principal,
      bundle: unknown,
      facilityCode: string | undefined,
    ): Promise<FhirImportReport> {
      const facilityId =
        (await facilityIdOf(platform.db, facilityCode)) ?? principal.currentFacilityId;
      if (facilityId) requireFacilityScope(principal, facilityId);
      const deps: FhirImportDeps = {
        db: platform.db,
        audit: platform.audit,
        clock: platform.clock,
        encryptor: platform.encryptor,
      };
      const report = (
        await importFhirBundle(deps, bundle, { facilityId, actorUserId: principal.userId })
      ).toReport();
      if (report.bundlesFailed > 0) {
        const errors = report.failures.map((f) => ({
          path: f.path,
          rule: f.rule,
          message: f.message,
        }));
        throw new AppError('validation.failed', `the body is not an importable Bundle`, { errors });
      }
      return report;
    },
  };
}
export type FhirImportService = ReturnType<typeof createFhirImportService>;
