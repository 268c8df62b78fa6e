import type {
  Icd10cmCode,
  Icd10cmSearchResult,
  PatientProblem,
  ProblemHistory,
  ProblemPage,
  ProblemWriteAnswer,
} from '@meridian/contracts';
import type { z } from 'zod';
import type { icd10cmSearchQuery } from '@meridian/contracts';
import type { Principal } from '../../../platform/auth/principal.js';
import type { Platform } from '../../../platform/platform.js';
import { getIcd10cmCode, searchIcd10cm } from './icd10cm-search.js';
import {
  getProblem,
  listProblems,
  problemHistory,
  type ProblemListQuery,
} from './problem-reads.js';
import {
  addProblem,
  markEnteredInError,
  resolveProblem,
  updateProblem,
  type AddInput,
  type ErrorInput,
  type PatchInput,
  type ResolveInput,
} from './problem-writes.js';

type Who = Principal | null;

/** The code set and problem-list use cases behind the routes, one file each. */
export interface ProblemService {
  searchCodes(query: z.output<typeof icd10cmSearchQuery>): Promise<Icd10cmSearchResult>;
  getCode(code: string): Promise<Icd10cmCode>;
  list(p: Who, patientId: string, query: ProblemListQuery): Promise<ProblemPage>;
  get(p: Who, id: string): Promise<PatientProblem>;
  history(p: Who, id: string): Promise<ProblemHistory>;
  add(p: Who, patientId: string, input: AddInput): Promise<ProblemWriteAnswer>;
  update(p: Who, id: string, version: number, patch: PatchInput): Promise<ProblemWriteAnswer>;
  resolve(p: Who, id: string, version: number, input: ResolveInput): Promise<ProblemWriteAnswer>;
  enteredInError(
    p: Who,
    id: string,
    version: number,
    input: ErrorInput,
  ): Promise<ProblemWriteAnswer>;
}

export function createProblemService(platform: Platform): ProblemService {
  return {
    // The code set is reference data, not patient data: no record-level check, no audit.
    searchCodes: (query) => searchIcd10cm(platform.db, query),
    getCode: (code) => getIcd10cmCode(platform.db, code),
    list: (p, patientId, query) => listProblems(platform, p, patientId, query),
    get: (p, id) => getProblem(platform, p, id),
    history: (p, id) => problemHistory(platform, p, id),
    add: (p, patientId, input) => addProblem(platform, p, patientId, input),
    update: (p, id, v, patch) => updateProblem(platform, p, id, v, patch),
    resolve: (p, id, v, input) => resolveProblem(platform, p, id, v, input),
    enteredInError: (p, id, v, input) => markEnteredInError(platform, p, id, v, input),
  };
}
