import type {
  LabAmendInput,
  LabCatalogueItem,
  LabCatalogueQuery,
  LabCollectInput,
  LabCriticalAlert,
  LabCriticalQuery,
  LabCumulative,
  LabCumulativeQuery,
  LabOrder,
  LabOrderQuery,
  LabResult,
  LabResultHistory,
  LabResultsInput,
  LabSeries,
  LabSeriesQuery,
  LabWorklistItem,
  LabWorklistQuery,
} from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import type { Platform } from '../../../platform/platform.js';
import { acknowledgeCriticalAlert, listCriticalAlerts } from './critical-alerts.js';
import { getCumulative, getSeries } from './cumulative.js';
import { amendResult, enterResults } from './enter-results.js';
import { cancelOrder, collectSpecimen } from './order-steps.js';
import { placeOrder, type CreateAnswer, type PlaceOrderInput } from './place-order.js';
import {
  getOrder,
  getResultHistory,
  getWorklist,
  listPatientOrders,
  searchLabCatalogue,
} from './read-labs.js';

type Who = Principal | null;
/** If-Match's version when the client sent one. */
type Version = number | undefined;
type Page<T> = { items: T[]; nextCursor: string | null };

/** The lab use cases behind /api/v1/lab-*, one file per group. */
export interface LabService {
  catalogue(q: LabCatalogueQuery): Promise<{ items: LabCatalogueItem[] }>;
  order(
    p: Who,
    input: PlaceOrderInput,
    claim: IdempotencyClaim | null,
  ): Promise<CreateAnswer<LabOrder>>;
  list(p: Who, q: LabOrderQuery): Promise<Page<LabOrder>>;
  get(p: Who, id: string): Promise<LabOrder>;
  collect(p: Who, id: string, v: Version, input: LabCollectInput): Promise<LabOrder>;
  cancel(p: Who, id: string, v: Version, reason: string): Promise<LabOrder>;
  enterResults(p: Who, id: string, v: Version, input: LabResultsInput): Promise<LabOrder>;
  amend(p: Who, resultId: string, v: Version, input: LabAmendInput): Promise<LabResult>;
  history(p: Who, resultId: string): Promise<LabResultHistory>;
  acknowledge(p: Who, alertId: string, note: string | undefined): Promise<LabResult>;
  criticalAlerts(p: Who, q: LabCriticalQuery): Promise<Page<LabCriticalAlert>>;
  worklist(p: Who, q: LabWorklistQuery): Promise<Page<LabWorklistItem>>;
  cumulative(p: Who, patientId: string, q: LabCumulativeQuery): Promise<LabCumulative>;
  series(p: Who, patientId: string, q: LabSeriesQuery): Promise<LabSeries>;
}

export function createLabService(platform: Platform): LabService {
  return {
    catalogue: (q) => searchLabCatalogue(platform, q),
    order: (p, input, claim) => placeOrder(platform, p, input, claim),
    list: (p, q) => listPatientOrders(platform, p, q),
    get: (p, id) => getOrder(platform, p, id),
    collect: (p, id, v, input) => collectSpecimen(platform, p, id, v, input),
    cancel: (p, id, v, reason) => cancelOrder(platform, p, id, v, reason),
    enterResults: (p, id, v, input) => enterResults(platform, p, id, v, input),
    amend: (p, id, v, input) => amendResult(platform, p, id, v, input),
    history: (p, id) => getResultHistory(platform, p, id),
    acknowledge: (p, id, note) => acknowledgeCriticalAlert(platform, p, id, note),
    criticalAlerts: (p, q) => listCriticalAlerts(platform, p, q),
    worklist: (p, q) => getWorklist(platform, p, q),
    cumulative: (p, id, q) => getCumulative(platform, p, id, q),
    series: (p, id, q) => getSeries(platform, p, id, q),
  };
}
