import type { Stay, StayDetail } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import type { Platform } from '../../../platform/platform.js';
import { admitPatient, type AdmitInput, type CreateAnswer } from './admit-patient.js';
import { arrivePatient, type ArriveInput } from './arrive-patient.js';
import { cancelStay } from './cancel-stay.js';
import { cancelDischargeOrder, orderDischarge } from './discharge-order.js';
import { dischargePatient, type DischargeInput } from './discharge-patient.js';
import { endLeave, startLeave, type LeaveInput, type ReturnInput } from './leave-of-absence.js';
import { getStay, listStays, type StayQuery } from './list-stays.js';
import { swapBeds, type SwapInput } from './swap-beds.js';
import { transferPatient, type TransferInput } from './transfer-patient.js';
import { undoDischarge } from './undo-discharge.js';

type Who = Principal | null;
/** If-Match's version when the client sent one. */
type Version = number | undefined;

/** The stay use cases behind /api/v1/admissions, one file each. */
export interface StayService {
  admit(
    principal: Who,
    input: AdmitInput,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<Stay>>;
  arrive(principal: Who, id: string, v: Version, input: ArriveInput): Promise<Stay>;
  transfer(principal: Who, id: string, v: Version, input: TransferInput): Promise<Stay>;
  swap(principal: Who, input: SwapInput): Promise<Stay[]>;
  startLeave(principal: Who, id: string, v: Version, input: LeaveInput): Promise<Stay>;
  endLeave(principal: Who, id: string, v: Version, input: ReturnInput): Promise<Stay>;
  orderDischarge(
    principal: Who,
    id: string,
    v: Version,
    input: { expectedAt: string },
  ): Promise<Stay>;
  cancelDischargeOrder(principal: Who, id: string, v: Version): Promise<Stay>;
  discharge(principal: Who, id: string, v: Version, input: DischargeInput): Promise<Stay>;
  cancel(principal: Who, id: string, v: Version, reason: string): Promise<Stay>;
  undoDischarge(principal: Who, id: string, v: Version, reason: string): Promise<Stay>;
  list(principal: Who, query: StayQuery): Promise<{ items: Stay[]; nextCursor: string | null }>;
  get(principal: Who, id: string): Promise<StayDetail>;
}

export function createStayService(platform: Platform): StayService {
  return {
    admit: (p, input, claim) => admitPatient(platform, p, input, claim),
    arrive: (p, id, v, input) => arrivePatient(platform, p, id, v, input),
    transfer: (p, id, v, input) => transferPatient(platform, p, id, v, input),
    swap: (p, input) => swapBeds(platform, p, input),
    startLeave: (p, id, v, input) => startLeave(platform, p, id, v, input),
    endLeave: (p, id, v, input) => endLeave(platform, p, id, v, input),
    orderDischarge: (p, id, v, input) => orderDischarge(platform, p, id, v, input),
    cancelDischargeOrder: (p, id, v) => cancelDischargeOrder(platform, p, id, v),
    discharge: (p, id, v, input) => dischargePatient(platform, p, id, v, input),
    cancel: (p, id, v, reason) => cancelStay(platform, p, id, v, reason),
    undoDischarge: (p, id, v, reason) => undoDischarge(platform, p, id, v, reason),
    list: (p, query) => listStays(platform, p, query),
    get: (p, id) => getStay(platform, p, id),
  };
}
