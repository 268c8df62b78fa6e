import type {
  Flowsheet,
  LatestVitals,
  Spo2ScaleSetting,
  VitalSet,
  VitalSetPage,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import type { Platform } from '../../../platform/platform.js';
import { enterVitalSetInError } from './enter-in-error.js';
import {
  getVitalSet,
  listVitalSets,
  viewFlowsheet,
  viewLatestVitals,
  type FlowsheetQuery,
  type VitalSetQuery,
} from './read-vitals.js';
import { recordVitalSet, type CreateAnswer, type RecordVitalSetBody } from './record-vital-set.js';
import { getSpo2Scale, setSpo2Scale, type SetSpo2ScaleBody } from './spo2-scale.js';

type Who = Principal | null;

/** The vitals use cases behind /api/v1/patients/:id/vital-sets and friends, one file each. */
export interface VitalsService {
  record(
    p: Who,
    patientId: string,
    input: RecordVitalSetBody,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<VitalSet>>;
  list(p: Who, patientId: string, q: VitalSetQuery): Promise<VitalSetPage>;
  get(p: Who, id: string): Promise<VitalSet>;
  enterInError(p: Who, id: string, version: number, reason: string): Promise<VitalSet>;
  flowsheet(p: Who, patientId: string, q: FlowsheetQuery): Promise<Flowsheet>;
  latest(p: Who, patientId: string): Promise<LatestVitals>;
  getScale(p: Who, patientId: string): Promise<Spo2ScaleSetting>;
  setScale(
    p: Who,
    patientId: string,
    version: number,
    input: SetSpo2ScaleBody,
  ): Promise<Spo2ScaleSetting>;
}

export function createVitalsService(platform: Platform): VitalsService {
  return {
    record: (p, patientId, input, claim) => recordVitalSet(platform, p, patientId, input, claim),
    list: (p, patientId, q) => listVitalSets(platform, p, patientId, q),
    get: (p, id) => getVitalSet(platform, p, id),
    enterInError: (p, id, v, reason) => enterVitalSetInError(platform, p, id, v, reason),
    flowsheet: (p, patientId, q) => viewFlowsheet(platform, p, patientId, q),
    latest: (p, patientId) => viewLatestVitals(platform, p, patientId),
    getScale: (p, patientId) => getSpo2Scale(platform, p, patientId),
    setScale: (p, patientId, v, input) => setSpo2Scale(platform, p, patientId, v, input),
  };
}
